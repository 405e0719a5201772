"""Query speed: dyad series, top dyads, actors and places on a Parquet dataset (DuckDB) and
on a SQLite store, through the same ``attache.query`` functions, answered from the
aggregates and, as the baseline measured in the same run, from the events alone.

Takes a dataset folder written by ``benchmarks/synthetic_events.py`` (or an export of a real
store) and, optionally, a SQLite store. A folder whose aggregates are not current gets them
built first (``build_aggregates_s``; what ``attache aggregate`` does). The dyads to query
are picked from the Parquet data (untimed): the busiest country pair (prefixes such as
``USA`` -> ``RUS`` match every code of those countries), the busiest pair of full codes, and
rare pairs of full codes with about 200 and about 20 events. Each query runs once untimed
(``first_s``: cold footers and caches), then ``--runs`` times; the median is reported. The
baseline (``events``: the same functions with ``source.aggregates`` off, so they read the
events as before the aggregates existed) runs ``--baseline-runs`` times (slow on SQLite at
millions of events; 0 skips it); each of its answers is compared with the aggregates'
(``same``). When both sources are given, SQLite's answers are compared with DuckDB's too,
which is meaningful when both hold the same events.

The bars (issue 15): on the Parquet dataset (10 M events) the monthly dyad series and the
top 20 dyads within 0.1 s; on the SQLite store (1 M events) within 0.3 s.

    .venv/bin/python benchmarks/synthetic_events.py --rows 10000000 --out benchmarks/out/p10m
    .venv/bin/python benchmarks/query_speed.py --parquet benchmarks/out/p10m
    .venv/bin/python benchmarks/synthetic_events.py --rows 1000000 --out benchmarks/out/p1m \
        --sqlite benchmarks/out/p1m.sqlite
    .venv/bin/python benchmarks/query_speed.py --parquet benchmarks/out/p1m \
        --sqlite benchmarks/out/p1m.sqlite --baseline-runs 1

Prints a JSON object, then a table: median seconds per query from the aggregates and from
the events, and their ratio (below 1: the aggregates are faster), for each source.
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

from attache.query import (
    EventFilter,
    dyad_series,
    find_events,
    open_events,
    top_actors,
    top_dyads,
    top_places,
)
from attache.query.sources import EventSource
from attache.store.backends import build_parquet_aggregates
from attache.store.parquet import current_aggregates

BARS = {"parquet": 0.1, "sqlite": 0.3}
"""The bars: seconds within which the monthly dyad series and the top 20 dyads answer."""

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
            "top_places 20": lambda s: top_places(s, limit=20),
            "top_dyads 20 days 10 to 20 (partial months)": lambda s: top_dyads(
                s, limit=20, since=date(since.year, 3, 10), until=date(since.year, 5, 20)),
        }
    )
    return found


def in_bar(name: str) -> bool:
    """Whether the query is one the bar names: a monthly dyad series (by publication) or
    the top 20 dyads, over the whole dataset."""
    return (name.startswith("series") and "by event date" not in name
            and "one year" not in name) or name == "top_dyads 20"


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
        "median_s": round(statistics.median(times), 4) if times else None,
        "rows": len(answer),
    }, answer


def run_source(path: Path, named: dict[str, Query], runs: int, baseline_runs: int,
               threads: int | None) -> tuple[dict, dict]:
    """Every query from the aggregates, then (``baseline_runs`` > 0) from the events."""
    started = time.perf_counter()
    source = open_events(path, threads=threads)
    opened = time.perf_counter() - started
    results, answers = {}, {}
    with source:
        assert source.aggregates, f"{path}: no current aggregates"
        events = source.read("SELECT count(*) AS n FROM events")[0]["n"]
        for name, query in named.items():
            result, answers[name] = measure(source, query, runs)
            if baseline_runs:
                source.aggregates = False
                baseline, answer = measure(source, query, baseline_runs - 1)
                source.aggregates = True
                result["events_s"] = baseline["median_s"] or baseline["first_s"]
                result["ratio_aggregates_events"] = round(result["median_s"]
                                                          / result["events_s"], 4)
                result["same"] = answer == answers[name]
            results[name] = result
            print(f"  {source.kind:<7} {result['median_s']:>8.3f} s"
                  f"  (events {result.get('events_s', float('nan')):>8.3f} s)  {name}",
                  file=sys.stderr)  # fmt: skip
    return {"path": str(path), "events": int(events), "open_s": round(opened, 4),
            "queries": results}, answers  # fmt: skip


def _without_articles(rows: list) -> list:
    return [{key: value for key, value in row.items() if key not in ("title", "url")}
            for row in rows]


def bar(kind: str, result: dict) -> dict:
    slowest = max(value["median_s"] for name, value in result["queries"].items()
                  if in_bar(name))
    return {"seconds": BARS[kind], "slowest_s": slowest, "met": slowest <= BARS[kind],
            "events": result["events"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parquet", type=Path, required=True, help="the dataset folder")
    parser.add_argument("--sqlite", type=Path, help="a SQLite store to compare with")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument("--baseline-runs", type=int, default=2,
                        help="runs per query from the events alone (default 2; 0: none)")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: one per core)")
    parser.add_argument("--year", type=int, default=2022, help="the one-year window (2022)")
    args = parser.parse_args(argv)

    result: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": [round(value, 2) for value in os.getloadavg()],
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "sqlite": sqlite3.sqlite_version,
            "duckdb_threads": args.threads or os.cpu_count(),
        },
        "runs": args.runs,
        "baseline_runs": args.baseline_runs,
    }
    if current_aggregates(args.parquet) is None:
        started = time.perf_counter()
        build_parquet_aggregates(args.parquet, threads=args.threads)
        result["build_aggregates_s"] = round(time.perf_counter() - started, 2)
    with open_events(args.parquet, threads=args.threads) as source:
        dyads = pick_dyads(source)
    result["dyads"] = {label: list(pair) for label, pair in dyads.items()}
    named = queries(dyads, (date(args.year, 1, 1), date(args.year, 12, 31)))
    result["duckdb"], duck_answers = run_source(args.parquet, named, args.runs,
                                                args.baseline_runs, args.threads)
    result["bars"] = {"parquet": bar("parquet", result["duckdb"])}
    if args.sqlite:
        result["sqlite"], sqlite_answers = run_source(args.sqlite, named, args.runs,
                                                      args.baseline_runs, None)
        result["bars"]["sqlite"] = bar("sqlite", result["sqlite"])
        for name in named:  # titles and URLs: only where the folder has articles
            result["sqlite"]["queries"][name]["same_as_duckdb"] = (
                _without_articles(duck_answers[name]) == _without_articles(sqlite_answers[name]))
    print(json.dumps(result, indent=2))

    print()
    kinds = [("duckdb", "Parquet/DuckDB")] + ([("sqlite", "SQLite")] if args.sqlite else [])
    width = max(len(name) for name in named)
    for kind, label in kinds:
        print(f"{label} over {result[kind]['events']:,} events; median of {args.runs} runs"
              f" (from the events: {max(args.baseline_runs - 1, 1)}), seconds")
        print(f"{'query':<{width}}  {'aggregates':>10}  {'events':>8}  {'ratio':>7}  same  rows")
        for name in named:
            row = result[kind]["queries"][name]
            events = f"{row['events_s']:>8.3f}  {row['ratio_aggregates_events']:>7.3f}  " \
                f"{'yes' if row['same'] else 'NO':<4}" if "events_s" in row else \
                f"{'-':>8}  {'-':>7}  -   "
            print(f"{name:<{width}}  {row['median_s']:>10.3f}  {events}  {row['rows']}")
        outcome = result["bars"]["parquet" if kind == "duckdb" else "sqlite"]
        print(f"bar: monthly dyad series and top 20 dyads <= {outcome['seconds']} s: "
              f"{'met' if outcome['met'] else 'NOT met'} (slowest {outcome['slowest_s']:.3f} s)")
        print()
    if args.sqlite:
        same = all(row["same_as_duckdb"] for row in result["sqlite"]["queries"].values())
        print(f"SQLite and DuckDB give the same answers: {'yes' if same else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
