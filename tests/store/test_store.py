import sqlite3
from dataclasses import replace

import pytest

from attache.errors import StoreError
from attache.ingest import content_hash
from attache.model import Rejection
from attache.store import SCHEMA_VERSION, open_store


def _count(store, table):
    return store.read(f"SELECT count(*) AS n FROM {table}")[0]["n"]


def test_new_store_has_schema_version_and_wal(tmp_path):
    path = tmp_path / "new.sqlite"
    open_store(path).close()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {
        "articles",
        "sentences",
        "mentions",
        "events",
        "quotes",
        "dates",
        "quantities",
        "places",
        "rejections",
        "article_bands",
        "event_clusters",
        "dedup_settings",
    } <= tables
    connection.close()
    open_store(path).close()  # reopening an existing store is fine


def test_mismatched_schema_version_is_e010(tmp_path):
    path = tmp_path / "old.sqlite"
    open_store(path).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code.name == "E010"
    assert "version 99" in caught.value.message


def test_foreign_database_and_non_database_are_e010(tmp_path):
    foreign = tmp_path / "foreign.sqlite"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database, just text " * 100)
    for path in (foreign, junk):
        with pytest.raises(StoreError) as caught:
            open_store(path)
        assert caught.value.code.name == "E010"


def test_article_reads_back_exactly_as_written(store, make_coded):
    coded = make_coded(
        events=[("RUSMIL", "190", "UKRMIL", "asserted"), ("USAGOV", "0431", None, "negated")]
    )
    assert store.write(coded) == "inserted"
    assert store.article("a1") == coded
    assert store.article("absent") is None


def test_rewriting_the_same_article_changes_nothing(store, make_coded):
    coded = make_coded()
    store.write(coded)
    before = store.read("SELECT coded_at, rowid FROM articles")
    assert store.write(make_coded()) == "unchanged"
    assert store.read("SELECT coded_at, rowid FROM articles") == before
    assert _count(store, "events") == 2


def test_changed_text_replaces_every_record(store, make_coded):
    store.write(make_coded("a1", events=[("RUSMIL", "190", "UKRMIL", "asserted")] * 3))
    changed = make_coded(
        "a1",
        text="Iranian officials rejected American demands. Talks ended in Vienna.",
        events=[("IRNGOV", "125", "USA", "asserted")],
    )
    assert store.write(changed) == "replaced"
    assert store.article("a1") == changed
    assert _count(store, "articles") == 1
    assert store.read("SELECT source_code, target_code FROM events") == [
        {"source_code": "IRNGOV", "target_code": "USA"}
    ]
    assert _count(store, "sentences") == 2


def test_changed_metadata_alone_also_replaces(store, make_coded):
    store.write(make_coded())
    coded = make_coded()
    coded.article = replace(coded.article, title="Corrected title")
    assert store.write(coded) == "replaced"
    assert store.article("a1").article.title == "Corrected title"


def test_a_failed_write_leaves_nothing_behind(store, make_coded):
    broken = make_coded("b1")
    broken.quantities = [replace(broken.quantities[0], value=object())]  # cannot be bound
    with pytest.raises(sqlite3.Error):
        store.write(broken)
    assert store.article("b1") is None
    for table in ("articles", "sentences", "mentions", "events", "quotes", "dates"):
        assert _count(store, table) == 0, table


def test_a_failed_replacement_keeps_the_old_version(store, make_coded):
    original = make_coded("c1")
    store.write(original)
    broken = make_coded("c1", text="A different text. It breaks on the way in.")
    broken.places = [replace(broken.places[0], latitude=object())]
    with pytest.raises(sqlite3.Error):
        store.write(broken)
    assert store.article("c1") == original


def test_has_article_compares_content_hash(store, make_coded):
    coded = make_coded()
    store.write(coded)
    assert store.has_article("a1", content_hash(coded.article))
    assert not store.has_article("a1", "0" * 64)
    assert not store.has_article("zz", content_hash(coded.article))


def test_events_carry_the_article_date(store, make_coded):
    store.write(make_coded(published=None))
    store.write(make_coded("a2"))
    rows = store.read("SELECT article_id, published FROM events ORDER BY article_id")
    assert {(row["article_id"], row["published"]) for row in rows} == {
        ("a1", None),
        ("a2", "2020-01-06"),
    }


def test_rejections_are_stored_once_and_cleared_when_the_article_arrives(store, make_coded):
    rejection = Rejection("a1", "E015", "Coding failed inside the pipeline: x", "in.jsonl:3")
    store.write_rejection(rejection)
    store.write_rejection(rejection)
    store.write_rejection(Rejection(None, "E007", "Input line 4 is not valid JSON", "in.jsonl:4"))
    store.write_rejection(Rejection(None, "E007", "Input line 4 is not valid JSON", "in.jsonl:4"))
    assert store.rejections() == [
        rejection,
        Rejection(None, "E007", "Input line 4 is not valid JSON", "in.jsonl:4"),
    ]
    store.write(make_coded("a1"))
    assert [r.code for r in store.rejections()] == ["E007"]


def test_read_refuses_to_write(store, make_coded):
    store.write(make_coded())
    with pytest.raises(sqlite3.OperationalError):
        store.read("DELETE FROM articles")
    assert _count(store, "articles") == 1
    assert store.write(make_coded("a2")) == "inserted"  # writing still works afterwards


def test_a_second_connection_sees_committed_articles(tmp_path, make_coded):
    path = tmp_path / "shared.sqlite"
    with open_store(path) as writer, open_store(path) as reader:
        writer.write(make_coded())
        assert reader.article("a1") == make_coded()


def test_read_only_store_reads_beside_the_writer_and_refuses_writes(tmp_path, make_coded):
    path = tmp_path / "served.sqlite"
    with open_store(path) as writer:
        writer.write(make_coded())
        with open_store(path, read_only=True) as reader:
            assert reader.article("a1") == make_coded()
            writer.write(make_coded("a2"))
            assert _count(reader, "articles") == 2
            with pytest.raises(sqlite3.OperationalError):
                reader.read("DELETE FROM articles")
            with pytest.raises(sqlite3.OperationalError):
                reader.write(make_coded("a3"))
    assert not (tmp_path / "missing.sqlite").exists()
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path / "missing.sqlite", read_only=True)
    assert caught.value.code.name == "E010"
    assert not (tmp_path / "missing.sqlite").exists()
