"""Ingest throughput: attache end to end against spaCy parsing alone, on the same texts.

Loads the first N articles of a JSON Lines corpus (by default the Reuters-21578 copy in
the shared data folder; research use only, never shipped), then measures in one run:

(a) ``spacy``: ``nlp.pipe`` over the same parse units the coder uses
    (``attache.nlp.parse_units`` paragraphs as ``parser_text`` gives them to the parser),
    with the same loaded model;
(b) ``attache core``: the ingest with actors and events only
    (``Coder(stages=CORE_STAGE_NAMES)``);
(c) ``attache``: the full ingest (quotes, dates, places, quantities, equipment too),
    ``read_inputs`` -> ``Coder.code_stream`` -> ``Store``, into a temporary SQLite file (what
    ``attache ingest`` does, without the progress bar).

With ``--workers N`` (N > 1) each run uses N processes: (a) ``nlp.pipe(...,
n_process=N)``, (b) and (c) the ingest with ``ParallelCoder(N)`` (what ``attache ingest
--workers N`` does), whose pool is started before the clock starts (its start-up is reported
apart, as the model load is for one process).

Prints a JSON object, then a short table with articles/s, words/s, the ratio
attache/spaCy-alone (1.0 would mean attache adds nothing to the parse), the ratio of the
full ingest to the core coder (what the attributes cost), and the peak memory (RSS, and PSS,
which splits pages shared copy-on-write between the processes sharing them) of the parent
and of each child process in each run, sampled every 0.1 s in a thread.

    .venv/bin/python benchmarks/ingest_throughput.py --limit 2000
    .venv/bin/python benchmarks/ingest_throughput.py --limit 2000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import psutil

from attache.engines.local import ParallelCoder
from attache.ingest import read_inputs, read_jsonl
from attache.ingest.articles import article_record
from attache.model import Article
from attache.nlp import load_nlp, parse_units
from attache.nlp.clean import parser_text
from attache.pipeline import CORE_STAGE_NAMES, Coder
from attache.store import ingest, open_store

DEFAULT_CORPUS = (Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora"
                  / "reuters21578" / "reuters21578.jsonl")


def load_articles(path: Path, limit: int) -> list[Article]:
    """The first ``limit`` readable articles of a JSON Lines file."""
    return list(islice((item for item in read_jsonl(path) if isinstance(item, Article)), limit))


class MemorySampler:
    """Peak memory of this process and of every process under it, sampled in a thread.

    ``peaks()`` gives one row per process seen: its role (``parent``, ``forkserver``,
    ``worker``, or multiprocessing's ``resource_tracker``), peak RSS and peak PSS in MB.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.parent = psutil.Process()
        self._rows: dict[int, dict] = {}
        self._total_pss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-sampler", daemon=True)

    def _role(self, process: psutil.Process) -> str:
        if process.pid == self.parent.pid:
            return "parent"
        command = " ".join(process.cmdline())
        if "resource_tracker" in command:
            return "resource_tracker"
        if "forkserver" in command and process.ppid() == self.parent.pid:
            return "forkserver"
        return "worker"

    def _sample(self) -> None:
        total_pss = 0.0
        for process in [self.parent, *self.parent.children(recursive=True)]:
            try:
                info = process.memory_full_info()
                row = self._rows.get(process.pid)
                if row is None:
                    row = self._rows[process.pid] = {"pid": process.pid,
                                                      "role": self._role(process),
                                                      "rss_mb": 0.0, "pss_mb": 0.0}
            except psutil.Error:
                continue
            pss = getattr(info, "pss", info.rss) / 1e6
            row["rss_mb"] = round(max(row["rss_mb"], info.rss / 1e6), 1)
            row["pss_mb"] = round(max(row["pss_mb"], pss), 1)
            total_pss += pss
        self._total_pss = max(self._total_pss, total_pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def peaks(self) -> dict:
        rows = [row for row in self._rows.values() if row["role"] != "resource_tracker"]
        return {"processes": rows, "total_pss_mb": round(self._total_pss, 1)}


@contextmanager
def sampled(memory: dict, name: str):
    """Sample memory while the block runs; store the peaks under ``memory[name]``."""
    with MemorySampler() as sampler:
        yield
    memory[name] = sampler.peaks()


def measure_spacy(nlp, articles: list[Article], batch_size: int, workers: int = 1) -> float:
    """Seconds for ``nlp.pipe`` over every parse unit of every article (on ``workers``
    processes: ``n_process``)."""
    started = time.perf_counter()
    texts = (
        parser_text(article.text, start, end).text
        for article in articles
        for start, end in parse_units(article.text)
    )
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        pass
    return time.perf_counter() - started


def start_pool(coder: ParallelCoder, workers: int) -> float:
    """Start the workers and let each build its coder (a worker takes one batch while it
    loads, so 2N one-article batches reach every worker); seconds taken."""
    started = time.perf_counter()
    warm_up = [Article(f"warm-up-{n}", "The minister met the ambassador in Paris.")
               for n in range(2 * workers)]
    list(coder.code_stream(warm_up, batch_size=1))
    return time.perf_counter() - started


def measure_attache(
    coder: Coder | ParallelCoder, corpus: Path, db: Path, batch_size: int
) -> tuple[float, dict]:
    """Seconds for the full ingest of ``corpus`` into a new store at ``db``."""
    started = time.perf_counter()
    with open_store(db) as store:
        report = ingest(store, read_inputs([corpus]), coder, batch_size=batch_size)
    seconds = time.perf_counter() - started
    return seconds, {
        "inserted": report.inserted,
        "rejected": report.rejected,
        "events": report.events,
        "events_all": report.events_all,
        "store_bytes": db.stat().st_size
        + sum(p.stat().st_size for p in db.parent.glob(db.name + "-*")),
    }


def rates(seconds: float, articles: int, words: int) -> dict:
    return {
        "seconds": round(seconds, 3),
        "articles_per_s": round(articles / seconds, 2),
        "words_per_s": round(words / seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"JSON Lines corpus (default {DEFAULT_CORPUS})",
    )
    parser.add_argument("--limit", type=int, default=2000, help="articles to use (default 2000)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=16,
        help="coder batch size, as in attache ingest (default 16)",
    )
    parser.add_argument(
        "--spacy-batch-size",
        type=int,
        default=256,
        help="nlp.pipe batch size for the spaCy-alone run (default 256)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes per run: n_process for spaCy, ParallelCoder(N) for attache (default 1)",
    )
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (use --corpus)", file=sys.stderr)
        return 1
    if args.workers < 1:
        print("--workers must be 1 or more", file=sys.stderr)
        return 1

    articles = load_articles(args.corpus, args.limit)
    words = sum(len(article.text.split()) for article in articles)
    characters = sum(len(article.text) for article in articles)

    memory: dict[str, dict] = {}
    started = time.perf_counter()
    nlp = load_nlp()
    if args.workers == 1:
        coder = Coder(nlp=nlp)
        core = Coder(dictionaries=coder.dictionaries, nlp=nlp, stages=CORE_STAGE_NAMES)
    setup = time.perf_counter() - started
    for _doc in nlp.pipe(["Warm-up: the model parses one sentence first."]):
        pass
    pool_start: dict[str, float] = {}

    with tempfile.TemporaryDirectory(prefix="attache-bench-") as folder:
        subset = Path(folder) / "subset.jsonl"
        with subset.open("w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
        with sampled(memory, "spacy"):
            spacy_seconds = measure_spacy(nlp, articles, args.spacy_batch_size, args.workers)
        if args.workers == 1:
            with sampled(memory, "attache_core"):
                core_seconds, core_outcome = measure_attache(
                    core, subset, Path(folder) / "core.sqlite", args.batch_size
                )
            with sampled(memory, "attache"):
                attache_seconds, outcome = measure_attache(
                    coder, subset, Path(folder) / "bench.sqlite", args.batch_size
                )
        else:
            with sampled(memory, "attache_core"), ParallelCoder(
                args.workers, args.batch_size, stages=CORE_STAGE_NAMES
            ) as parallel:
                pool_start["attache_core"] = round(start_pool(parallel, args.workers), 3)
                core_seconds, core_outcome = measure_attache(
                    parallel, subset, Path(folder) / "core.sqlite", args.batch_size
                )
            with sampled(memory, "attache"), ParallelCoder(
                args.workers, args.batch_size
            ) as parallel:
                pool_start["attache"] = round(start_pool(parallel, args.workers), 3)
                attache_seconds, outcome = measure_attache(
                    parallel, subset, Path(folder) / "bench.sqlite", args.batch_size
                )

    spacy_rates = rates(spacy_seconds, len(articles), words)
    core_rates = rates(core_seconds, len(articles), words)
    attache_rates = rates(attache_seconds, len(articles), words)
    result = {
        "benchmark": "ingest_throughput",
        "corpus": str(args.corpus),
        "articles": len(articles),
        "words": words,
        "characters": characters,
        "batch_size": args.batch_size,
        "spacy_batch_size": args.spacy_batch_size,
        "workers": args.workers,
        "setup_seconds": round(setup, 3),
        "pool_start_seconds": pool_start,
        "spacy": spacy_rates,
        "attache_core": {**core_rates, **core_outcome},
        "attache": {**attache_rates, **outcome},
        "ratio_attache_to_spacy": round(
            attache_rates["articles_per_s"] / spacy_rates["articles_per_s"], 3
        ),
        "ratio_core_to_spacy": round(
            core_rates["articles_per_s"] / spacy_rates["articles_per_s"], 3
        ),
        "ratio_attache_to_core": round(
            attache_rates["articles_per_s"] / core_rates["articles_per_s"], 3
        ),
        "memory": memory,
        "model": nlp.meta.get("name"),
        "model_version": nlp.meta.get("version"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    print()
    print(f"{'':<14}{'seconds':>10}{'articles/s':>13}{'words/s':>12}")
    for name, row in (("spaCy alone", spacy_rates), ("attache core", core_rates),
                      ("attache", attache_rates)):
        print(
            f"{name:<14}{row['seconds']:>10.2f}{row['articles_per_s']:>13.1f}"
            f"{row['words_per_s']:>12.0f}"
        )
    print(f"ratio attache/spaCy-alone (articles/s): {result['ratio_attache_to_spacy']:.2f}")
    print(f"ratio attache core/spaCy-alone:         {result['ratio_core_to_spacy']:.2f}")
    print(f"ratio attache/attache core:             {result['ratio_attache_to_core']:.2f}")
    print()
    print(f"peak memory, MB (RSS / PSS), {args.workers} worker(s):")
    for name, peaks in memory.items():
        rows = ", ".join(
            f"{row['role']} {row['rss_mb']:.0f}/{row['pss_mb']:.0f}" for row in peaks["processes"]
        )
        print(f"  {name:<13} {rows}; all processes PSS {peaks['total_pss_mb']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
