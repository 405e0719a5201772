"""An older store is migrated in place to the current version when opened for writing, in
one transaction, one version at a time: a schema version 2 store (built with the version 2
schema, kept in tests/data) through version 3, a version 3 store (a current store without
the version 4 column and aggregates) to version 4. Read-only opens refuse them and say how
to migrate."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from attache.errors import StoreError
from attache.store import SCHEMA_VERSION, aggregates, open_store
from attache.store.records import TABLES, article_row

V2_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "schema-v2.sql"
#: Columns later versions added (3: duplicates and clusters; 4: the event rule, the
#: dictionary set, sizes, precisions and the quantity's event).
LATER_COLUMNS = {"duplicate_of", "duplicate_similarity", "cluster_id", "day", "event_rule",
                 "dictionaries", "dead", "injured", "arrested", "size", "location_precision",
                 "event_verb", "precision"}


def write_v2(path: Path, articles) -> None:
    """A store as attache 2 wrote it: the version 2 schema, its columns, user_version 2."""
    connection = sqlite3.connect(path)
    connection.executescript(V2_SCHEMA.read_text(encoding="utf-8"))
    connection.execute("PRAGMA user_version = 2")
    for coded in articles:
        rows = {"articles": [article_row(coded, attache_version="2", coded_at="2024-01-01")]}
        rows.update({table.name: table.rows(coded) for table in TABLES})
        for table, table_rows in rows.items():
            for row in table_rows:
                row = {k: v for k, v in row.items() if k not in LATER_COLUMNS}
                columns = ", ".join(f'"{name}"' for name in row)
                marks = ", ".join("?" * len(row))
                connection.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                                   list(row.values()))
    connection.commit()
    connection.close()


def _layout(path: Path) -> dict:
    """Every table's columns (name, type, not null, default, key) and every index's columns."""
    connection = sqlite3.connect(path)
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    layout = {name: connection.execute(f"PRAGMA table_info({name})").fetchall()
              for name in names}
    for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall():
        layout["index " + name] = connection.execute(f"PRAGMA index_info({name})").fetchall()
    layout["foreign keys"] = {
        name: connection.execute(f"PRAGMA foreign_key_list({name})").fetchall()
        for name in names
    }
    connection.close()
    return layout


@pytest.fixture
def articles(make_coded):
    """Two outlets carrying one story, and an unrelated article."""
    original = make_coded("a1")
    copy = make_coded("a2")
    copy.article = dataclasses.replace(copy.article, source="Other Wire")
    other = make_coded(
        "a3", text="Chinese envoys met Japanese officials in Tokyo on Tuesday to talk about "
        "fishing rights. Both sides said the talks would go on next month in Beijing.",
        events=[("CHN", "040", "JPN", "asserted")],
    )
    return [original, copy, other]


def test_a_v2_store_is_migrated_in_place_when_opened_for_writing(tmp_path, articles):
    path = tmp_path / "v2.sqlite"
    write_v2(path, articles)
    with open_store(path) as store:
        assert store.read("PRAGMA user_version")[0]["user_version"] == SCHEMA_VERSION == 4
        for coded in articles:
            assert store.article(coded.article.id) == coded
        duplicates = store.read("SELECT id, duplicate_of FROM articles ORDER BY id")
        assert [row["duplicate_of"] for row in duplicates] == [None, "a1", None]
        days = store.read("SELECT DISTINCT day FROM events")
        assert days == [{"day": "2020-01-06"}]
        clusters = store.read("SELECT * FROM event_clusters ORDER BY cluster_id")
        assert [(row["cluster_id"], row["num_articles"], row["num_sources"])
                for row in clusters] == [("a1:0", 2, 2), ("a1:1", 2, 2), ("a3:0", 1, 1)]
        store.write(make_copy(articles[0], "a4"))  # and it is an ordinary store now
        assert store.read("SELECT num_articles FROM event_clusters WHERE cluster_id = 'a1:0'"
                          ) == [{"num_articles": 3}]  # fmt: skip
    fresh = tmp_path / "fresh.sqlite"
    open_store(fresh).close()
    assert _layout(path) == _layout(fresh)
    with open_store(path, read_only=True) as reader:
        assert reader.read("SELECT count(*) AS n FROM articles")[0]["n"] == 4


def make_copy(coded, article_id):
    copy = dataclasses.replace(coded.article, id=article_id, source="Third Wire")
    return dataclasses.replace(coded, article=copy)


def test_read_only_refuses_a_v2_store_and_says_how_to_migrate_it(tmp_path, articles):
    path = tmp_path / "v2.sqlite"
    write_v2(path, articles)
    with pytest.raises(StoreError) as caught:
        open_store(path, read_only=True)
    assert caught.value.code.name == "E010"
    message = caught.value.message
    assert "schema version 2" in message and "writes version 4" in message
    assert f"attache migrate --db {path}" in message
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 2  # untouched
    connection.close()


def test_a_failed_migration_leaves_the_v2_store_as_it_was(tmp_path, articles, monkeypatch):
    path = tmp_path / "v2.sqlite"
    write_v2(path, articles)
    before = _layout(path)

    def fail(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr("attache.dedup.sqlite.rebuild", fail)
    with pytest.raises(RuntimeError):
        open_store(path)
    assert _layout(path) == before
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
    connection.close()
    monkeypatch.undo()
    open_store(path).close()  # and it migrates once nothing fails


@pytest.mark.parametrize("version", [1, 5])
def test_other_versions_are_still_e010(tmp_path, articles, version):
    path = tmp_path / f"v{version}.sqlite"
    write_v2(path, articles)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {version:d}")
    connection.close()
    for read_only in (False, True):
        with pytest.raises(StoreError) as caught:
            open_store(path, read_only=read_only)
        assert caught.value.code.name == "E010"
        assert f"schema version {version}" in caught.value.message
        assert "migrate" not in caught.value.message


def write_v3(path: Path, articles, downgrade) -> None:
    """A store as attache 3 wrote it: a current store without what version 4 added."""
    with open_store(path) as store:
        for coded in articles:
            store.write(coded)
    downgrade(path)


def aggregate_rows(store) -> dict[str, list[dict]]:
    return {table: store.read(f"SELECT * FROM {table} ORDER BY "
                              + ", ".join(aggregates.KEYS[table]))
            for table in aggregates.TABLES}


def test_a_v3_store_is_migrated_keeps_everything_and_gets_its_aggregates(
        tmp_path, articles, downgrade_to_version_3):
    path, fresh = tmp_path / "v3.sqlite", tmp_path / "fresh.sqlite"
    write_v3(path, articles, downgrade_to_version_3)
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    before = [dict(row) for row in
              connection.execute("SELECT * FROM event_clusters ORDER BY cluster_id")]
    connection.close()
    assert before
    with pytest.raises(StoreError) as caught:
        open_store(path, read_only=True)
    assert "schema version 3" in caught.value.message
    assert f"attache migrate --db {path}" in caught.value.message
    with open_store(path) as store, open_store(fresh) as expected:
        for coded in articles:
            expected.write(coded)
        assert aggregate_rows(store) == aggregate_rows(expected)
        assert aggregate_rows(store)[aggregates.DYADS]  # not trivially equal
        assert store.read("SELECT * FROM event_clusters ORDER BY cluster_id") == before
        for coded in articles:
            assert store.article(coded.article.id) == coded
        store.web.save_failure("http://127.0.0.1/x", "page", "E031")  # the tables work
    assert _layout(path) == _layout(fresh)
    with open_store(path, read_only=True) as reader:
        assert reader.read("PRAGMA user_version")[0]["user_version"] == 4
