"""The batch dedup pass over a Parquet dataset folder, timed and checked against SQLite.

Ingests the first N readable articles of a JSON Lines corpus (by default the Reuters-21578
copy in the shared data folder; research use only, never shipped) with the Dask engine
(``--workers`` processes, what ``attache ingest --engine dask`` does) into a temporary
folder, or takes ``--folder``, a folder written before, then times
``attache.dedup.parquet.dedup_parquet`` ``--repeat`` times (what ``attache dedup
--db DIR`` does). With ``--sqlite`` it also codes the same articles into a SQLite store in
the folder's stored order (``coded_at``, then id; the local engine, ``--workers``
processes), times the store's own ``dedup()`` and checks that both give the same copies,
clusters, counts, top dyads and actors and GDELT lines.

    .venv/bin/python benchmarks/parquet_dedup.py --limit 2000 --sqlite
    .venv/bin/python benchmarks/parquet_dedup.py --folder /tmp/reuters-parquet --repeat 3

Prints a JSON object, then a short table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from dask_vs_local import DEFAULT_CORPUS, write_subset

from attache.dedup.parquet import dedup_parquet
from attache.engines.dask import ingest_dask
from attache.engines.local import ParallelCoder
from attache.export import export_events
from attache.ingest import read_inputs
from attache.query import open_events, top_actors, top_dyads
from attache.query.events import CLUSTER
from attache.store import ingest, open_store
from attache.store.parquet import read_table


def answers(path: Path, scratch: Path) -> dict:
    """What must be the same from both: copies, each event's cluster, the counts of the
    clusters of two or more, the top dyads and actors, the GDELT lines (DATEADDED aside)."""
    with open_events(path) as source:
        found = {
            "duplicates": source.read("SELECT id, duplicate_of, duplicate_similarity FROM"
                                      " articles WHERE duplicate_of IS NOT NULL ORDER BY id"),
            "clusters": source.read(f"SELECT e.article_id, e.seq, {CLUSTER} AS cluster_id"
                                    " FROM events AS e ORDER BY e.article_id, e.seq"),
            "counts": source.read("SELECT * FROM event_clusters WHERE num_mentions > 1"
                                  " ORDER BY cluster_id"),
            "top_dyads": top_dyads(source, limit=1000),
            "top_actors": top_actors(source, limit=1000, level="country"),
        }
    export_events(path, scratch, "gdelt")
    with scratch.open(encoding="utf-8") as handle:
        found["gdelt"] = [line.split("\t")[:59] for line in handle]
    return found


def stored_order(folder: Path) -> list[str]:
    rows = read_table(folder, "articles", ["id", "coded_at"]).to_pylist()
    return [row["id"] for row in sorted(rows, key=lambda row: (row["coded_at"], row["id"]))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"JSON Lines corpus (default {DEFAULT_CORPUS})")
    parser.add_argument("--limit", type=int, default=2000, help="articles to use (default 2000)")
    parser.add_argument("--folder", type=Path, help="a Parquet folder written before (no ingest)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (default 3)")
    parser.add_argument("--sqlite", action="store_true",
                        help="code the same articles into SQLite and compare")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="attache-dedup-") as scratch:
        scratch = Path(scratch)
        result: dict = {"benchmark": "parquet_dedup", "cpus": os.cpu_count()}
        subset = scratch / "subset.jsonl"
        if args.folder is None:
            if not args.corpus.exists():
                print(f"corpus not found: {args.corpus} (use --corpus)", file=sys.stderr)
                return 1
            write_subset(args.corpus, args.limit, subset)
            folder = scratch / "parquet"
            started = time.perf_counter()
            ingest_dask([subset], folder, workers=args.workers, partition_size=100)
            result["ingest_dask_s"] = round(time.perf_counter() - started, 3)
        else:
            folder = args.folder
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            report = dedup_parquet(folder)
            runs.append(round(time.perf_counter() - started, 3))
        result.update(folder=str(folder), articles=report.articles, events=report.events,
                      summary=report.line(), pass_s=runs, pass_best_s=min(runs))
        if args.sqlite:
            if args.folder is not None:
                print("--sqlite needs the corpus (no --folder)", file=sys.stderr)
                return 1
            items = {item.id: item for item in read_inputs([subset])}
            database = scratch / "store.sqlite"
            with ParallelCoder(args.workers, batch_size=64) as coder, \
                    open_store(database) as store:
                ingest(store, [items[i] for i in stored_order(folder)], coder, batch_size=64)
                started = time.perf_counter()
                expected = store.dedup()
                result["sqlite_dedup_s"] = round(time.perf_counter() - started, 3)
            linked = answers(folder, scratch / "parquet.gdelt")
            stored = answers(database, scratch / "sqlite.gdelt")
            result["same"] = {name: linked[name] == stored[name] for name in stored}
            result["same"]["summary"] = expected.line() == report.line()
    print(json.dumps(result, indent=2))
    print()
    print(f"{result['summary']}")
    print(f"dedup pass over Parquet: {result['pass_best_s']:.2f} s (best of {args.repeat})")
    if args.sqlite:
        same = all(result["same"].values())
        print(f"SQLite store.dedup(): {result['sqlite_dedup_s']:.2f} s; "
              f"same answers: {'yes' if same else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
