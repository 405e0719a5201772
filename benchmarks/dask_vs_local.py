"""Scale-out: the Dask engine against the local engine, same workers, same articles.

Writes the first N readable articles of a JSON Lines corpus (by default the Reuters-21578
copy in the shared data folder; research use only, never shipped) to a temporary file, then
ingests it twice, end to end, each with ``--workers`` processes:

(a) ``local``: ``attache.store.ingest`` with ``attache.engines.local.ParallelCoder`` into
    a SQLite store (what ``attache ingest --workers N --db DB`` does);
(b) ``dask``: ``attache.engines.dask.ingest_dask`` on a fresh ``LocalCluster`` into a
    Parquet folder (what ``attache ingest --engine dask --workers N --out DIR`` does).

Each run happens in a fresh Python process and times the ingest call alone, so both
timings include starting the workers and loading the model (local: once, in the forkserver
the workers are forked from; dask: in each worker), and no run inherits a warm pool. With
``--repeat N`` the two alternate N times (local first, then dask first, ...) into fresh
outputs and the fastest run of each counts (the least disturbed by other load on the
machine); every run's seconds are listed. Prints a JSON object, then a short table with
articles/s and the ratio dask/local (the bar: 0.85).

The Dask partition size matters on a corpus this small: the last task of the run leaves
the other workers idle, so a partition of about ``articles / (workers * 10)`` keeps that
tail short; on a large corpus the default 500 of ``ingest_dask`` costs nothing.

    .venv/bin/python benchmarks/dask_vs_local.py --limit 2000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from importlib import metadata
from itertools import islice
from pathlib import Path

from attache.engines.dask import ingest_dask
from attache.engines.local import ParallelCoder
from attache.ingest import read_inputs, read_jsonl
from attache.ingest.articles import article_record
from attache.model import Article
from attache.store import ingest, open_store

DEFAULT_CORPUS = (Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora"
                  / "reuters21578" / "reuters21578.jsonl")
BAR = 0.85
"""The Dask engine should reach this share of the local engine's articles/s."""


def write_subset(corpus: Path, limit: int, path: Path) -> list[Article]:
    """The first ``limit`` readable articles of ``corpus``, written to ``path``."""
    articles = list(islice((item for item in read_jsonl(corpus) if isinstance(item, Article)),
                           limit))
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
    return articles


def outcome(run: dict, articles: int, words: int) -> dict:
    return {
        "seconds": round(run["seconds"], 3),
        "articles_per_s": round(articles / run["seconds"], 2),
        "words_per_s": round(words / run["seconds"], 1),
        **{name: run[name] for name in ("inserted", "rejected", "events", "events_all")},
    }


def measure(engine: str, subset: Path, out: Path, args: argparse.Namespace) -> dict:
    """Run one engine over ``subset`` into ``out`` in this process; seconds and counts."""
    started = time.perf_counter()
    if engine == "local":
        with ParallelCoder(args.workers, batch_size=args.batch_size) as coder, \
                open_store(out) as store:
            report = ingest(store, read_inputs([subset]), coder, batch_size=args.batch_size)
    else:
        report = ingest_dask([subset], out, workers=args.workers,
                             partition_size=args.partition_size)
    seconds = time.perf_counter() - started
    size = (folder_bytes(out) if out.is_dir()
            else sum(path.stat().st_size for path in out.parent.glob(out.name + "*")))
    return {"seconds": seconds, "bytes": size, **asdict(report)}


def measure_fresh(engine: str, subset: Path, out: Path, args: argparse.Namespace) -> dict:
    """:func:`measure` in a new Python process (no warm pool, cluster or model)."""
    command = [sys.executable, __file__, "--one", engine, "--subset", str(subset),
               "--out", str(out), "--workers", str(args.workers),
               "--batch-size", str(args.batch_size), "--partition-size",
               str(args.partition_size)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"JSON Lines corpus (default {DEFAULT_CORPUS})")
    parser.add_argument("--limit", type=int, default=2000, help="articles to use (default 2000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--batch-size", type=int, default=64,
                        help="articles per local worker batch (default 64)")
    parser.add_argument("--partition-size", type=int, default=100,
                        help="articles per Dask task (default 100)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each engine, alternating; the fastest counts (default 1)")
    parser.add_argument("--one", choices=("local", "dask"), help=argparse.SUPPRESS)
    parser.add_argument("--subset", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:  # one measurement, in this (fresh) process: print it as JSON
        print(json.dumps(measure(args.one, args.subset, args.out, args)))
        return 0
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (use --corpus)", file=sys.stderr)
        return 1

    runs: dict[str, list[dict]] = {"local": [], "dask": []}
    with tempfile.TemporaryDirectory(prefix="attache-bench-") as folder:
        subset = Path(folder) / "subset.jsonl"
        articles = write_subset(args.corpus, args.limit, subset)
        words = sum(len(article.text.split()) for article in articles)
        for run in range(args.repeat):
            for engine in ("local", "dask") if run % 2 == 0 else ("dask", "local"):
                name = f"local-{run}.sqlite" if engine == "local" else f"parquet-{run}"
                result = measure_fresh(engine, subset, Path(folder) / name, args)
                runs[engine].append(result)
                print(f"run {run + 1} {engine}: {result['seconds']:.2f} s", file=sys.stderr)

    best = {engine: min(results, key=lambda result: result["seconds"])
            for engine, results in runs.items()}
    local = {**outcome(best["local"], len(articles), words),
             "store_bytes": best["local"]["bytes"],
             "runs_seconds": [round(result["seconds"], 3) for result in runs["local"]]}
    dask = {**outcome(best["dask"], len(articles), words),
            "parquet_bytes": best["dask"]["bytes"],
            "runs_seconds": [round(result["seconds"], 3) for result in runs["dask"]]}
    ratio = round(dask["articles_per_s"] / local["articles_per_s"], 3)
    result = {
        "benchmark": "dask_vs_local",
        "corpus": str(args.corpus),
        "articles": len(articles),
        "words": words,
        "workers": args.workers,
        "batch_size": args.batch_size,
        "partition_size": args.partition_size,
        "repeat": args.repeat,
        "local": local,
        "dask": dask,
        "ratio_dask_to_local": ratio,
        "bar": BAR,
        "meets_bar": ratio >= BAR,
        "same_counts": all(
            local[name] == dask[name] for name in ("inserted", "rejected", "events_all")
        ),
        "dask_version": metadata.version("dask"),
        "distributed_version": metadata.version("distributed"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    print()
    print(f"{'':<26}{'seconds':>10}{'articles/s':>13}{'words/s':>12}")
    for name, row in ((f"local ({args.workers} processes)", local),
                      (f"dask ({args.workers} workers)", dask)):
        print(f"{name:<26}{row['seconds']:>10.2f}{row['articles_per_s']:>13.1f}"
              f"{row['words_per_s']:>12.0f}")
    verdict = "meets" if result["meets_bar"] else "BELOW"
    print(f"ratio dask/local (articles/s): {ratio:.2f} ({verdict} the bar {BAR})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
