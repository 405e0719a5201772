"""Analytics over both sources: a SQLite store and the same events as a Parquet dataset
(hive-partitioned by publication month) must give identical answers."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import defaultdict
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from attache.errors import AttacheError
from attache.query import (
    EventFilter,
    dyad_series,
    find_events,
    open_events,
    top_actors,
    top_dyads,
)
from attache.query.analytics import SERIES_COLUMNS

ARROW_TYPES = {"TEXT": pa.string(), "INTEGER": pa.int64(), "REAL": pa.float64()}

ARTICLES = [
    # (id, published, events as (source, cameo, target, modality))
    ("m1", date(2020, 1, 1), [("RUSMIL", "190", "UKRMIL", "asserted"),
                              ("USAGOV", "122", "RUSGOV", "asserted")]),
    ("m2", date(2020, 1, 20), [("RUSGOV", "0431", "UKRGOV", "asserted"),
                               ("UKRGOV", "111", "RUSGOV", "asserted")]),
    ("m3", date(2020, 2, 3), [("RUS", "190", "UKR", "asserted"),
                              ("RUSMIL", "193", "UKRMIL", "asserted"),
                              ("RUS", "190", "UKR", "negated")]),
    ("m4", date(2020, 3, 10), [("UKR", "190", "RUS", "asserted"),
                               ("CHN", "061", "RUS", "asserted"),
                               ("RUS", "036", "CHN", "hypothetical")]),
    ("m5", None, [("RUSMIL", "190", "UKRMIL", "asserted")]),
    ("m6", date(2021, 6, 1), [("RUS", "173", "USA", "asserted"),
                              ("USA", "1831", None, "asserted")]),
]  # fmt: skip

OTHER_STORY = {
    "m5": "Russian jets struck a convoy outside Izium before dawn. Two drivers were killed.",
}
"""Texts of articles that are not the default story. The others all carry make_coded's text
(so the store links them as copies of m1), but no two of their events have the same actors,
code and day: every event is its own cluster, events equal mentions, and the Parquet
datasets (where nothing is linked) give the same answers as the store."""


def coded_articles(make_coded) -> list:
    """:data:`ARTICLES` as hand-built coded articles."""
    return [
        make_coded(article_id, published=published, events=events,
                   **({"text": OTHER_STORY[article_id]} if article_id in OTHER_STORY else {}))
        for article_id, published, events in ARTICLES
    ]


def export_parquet(
    sqlite_path: Path,
    folder: Path,
    tables: tuple[str, ...] = ("events", "articles"),
    types: dict[str, pa.DataType] | None = None,
) -> Path:
    """Write ``tables`` of a store as hive-partitioned Parquet datasets under ``folder``:
    ``<table>/month=YYYY-MM/part-0.parquet`` (``month=unknown`` without a date), with the
    columns of the SQLite table (from ``PRAGMA table_info``). ``types`` overrides the
    Arrow type of named columns (values are converted from their SQLite form)."""
    types = types or {}
    connection = sqlite3.connect(sqlite_path)
    try:
        for table in tables:
            info = connection.execute(f"PRAGMA table_info({table})").fetchall()
            names = [row[1] for row in info]
            schema = pa.schema(
                [(name, types.get(name, ARROW_TYPES[kind])) for _, name, kind, *_ in info]
            )
            quoted = ", ".join(f'"{name}"' for name in names)
            rows = connection.execute(f"SELECT {quoted} FROM {table}").fetchall()
            by_month: dict[str, list[tuple]] = defaultdict(list)
            for row in rows:
                published = row[names.index("published")]
                by_month[published[:7] if published else "unknown"].append(row)
            for month, month_rows in by_month.items():
                columns = {
                    name: [_convert(row[i], schema.field(name).type) for row in month_rows]
                    for i, name in enumerate(names)
                }
                part = folder / table / f"month={month}"
                part.mkdir(parents=True)
                pq.write_table(pa.table(columns, schema=schema), part / "part-0.parquet")
    finally:
        connection.close()
    return folder


def _convert(value, arrow_type):
    if value is None:
        return None
    if arrow_type == pa.date32():
        return date.fromisoformat(value)
    if arrow_type == pa.bool_():
        return bool(value)
    return value


@pytest.fixture
def sqlite_path(store, make_coded) -> Path:
    for coded in coded_articles(make_coded):
        store.write(coded)
    return store.path


@pytest.fixture
def parquet_path(sqlite_path, tmp_path) -> Path:
    return export_parquet(sqlite_path, tmp_path / "dataset")


QUERIES = {
    "series RUS->UKR": lambda s: dyad_series(s, "RUS", "UKR"),
    "series both": lambda s: dyad_series(s, "RUS", "UKR", both_directions=True),
    "series by year": lambda s: dyad_series(s, "RUS", "UKR", by="year", both_directions=True),
    "series by day": lambda s: dyad_series(s, "rus", "ukr", by="day"),
    "series bounded": lambda s: dyad_series(
        s, "RUS", "UKR", since=date(2020, 1, 2), until=date(2020, 2, 29)
    ),
    "series by event date": lambda s: dyad_series(s, "RUS", "UKR", dated_by="event"),
    "series exact codes": lambda s: dyad_series(s, "RUSMIL", "UKRMIL"),
    "series none": lambda s: dyad_series(s, "CHN", "USA"),
    "top dyads": lambda s: top_dyads(s),
    "top dyads countries": lambda s: top_dyads(s, level="country", limit=3),
    "top dyads of USA": lambda s: top_dyads(s, actor="USA"),
    "top dyads 2020": lambda s: top_dyads(s, since=date(2020, 1, 1), until=date(2020, 12, 31)),
    "top dyads by event date": lambda s: top_dyads(s, dated_by="event"),
    "top actors": lambda s: top_actors(s),
    "top actors countries": lambda s: top_actors(s, level="country"),
    "top sources": lambda s: top_actors(s, side="source", limit=2),
    "top targets 2020-02": lambda s: top_actors(
        s, side="target", since=date(2020, 2, 1), until=date(2020, 2, 29)
    ),
    "events": lambda s: find_events(s),
    "events RUS": lambda s: find_events(s, EventFilter(actor="RUS", limit=4)),
    "events all modalities": lambda s: find_events(s, EventFilter(modality=None)),
    "events code 19 since": lambda s: find_events(
        s, EventFilter(code="19", since=date(2020, 2, 1))
    ),
}


@pytest.mark.parametrize("name", QUERIES)
def test_sqlite_and_parquet_give_identical_answers(sqlite_path, parquet_path, name):
    query = QUERIES[name]
    with open_events(sqlite_path) as sqlite_source, open_events(parquet_path) as parquet_source:
        assert (sqlite_source.kind, parquet_source.kind) == ("sqlite", "parquet")
        assert query(parquet_source) == query(sqlite_source)


def test_dyad_series_counts(sqlite_path):
    with open_events(sqlite_path) as source:
        rows = dyad_series(source, "RUS", "UKR")
        assert [list(row) for row in rows] == [list(SERIES_COLUMNS)] * 2
        assert rows == [
            # m1 RUSMIL 190 UKRMIL, m2 RUSGOV 0431 UKRGOV; m5 has no date; m3's negated skipped
            {"period": "2020-01", "events": 2, "mentions": 2, "mean_goldstein": -4.25,
             "quad1": 1, "quad2": 0, "quad3": 0, "quad4": 1},
            {"period": "2020-02", "events": 2, "mentions": 2, "mean_goldstein": -10.0,
             "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 2},
        ]  # fmt: skip
        both = dyad_series(source, "RUS", "UKR", both_directions=True)
        assert [(row["period"], row["events"]) for row in both] == [
            ("2020-01", 3),
            ("2020-02", 2),
            ("2020-03", 1),
        ]
        by_event = dyad_series(source, "RUS", "UKR", dated_by="event")
        # make_coded dates every first event 2020-01-06: m3's first (RUS 190 UKR) moves to
        # January, and m5's (no publication date) counts there too
        assert [(row["period"], row["events"]) for row in by_event] == [
            ("2020-01", 4),
            ("2020-02", 1),
        ]


def test_top_dyads_and_actors(sqlite_path):
    with open_events(sqlite_path) as source:
        # RUSMIL -> UKRMIL in m1 and m3 (m5 has no date); then ties in code order
        assert top_dyads(source, limit=2) == [
            {"source": "RUSMIL", "target": "UKRMIL", "events": 2, "mentions": 2,
             "mean_goldstein": -10.0},
            {"source": "CHN", "target": "RUS", "events": 1, "mentions": 1,
             "mean_goldstein": 1.5},
        ]  # fmt: skip
        assert top_dyads(source, level="country", limit=1) == [
            {"source": "RUS", "target": "UKR", "events": 4, "mentions": 4,
             "mean_goldstein": -7.125}
        ]  # fmt: skip
        assert top_actors(source, limit=3) == [
            {"actor": "RUS", "events": 4, "mentions": 4},
            {"actor": "RUSGOV", "events": 3, "mentions": 3},
            {"actor": "RUSMIL", "events": 2, "mentions": 2},
        ]
        assert top_actors(source, level="country", limit=1) == [
            {"actor": "RUS", "events": 9, "mentions": 9}
        ]
        assert top_dyads(source, limit=0) == []


def test_find_events_on_parquet_without_articles(sqlite_path, tmp_path):
    folder = export_parquet(sqlite_path, tmp_path / "events-only", tables=("events",))
    with open_events(folder) as source:
        rows = find_events(source, EventFilter(actor="RUS"))
    with open_events(sqlite_path) as source:
        expected = find_events(source, EventFilter(actor="RUS"))
    assert [row["title"] for row in rows] == [None] * len(expected)
    strip = [{**row, "title": None, "url": None} for row in expected]
    assert rows == strip


def test_date_and_boolean_typed_parquet_reads_like_sqlite(sqlite_path, tmp_path):
    folder = export_parquet(
        sqlite_path,
        tmp_path / "typed",
        tables=("events",),
        types={"published": pa.date32(), "background": pa.bool_()},
    )
    with open_events(folder) as parquet_source, open_events(sqlite_path) as sqlite_source:
        for query in ("series both", "top dyads 2020", "top actors"):
            assert QUERIES[query](parquet_source) == QUERIES[query](sqlite_source)
        sql = "SELECT published, background FROM events ORDER BY article_id, seq"
        assert parquet_source.read(sql) == sqlite_source.read(sql)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: dyad_series(s, "RUS", "UKR", by="week"),
        lambda s: dyad_series(s, "RUS", "UKR", dated_by="story"),
        lambda s: dyad_series(s, "", "UKR"),
        lambda s: top_dyads(s, limit=-1),
        lambda s: top_dyads(s, level="region"),
        lambda s: top_actors(s, side="both"),
    ],
)
def test_bad_arguments_are_e011(sqlite_path, call):
    with open_events(sqlite_path) as source, pytest.raises(AttacheError) as caught:
        call(source)
    assert caught.value.code.name == "E011"


def test_open_events_errors(tmp_path):
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("hello", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    for path in (tmp_path / "missing.sqlite", tmp_path / "empty", not_a_store):
        with pytest.raises(AttacheError) as caught:
            open_events(path)
        assert caught.value.code.name == "E013", path
    assert not (tmp_path / "missing.sqlite").exists()


def test_injection_attempts_match_nothing(sqlite_path, parquet_path):
    for path in (sqlite_path, parquet_path):
        with open_events(path) as source:
            assert dyad_series(source, "'; DROP TABLE events; --", "UKR") == []
            assert top_dyads(source, actor="' OR 1=1 --") == []


def test_folder_with_a_quote_in_its_name(sqlite_path, tmp_path):
    folder = export_parquet(sqlite_path, tmp_path / "it's here", tables=("events",))
    with open_events(folder) as source:
        assert top_actors(source, limit=1) == [{"actor": "RUS", "events": 4, "mentions": 4}]


# -- the command line ---------------------------------------------------------------------


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_series_on_both_sources(run_cli, sqlite_path, parquet_path):
    args = ("series", "--source", "RUS", "--target", "UKR", "--both-directions", "--format")
    from_sqlite = _json(run_cli(*args, "json", "--db", sqlite_path))
    from_parquet = _json(run_cli(*args, "json", "--db", parquet_path))
    assert from_sqlite == from_parquet
    assert [row["events"] for row in from_parquet] == [3, 2, 1]
    table = run_cli(*args, "table", "--db", parquet_path, "--since", "2020-02-01")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == list(SERIES_COLUMNS)
    assert lines[1].split()[:2] == ["2020-02", "2"] and len(lines) == 3
    note, count = table.stderr.strip().splitlines()
    assert "has no current aggregates" in note and count == "2 periods"
    built = run_cli("aggregate", "--db", parquet_path)
    assert built.returncode == 0 and built.stderr.startswith("aggregated "), built.stderr
    again = run_cli(*args, "table", "--db", parquet_path, "--since", "2020-02-01")
    assert again.stderr.strip() == "2 periods" and again.stdout == table.stdout
    by_year = _json(run_cli("series", "--db", parquet_path, "--source", "RUS", "--target",
                            "UKR", "--by", "year", "--dated-by", "event", "--format", "json"))
    assert by_year == [{"period": "2020", "events": 5, "mentions": 5, "mean_goldstein": -7.7,
                        "quad1": 1, "quad2": 0, "quad3": 0, "quad4": 4}]  # fmt: skip


def test_cli_top(run_cli, sqlite_path, parquet_path):
    for kind in ("dyads", "actors"):
        args = ("top", kind, "--limit", "3", "--level", "country", "--format", "json")
        assert _json(run_cli(*args, "--db", sqlite_path)) == _json(
            run_cli(*args, "--db", parquet_path)
        )
    dyads = _json(run_cli("top", "dyads", "--db", parquet_path, "--actor", "USA",
                          "--until", "2020-12-31", "--format", "json"))  # fmt: skip
    assert dyads == [{"source": "USAGOV", "target": "RUSGOV", "events": 1, "mentions": 1,
                      "mean_goldstein": 1.5}]  # fmt: skip
    actors = run_cli("top", "actors", "--db", parquet_path, "--side", "target", "--format", "csv")
    assert actors.returncode == 0, actors.stderr
    rows = list(csv.DictReader(io.StringIO(actors.stdout)))
    assert rows[0] == {"actor": "RUS", "events": "2", "mentions": "2"}


def test_cli_events_reads_a_parquet_folder(run_cli, sqlite_path, parquet_path):
    args = ("events", "--actor", "RUS", "--format", "json")
    assert _json(run_cli(*args, "--db", parquet_path)) == _json(
        run_cli(*args, "--db", sqlite_path)
    )
    table = run_cli("events", "--db", parquet_path, "--limit", "2")
    assert table.returncode == 0 and table.stderr.strip() == "2 events"


def test_cli_errors(run_cli, tmp_path, sqlite_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("top", "dyads", "--db", tmp_path / "empty")
    assert result.returncode == 1 and "[E013]" in result.stderr and result.stdout == ""
    result = run_cli("top", "dyads", "--db", sqlite_path, "--limit", "-1")
    assert result.returncode == 2 and "--limit: must be 1 or more" in result.stderr
    result = run_cli("series", "--db", sqlite_path, "--source", "RUS", "--target", "UKR",
                     "--since", "2020-13-01")  # fmt: skip
    assert result.returncode == 1 and "[E009]" in result.stderr


def test_a_dataset_written_by_the_parquet_store_reads_like_sqlite(store, make_coded, tmp_path):
    parquet_store = pytest.importorskip("attache.store.parquet")
    coded = coded_articles(make_coded)
    for one in coded:
        store.write(one)
    folder = parquet_store.prepare(tmp_path / "written")
    parquet_store.write_results(folder, coded, "test-0")
    with open_events(store.path) as sqlite_source, open_events(folder) as parquet_source:
        for name, query in QUERIES.items():
            assert query(parquet_source) == query(sqlite_source), name


def test_copies_count_as_one_event_and_several_mentions(store, make_coded, tmp_path):
    """Three outlets carry one story: its two events are two events of three mentions each,
    in the store and in a Parquet export of it; a dataset that links nothing counts six."""
    parquet_store = pytest.importorskip("attache.store.parquet")
    coded = [make_coded(f"c{n}", events=[("RUSMIL", "190", "UKRMIL", "asserted"),
                                         ("RUS", "190", "RUS", "asserted")])
             for n in range(3)]  # fmt: skip
    for one in coded:
        store.write(one)
    exported = export_parquet(store.path, tmp_path / "exported")
    written = parquet_store.prepare(tmp_path / "written")
    parquet_store.write_results(written, coded, "test-0")
    for path in (store.path, exported):
        with open_events(path) as source:
            assert dyad_series(source, "RUS", "UKR") == [
                {"period": "2020-01", "events": 1, "mentions": 3, "mean_goldstein": -10.0,
                 "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 1}
            ]  # fmt: skip
            assert top_dyads(source, limit=1) == [{"source": "RUS", "target": "RUS",
                                                   "events": 1, "mentions": 3,
                                                   "mean_goldstein": -10.0}]  # fmt: skip
            # a cluster of an actor acting on itself counts once per side
            assert top_actors(source, limit=1) == [{"actor": "RUS", "events": 2, "mentions": 6}]
            assert {row["cluster_id"] for row in find_events(source)} == {"c0:0", "c0:1"}
    with open_events(written) as source:
        assert [(row["events"], row["mentions"]) for row in dyad_series(source, "RUS", "UKR")
                ] == [(3, 3)]  # fmt: skip
        assert top_actors(source, limit=1) == [{"actor": "RUS", "events": 6, "mentions": 6}]
        assert {row["cluster_id"] for row in find_events(source)} == {
            f"c{n}:{seq}" for n in range(3) for seq in range(2)
        }


def test_a_dataset_written_before_clusters_reads_as_unlinked(sqlite_path, tmp_path):
    folder = export_parquet(sqlite_path, tmp_path / "version-2", tables=("events",))
    for part in folder.rglob("*.parquet"):  # as schema version 2 wrote them
        pq.write_table(pq.read_table(part).drop_columns(["cluster_id", "day"]), part)
    with open_events(folder) as parquet_source, open_events(sqlite_path) as sqlite_source:
        for name in ("series both", "top dyads", "top actors"):
            assert QUERIES[name](parquet_source) == QUERIES[name](sqlite_source), name
        rows = find_events(parquet_source)
        assert rows and all(row["cluster_id"].startswith(row["article_id"] + ":")
                            for row in rows)  # fmt: skip
