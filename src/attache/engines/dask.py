"""Code articles on a Dask cluster into a Parquet dataset folder.

:func:`ingest_dask` streams the input in partitions of ``partition_size`` items and keeps
at most a few partitions (two per worker) out at a time, so the driver never holds the
corpus. Each partition is one task: the worker codes it with
:func:`attache.engines.worker.code_batch` (one coder per worker process: the workers of the
local cluster are forked with it loaded, those of a cluster of your own load it on their first
task) and writes its Parquet part files itself (:func:`attache.store.parquet.write_results`,
with each article's MinHash band keys, so the costly part of ``attache dedup`` runs here, in
parallel), returning only counts. So the workers must see the output folder at the same path as the
driver (a shared filesystem: local disk for a ``LocalCluster``, NFS/Lustre/a mounted volume
for a real cluster); the input is read by the driver and shipped to the workers.

Articles already in the output folder with the same content hash are skipped (counted as
unchanged), so a run that stopped half way can simply be started again.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import chain
from pathlib import Path

from attache.dedup import DedupSettings
from attache.dedup.parquet import load_settings
from attache.errors import AttacheError, ErrorCode
from attache.ingest import read_inputs
from attache.model import Article, Rejection
from attache.store.loader import IngestReport
from attache.store.parquet import (
    RejectionKey,
    article_key,
    key_article_id,
    prepare,
    read_done_ids,
    read_rejection_keys,
    write_results,
)

Item = Article | Rejection

OnProgress = Callable[[IngestReport, int], None]
"""Called after each finished partition with the running report and the number of input
items that partition (plus any skipped unchanged articles) accounts for."""

_COUNTS = ("inserted", "replaced", "rejected", "events", "events_all", "unreadable")


def code_partition(
    items: list[Item],
    output: str,
    token: str,
    stored_ids: frozenset[str] = frozenset(),
    skip_rejections: frozenset[RejectionKey] = frozenset(),
    settings: DedupSettings | None = None,
    dictionaries: str | None = None,
) -> dict[str, int]:
    """The task each worker runs: code ``items`` and write them under ``output`` as part
    files named after ``token``, band keys computed under ``settings`` (the folder's).
    Returns counts only (the :class:`IngestReport` fields); an article whose id is in
    ``stored_ids`` (stored before with other content) counts as replaced; ``dictionaries``:
    the folder of user dictionaries to code with (seen by the worker at the same path)."""
    from attache.engines.worker import code_batch  # the worker's own, cached coder

    results = code_batch(items, None, dictionaries)
    counts: Counter[str] = Counter()
    for result in results:
        if isinstance(result, Rejection):
            counts["rejected"] += 1
            counts["unreadable"] += result.code == ErrorCode.E013.name
            continue
        counts["replaced" if result.article.id in stored_ids else "inserted"] += 1
        counts["events"] += len(result.plain_events)
        counts["events_all"] += len(result.events)
    published: dict[str, date | None] = {
        item.id: item.published for item in items if isinstance(item, Article)
    }
    write_results(output, results, token, published=published, skip_rejections=skip_rejections,
                  settings=settings)
    return dict(counts)


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator:
    from distributed import Client

    if scheduler is None:
        with _local_cluster(workers) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler)
    except (OSError, ValueError, TypeError) as error:
        raise AttacheError(
            ErrorCode.E011, kind="Dask scheduler", value=scheduler,
            known=f"a reachable scheduler address such as tcp://host:8786 ({error})",
        ) from error
    with client:
        yield client


WORKER_SETTINGS = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}
"""Dask settings of the local cluster's workers, measured on the coder: Dask's
``MALLOC_TRIM_THRESHOLD_=65536`` makes glibc hand memory back after every batch and take it
again (20 times the page faults: about a fifth slower); its statistical profiler samples the
worker's stack every 10 ms. On a cluster of your own, give the workers the same settings in
a Dask configuration file (docs/scale-out.md: "Running on a cluster of your own")."""

PRELOAD = "attache.engines.preload"
"""The module that builds the coder in the forkserver the local cluster's workers fork from."""


@contextmanager
def _local_cluster(workers: int) -> Iterator:
    """A ``LocalCluster`` of ``workers`` single-threaded processes. Where the platform has
    ``forkserver``, the workers are forked from a server that loaded the coder once
    (:mod:`attache.engines.preload`, as the local engine does), so they start with the model
    and share its memory instead of each loading a copy; they also stop at once. If that
    server was already running (a local engine ran first in this process), the workers
    fork from it as it is, and load what they lack on their first task."""
    import dask
    from distributed import LocalCluster
    from distributed.utils import get_mp_context

    forkserver = "forkserver" in multiprocessing.get_all_start_methods()
    settings = {**WORKER_SETTINGS}
    if forkserver:
        settings["distributed.worker.multiprocessing-method"] = "forkserver"
    with dask.config.set(settings):
        if forkserver:
            get_mp_context().set_forkserver_preload(["distributed", PRELOAD])
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            yield cluster


class _Partitions:
    """The input cut into partitions, without the articles already stored."""

    def __init__(self, items: Iterable[Item], size: int, done: set[str],
                 rejections: set[RejectionKey], report: IngestReport) -> None:
        self.items = iter(items)
        self.size = size
        self.done = done
        self.stored_ids = {key_article_id(key) for key in done}
        self.known_rejections = rejections
        self.rejections: dict[str | None, set[RejectionKey]] = defaultdict(set)
        for key in rejections:
            self.rejections[key[0]].add(key)
        self.report = report
        self.skipped = 0

    def __iter__(self) -> Iterator[tuple[list[Item], frozenset[str], frozenset[RejectionKey]]]:
        """Each partition, the ids in it stored before, and the stored rejections of its
        articles and lines (not written again)."""
        while True:
            batch: list[Item] = []
            for item in self.items:
                if isinstance(item, Article):
                    key = article_key(item)
                    if key in self.done:  # stored, or earlier in this input: not coded again
                        self.report.unchanged += 1
                        self.report.skipped += 1
                        self.skipped += 1
                        continue
                    self.done.add(key)
                elif (item.article_id, item.code, item.location) in self.known_rejections:
                    self.report.rejected += 1  # a bad input line already stored as such
                    self.report.unreadable += item.code == ErrorCode.E013.name
                    self.skipped += 1
                    continue
                batch.append(item)
                if len(batch) >= self.size:
                    break
            if not batch:
                return
            ids = {item.id if isinstance(item, Article) else item.article_id for item in batch}
            stored = frozenset(i for i in ids if isinstance(i, str) and i in self.stored_ids)
            known = frozenset(key for i in ids for key in self.rejections.get(i, ()))
            yield batch, stored, known


def ingest_dask(
    paths: Iterable[str | Path],
    output: str | Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = 500,
    on_progress: OnProgress | None = None,
    in_flight: int | None = None,
    dictionaries: str | Path | None = None,
) -> IngestReport:
    """Read ``paths`` (as :func:`attache.ingest.read_inputs` does), code them on Dask and
    write a Parquet dataset folder at ``output`` (see :mod:`attache.store.parquet`).

    With no ``scheduler`` a ``LocalCluster`` of ``workers`` single-threaded processes is
    started for the run and closed after; else the cluster at ``scheduler``
    (``tcp://host:8786``) is used as it is. ``partition_size`` input items make one task;
    at most ``in_flight`` tasks (default: twice ``workers`` or the cluster's threads) are
    out at once. Articles already stored with the same content are not coded again.
    ``dictionaries``: a folder of user dictionaries layered over the shipped ones (the
    workers must see it at the same path, as they see ``output``).
    Raises :class:`AttacheError` E011 on a bad setting, an unreachable scheduler or no
    ``distributed`` installed, E010
    when ``output`` was written by another schema version, and E015 when a task fails
    (the part files written by finished tasks stay: run again to go on).
    """
    for kind, value in (("worker count", workers), ("partition size", partition_size),
                        ("in-flight task count", 1 if in_flight is None else in_flight)):
        if value < 1:
            raise AttacheError(ErrorCode.E011, kind=kind, value=value, known="1 or more")
    if importlib.util.find_spec("distributed") is None:
        raise AttacheError(ErrorCode.E011, kind="engine", value="dask",
                           known="local (install attache[dask] for the Dask engine)")
    output = prepare(Path(output).absolute())
    user_folder = None if dictionaries is None else str(Path(dictionaries).absolute())
    settings = load_settings(output)  # band keys as the folder's next dedup pass reads them
    report = IngestReport()
    partitions = _Partitions(read_inputs(paths), partition_size, read_done_ids(output),
                             read_rejection_keys(output), report)
    batches = iter(partitions)
    first = next(batches, None)
    if first is None:  # everything is stored already: no cluster needed
        if on_progress is not None and partitions.skipped:
            on_progress(report, partitions.skipped)
        return report
    batches = chain([first], batches)
    run = uuid.uuid4().hex[:12]
    with _client(scheduler, workers) as client:
        from distributed import as_completed

        threads = sum(client.nthreads().values()) if scheduler else workers
        limit = in_flight or 2 * max(workers, threads)
        pending = as_completed()
        sizes: dict[str, int] = {}
        submitted = 0

        def submit_next() -> bool:
            nonlocal submitted
            partition = next(batches, None)
            if partition is None:
                return False
            batch, stored, known = partition
            key = f"attache-partition-{run}-{submitted:06d}"
            future = client.submit(code_partition, batch, str(output), f"{run}-{submitted:06d}",
                                   stored, known, settings, user_folder, key=key, pure=False)
            sizes[key] = len(batch)
            submitted += 1
            pending.add(future)
            return True

        while len(sizes) < limit and submit_next():
            pass
        for future in pending:
            try:
                counts = future.result()
            except Exception as error:  # a worker-side failure, re-raised by Dask
                raise AttacheError(
                    ErrorCode.E015, problem=f"Dask task {future.key} failed: {error!r}"
                ) from error
            for name in _COUNTS:
                setattr(report, name, getattr(report, name) + counts.get(name, 0))
            done = sizes.pop(future.key) + partitions.skipped
            partitions.skipped = 0
            future.release()
            submit_next()
            if on_progress is not None:
                on_progress(report, done)
        if partitions.skipped and on_progress is not None:
            on_progress(report, partitions.skipped)
    return report
