"""Query speed: dyad series, top dyads and top actors on a Parquet dataset (DuckDB) and on a
SQLite store, through the same ``attache.query`` functions.

Takes a dataset folder written by ``benchmarks/synthetic_events.py`` (or an export of a real
store) and, optionally, a SQLite store. The dyads to query are picked from the Parquet data
(untimed): the busiest country pair (prefixes such as ``USA`` -> ``RUS`` match every code of
those countries), the busiest pair of full codes, and rare pairs of full codes with about
200 and about 20 events. Each query runs once untimed (``first_s``: cold footers and caches),
then ``--runs`` times (``--sqlite-runs`` on SQLite, whose full scans are slow at 10 M
events); the median is reported. When both sources are given, each answer from
SQLite is compared with DuckDB's (``same``), which is meaningful when both hold the same
events.

    .venv/bin/python benchmarks/query_speed.py --parquet benchmarks/out/p10m
    .venv/bin/python benchmarks/query_speed.py --parquet benchmarks/out/p2m \
        --sqlite benchmarks/out/p2m.sqlite

Prints a JSON object, then a table: median seconds per query for each source and the ratio
DuckDB/SQLite (below 1: DuckDB is faster).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from attache.query import EventFilter, dyad_series, find_events, open_events, top_actors, top_dyads
from attache.query.sources import EventSource

BAR_SECONDS = 2.0
"""The bar: a monthly dyad series over the whole Parquet dataset within this many seconds."""

Query = Callable[[EventSource], list]


def pick_dyads(source: EventSource) -> dict[str, tuple[str, str]]:
    """The dyads to time, chosen from the data (see the module docstring)."""
    plain = "modality = 'asserted' AND published IS NOT NULL"
    countries = source.read(
        "SELECT source_country AS a, target_country AS b, count(*) AS n FROM events"
        f" WHERE {plain} AND source_country <> target_country"
        " GROUP BY a, b ORDER BY n DESC, a, b LIMIT 1"
    )[0]
    # full codes that are no other code's prefix, so the prefix match is exact
    codes = source.read(
        "SELECT source_code AS a, target_code AS b, count(*) AS n FROM events"
        f" WHERE {plain} AND length(source_code) = 6 AND length(target_code) = 6"
        " GROUP BY a, b"
    )
    busiest = max(codes, key=lambda row: (row["n"], row["a"], row["b"]))

    def near(count: int) -> dict:
        return min(codes, key=lambda row: (abs(row["n"] - count), row["a"], row["b"]))

    return {
        "busy countries": (countries["a"], countries["b"]),
        "busy codes": (busiest["a"], busiest["b"]),
        "rare ~200": (near(200)["a"], near(200)["b"]),
        "rare ~20": (near(20)["a"], near(20)["b"]),
    }


def queries(dyads: dict[str, tuple[str, str]], year: tuple[date, date]) -> dict[str, Query]:
    """Name -> the query, each a call of the public ``attache.query`` API."""
    since, until = year
    a, b = dyads["busy countries"]
    found: dict[str, Query] = {
        f"series {a}->{b} (busy countries)": lambda s: dyad_series(s, a, b),
        f"series {a}<->{b} both directions": lambda s: dyad_series(s, a, b, both_directions=True),
        f"series {a}->{b} one year": lambda s: dyad_series(s, a, b, since=since, until=until),
        f"series {a}->{b} by event date": lambda s: dyad_series(s, a, b, dated_by="event"),
    }
    for label in ("busy codes", "rare ~200", "rare ~20"):
        x, y = dyads[label]
        found[f"series {x}->{y} ({label})"] = lambda s, x=x, y=y: dyad_series(s, x, y)
    x, y = dyads["rare ~200"]
    found[f"find_events {x}->{y} limit 100"] = lambda s: find_events(
        s, EventFilter(source=x, target=y, limit=100)
    )
    found.update(
        {
            "top_dyads 20": lambda s: top_dyads(s, limit=20),
            "top_dyads 20 countries": lambda s: top_dyads(s, limit=20, level="country"),
            "top_dyads 20 one year": lambda s: top_dyads(s, limit=20, since=since, until=until),
            f"top_dyads 20 with {a}": lambda s: top_dyads(s, limit=20, actor=a),
            "top_actors 20": lambda s: top_actors(s, limit=20),
            "top_actors 20 one year": lambda s: top_actors(s, limit=20, since=since, until=until),
        }
    )
    return found


def measure(source: EventSource, query: Query, runs: int) -> tuple[dict, list]:
    started = time.perf_counter()
    answer = query(source)
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        query(source)
        times.append(time.perf_counter() - started)
    return {
        "first_s": round(first, 4),
        "median_s": round(statistics.median(times), 4),
        "min_s": round(min(times), 4),
        "rows": len(answer),
    }, answer


def run_source(
    path: Path, named: dict[str, Query], runs: int, threads: int | None
) -> tuple[dict, dict]:
    started = time.perf_counter()
    source = open_events(path, threads=threads)
    opened = time.perf_counter() - started
    results, answers = {}, {}
    with source:
        events = source.read("SELECT count(*) AS n FROM events")[0]["n"]
        for name, query in named.items():
            results[name], answers[name] = measure(source, query, runs)
            print(f"  {source.kind:<7} {results[name]['median_s']:>8.3f} s  {name}",
                  file=sys.stderr)  # fmt: skip
    return {"path": str(path), "events": int(events), "open_s": round(opened, 4),
            "queries": results}, answers  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parquet", type=Path, required=True, help="the dataset folder")
    parser.add_argument("--sqlite", type=Path, help="a SQLite store to compare with")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument("--sqlite-runs", type=int,
                        help="timed runs per query on SQLite (default: --runs)")  # fmt: skip
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: one per core)")
    parser.add_argument("--year", type=int, default=2022, help="the one-year window (2022)")
    args = parser.parse_args(argv)

    with open_events(args.parquet, threads=args.threads) as source:
        dyads = pick_dyads(source)
    named = queries(dyads, (date(args.year, 1, 1), date(args.year, 12, 31)))
    result: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "sqlite": sqlite3.sqlite_version,
            "duckdb_threads": args.threads or os.cpu_count(),
        },
        "runs": args.runs,
        "dyads": {label: list(pair) for label, pair in dyads.items()},
    }
    result["duckdb"], duck_answers = run_source(args.parquet, named, args.runs, args.threads)
    if args.sqlite:
        sqlite_runs = args.sqlite_runs or args.runs
        result["sqlite"], sqlite_answers = run_source(args.sqlite, named, sqlite_runs, None)
        result["sqlite"]["runs"] = sqlite_runs
        for name in named:
            duck, lite = result["duckdb"]["queries"][name], result["sqlite"]["queries"][name]
            duck["ratio_duckdb_sqlite"] = round(duck["median_s"] / lite["median_s"], 4)
            duck["same"] = duck_answers[name] == sqlite_answers[name]
    series = [
        value["median_s"] for name, value in result["duckdb"]["queries"].items()
        if name.startswith("series") and "by event date" not in name
    ]  # fmt: skip
    result["bar"] = {"seconds": BAR_SECONDS, "slowest_monthly_series_s": max(series),
                     "met": max(series) < BAR_SECONDS}  # fmt: skip
    print(json.dumps(result, indent=2))

    print()
    print(f"DuckDB over {result['duckdb']['events']:,} events (Parquet)", end="")
    if args.sqlite:
        print(f"; SQLite over {result['sqlite']['events']:,} events", end="")
    print(f"; median of {args.runs} runs", end="")
    if args.sqlite and result["sqlite"]["runs"] != args.runs:
        print(f" ({result['sqlite']['runs']} on SQLite)", end="")
    print(", seconds")
    width = max(len(name) for name in named)
    print(f"{'query':<{width}}  {'duckdb':>8}  {'sqlite':>8}  {'ratio':>7}  same  rows")
    for name in named:
        duck = result["duckdb"]["queries"][name]
        lite = result.get("sqlite", {}).get("queries", {}).get(name)
        print(
            f"{name:<{width}}  {duck['median_s']:>8.3f}  "
            + (f"{lite['median_s']:>8.3f}  {duck['ratio_duckdb_sqlite']:>7.3f}  "
               f"{'yes' if duck['same'] else 'NO':<4}  " if lite else f"{'-':>8}  {'-':>7}  -     ")
            + f"{duck['rows']}"
        )  # fmt: skip
    print(f"bar: monthly dyad series < {BAR_SECONDS} s from Parquet: "
          f"{'met' if result['bar']['met'] else 'NOT met'} "
          f"(slowest {result['bar']['slowest_monthly_series_s']:.3f} s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
