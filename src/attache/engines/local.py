"""Code articles on local worker processes, with the ``Coder.code_stream`` contract.

:class:`ParallelCoder` cuts the input into batches and codes them on a pool of processes.
The model is loaded once: a forkserver builds the coder and forks the workers from itself,
so they share it (see :data:`START_METHOD`); a worker that needs another coder builds it on
its first batch and keeps it (:func:`attache.engines.worker.worker_coder`). Results come
back in input order. At most ``in_flight`` batches are out at a time and the input is
read only as slots free up, so memory stays flat however long the input is. A worker that
dies (killed, crashed, out of memory) does not stop the run: the batches it took down are
coded again one at a time on a fresh pool, and only a batch that kills a worker again is
reported, as one E015 Rejection per article.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path

from attache.closing import Closing
from attache.engines.worker import code_batch, worker_coder
from attache.errors import AttacheError, ErrorCode
from attache.model import Article, CodedArticle, Rejection

Item = Article | Rejection
Result = CodedArticle | Rejection

START_METHOD = "forkserver"
"""How worker processes start. With ``forkserver`` a small server process is started once; it
builds the coder (:mod:`attache.engines.preload`) and forks every worker from itself, so
the model is loaded once and the workers share its pages copy-on-write; the parent stays
small and none of its threads (progress bar, store) is copied into a worker. ``fork``
loads the coder in the parent and forks from there (unsafe once the parent runs threads);
``spawn`` starts fresh interpreters that each load the model on their first batch."""

MAX_CRASHES_IN_A_ROW = 3
"""Batches in a row whose worker died even when coded alone before the run stops (E015):
one bad article is rejected, but workers that cannot code anything stop the run."""

CRASH_PROBLEM = (
    "a worker process stopped while coding this batch of {size} items "
    "(killed, crashed or out of memory)"
)


class ParallelCoder(Closing):
    """Codes articles on ``workers`` processes; use it like :class:`attache.pipeline.Coder`
    (``code_stream``), and as a context manager so the pool is closed at the end::

        with ParallelCoder(4) as coder:
            report = ingest(store, read_inputs(paths), coder, batch_size=64)

    ``batch_size`` articles go to a worker at a time (``code_stream`` may override it);
    ``in_flight`` batches at most are out at once (default: two per worker, so each worker
    has its next batch queued while the parent writes results). ``workers=1`` codes in this
    process with no pool. ``stages``: the stage names workers code with (default: the
    default list). ``dictionaries``: a folder of user dictionaries the workers code with,
    layered over the shipped ones (default: the shipped set). ``task`` is
    what a worker runs on one batch (default :func:`~attache.engines.worker.code_batch`): a
    picklable module-level function ``(items, stages) -> results``, one per item, that takes
    ``dictionaries=`` too when a folder is given.
    """

    def __init__(
        self,
        workers: int,
        batch_size: int = 64,
        *,
        stages: tuple[str, ...] | None = None,
        dictionaries: str | os.PathLike | None = None,
        in_flight: int | None = None,
        start_method: str = START_METHOD,
        task: Callable[[list[Item], tuple[str, ...] | None], list[Result]] = code_batch,
    ) -> None:
        for kind, value in (("worker count", workers), ("batch size", batch_size),
                            ("in-flight batch count", in_flight if in_flight else 1)):
            if value < 1:
                raise AttacheError(ErrorCode.E011, kind=kind, value=value, known="1 or more")
        methods = multiprocessing.get_all_start_methods()
        if start_method not in methods:
            raise AttacheError(
                ErrorCode.E011, kind="start method", value=start_method, known=", ".join(methods)
            )
        self.workers = workers
        self.batch_size = batch_size
        self.stages = stages
        self._task_options = {"dictionaries": str(Path(dictionaries).absolute())
                              } if dictionaries is not None else {}
        self.in_flight = in_flight or 2 * workers
        self.start_method = start_method
        self.task = task
        self._executor: ProcessPoolExecutor | None = None
        self._crashes_in_a_row = 0

    def close(self) -> None:
        """Shut the worker pool down (waiting for nothing: no batch is out between calls)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (empty before the first batch and for
        ``workers=1``); for monitoring, such as the benchmark's memory sampler."""
        processes = getattr(self._executor, "_processes", None) or {}
        return [process.pid for process in list(processes.values()) if process.pid]

    # -- coding ------------------------------------------------------------------------

    def code_stream(
        self, items: Iterable[Item], batch_size: int | None = None
    ) -> Iterator[Result]:
        """Code many articles in batches on the workers; order is kept, Rejections pass
        through, an article that fails becomes a Rejection, and a batch whose worker dies
        twice becomes E015 Rejections."""
        size = batch_size or self.batch_size
        iterator = iter(items)
        if self.workers == 1:
            while batch := list(islice(iterator, size)):
                yield from self.task(batch, self.stages, **self._task_options)
            return
        pending: deque[list] = deque()  # [batch, Future or its results], oldest first
        done = False
        try:
            while batch := list(islice(iterator, size)):
                pending.append([batch, self._submit(batch)])
                while len(pending) >= self.in_flight:
                    yield from self._next_results(pending)
            while pending:
                yield from self._next_results(pending)
            done = True
        finally:
            if not done:  # the consumer stopped early or something failed: drop the rest
                self._abandon(pending)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context(self.start_method)
            if self.start_method == "forkserver":
                context.set_forkserver_preload(["attache.engines.preload"])
            elif self.start_method == "fork" and self.task is code_batch:
                worker_coder(self.stages, **self._task_options)  # children share it
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start_worker
            )
        return self._executor

    def _submit(self, batch: list[Item]) -> Future:
        try:
            return self._pool().submit(self.task, batch, self.stages, **self._task_options)
        except BrokenProcessPool as error:
            # A worker died since the last batch went out (killed, out of memory): hand the
            # batch back as failed, so it is coded again like the batches that died with it.
            failed: Future = Future()
            failed.set_exception(error)
            return failed

    def _next_results(self, pending: deque[list]) -> list[Result]:
        batch, outcome = pending.popleft()
        if not isinstance(outcome, Future):
            return outcome
        try:
            return outcome.result()
        except BrokenProcessPool:
            pass
        # A worker died and took every unfinished batch with it. Code those again one at a
        # time on a fresh pool, so that only a batch that kills a worker again is rejected.
        wait_for([entry[1] for entry in pending if isinstance(entry[1], Future)])
        self._discard_pool()
        results = self._code_alone(batch)
        for entry in pending:
            future = entry[1]
            if isinstance(future, Future):
                failed = future.cancelled() or future.exception() is not None
                entry[1] = self._code_alone(entry[0]) if failed else future.result()
        return results

    def _code_alone(self, batch: list[Item]) -> list[Result]:
        try:
            results = self._submit(batch).result()
        except BrokenProcessPool:
            self._discard_pool()
            self._crashes_in_a_row += 1
            if self._crashes_in_a_row >= MAX_CRASHES_IN_A_ROW:
                problem = f"worker processes died on {self._crashes_in_a_row} batches in a row"
                raise AttacheError(ErrorCode.E015, problem=problem) from None
            message = ErrorCode.E015.value.format(problem=CRASH_PROBLEM.format(size=len(batch)))
            return [
                item if isinstance(item, Rejection)
                else Rejection(item.id, ErrorCode.E015.name, message)
                for item in batch
            ]
        self._crashes_in_a_row = 0
        return results

    def _discard_pool(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _abandon(self, pending: deque[list]) -> None:
        """Stop now: cancel queued batches and end the workers still coding (an interrupt
        or an error should not wait for results nobody will read)."""
        running = False
        for _batch, outcome in pending:
            if isinstance(outcome, Future) and not outcome.cancel() and not outcome.done():
                running = True
        pending.clear()
        if self._executor is None:
            return
        if running:
            for pid in self.worker_pids():
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        self._discard_pool()


def _start_worker() -> None:
    """Run in each worker as it starts: leave Ctrl-C to the parent (which stops the pool),
    and exit when the parent is gone, so a killed run leaves no orphaned workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(
            target=_exit_with_parent, args=(parent.sentinel,), name="attache-parent-watch",
            daemon=True,
        ).start()


def _exit_with_parent(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)
