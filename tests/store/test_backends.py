"""One interface to where events are kept: a path's backend decides, reads never write, and
attache migrate / attache aggregate bring a store or a folder up to date."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from attache.errors import AttacheError, StoreError
from attache.query import find_events, open_events, top_dyads
from attache.store import open_store
from attache.store.backends import ParquetBackend, SqliteBackend, open_backend
from attache.store.parquet import (
    METADATA_FILE,
    VERSION_KEY,
    current_aggregates,
    dataset_version,
    prepare,
    write_results,
)


def digest(path: Path) -> str:
    """The bytes of a store's database file (a reader of a WAL store may create the empty
    ``-wal`` and ``-shm`` files SQLite's readers share; they hold no data)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store_path(tmp_path: Path, make_coded) -> Path:
    path = tmp_path / "store.sqlite"
    with open_store(path) as store:
        store.write(make_coded("a1"))
        store.write(make_coded("a2"))
    return path


@pytest.fixture
def folder(tmp_path: Path, make_coded) -> Path:
    folder = prepare(tmp_path / "dataset")
    for article_id in ("a1", "a2"):
        write_results(folder, [make_coded(article_id)], f"task-{article_id}")
    return folder


def test_a_path_picks_its_backend(store_path, folder, tmp_path):
    assert isinstance(open_backend(store_path), SqliteBackend)
    assert isinstance(open_backend(folder), ParquetBackend)
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    for path in (tmp_path / "missing.sqlite", text):
        with pytest.raises(AttacheError) as caught:
            open_backend(path)
        assert caught.value.code.name == "E013"
    assert not (tmp_path / "missing.sqlite").exists()


def test_reading_an_older_store_changes_nothing_and_names_the_remedy(store_path,
                                                                    downgrade_to_version_3):
    downgrade_to_version_3(store_path)
    before = digest(store_path)
    with pytest.raises(StoreError) as caught:
        open_events(store_path)
    assert caught.value.code.name == "E010"
    assert f"attache migrate --db {store_path}" in caught.value.message
    assert digest(store_path) == before  # a read never migrates


def test_reads_of_a_current_store_do_not_write_it(store_path):
    before = digest(store_path)
    with open_events(store_path) as source:
        assert source.aggregates and top_dyads(source)
        with pytest.raises(sqlite3.OperationalError):
            source.read("DELETE FROM articles")
    assert digest(store_path) == before


def test_migrate_and_aggregate_commands(run_cli, store_path, downgrade_to_version_3):
    with open_store(store_path) as store:
        expected = top_dyads(store)
    downgrade_to_version_3(store_path)
    done = run_cli("migrate", "--db", store_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"{store_path}: migrated from schema version 3 to 4"
    again = run_cli("migrate", "--db", store_path)
    assert again.stderr.strip() == f"{store_path}: schema version 4, nothing to migrate"
    with open_events(store_path) as source:
        assert top_dyads(source) == expected
    connection = sqlite3.connect(store_path)
    connection.execute("DELETE FROM dyad_periods")  # changed by other means
    connection.commit()
    connection.close()
    built = run_cli("aggregate", "--db", store_path)
    assert built.returncode == 0 and built.stderr.startswith("aggregated 4 plain events:")
    with open_events(store_path) as source:
        assert top_dyads(source) == expected


#: The columns schema version 4 added to the Parquet datasets.
VERSION_4_COLUMNS = {"events": "event_rule", "articles": "dictionaries"}


def test_a_version_3_folder_is_read_as_it_is_and_migrated_in_place(run_cli, folder, make_coded):
    for dataset in folder.iterdir():  # as attache 3 wrote the schema files and the events
        metadata = dataset / METADATA_FILE
        if metadata.exists():
            schema = pq.read_schema(metadata)
            if dataset.name in VERSION_4_COLUMNS:
                schema = schema.remove(
                    schema.get_field_index(VERSION_4_COLUMNS[dataset.name]))
            pq.write_metadata(schema.with_metadata({VERSION_KEY: b"3"}), metadata)
    for dataset, column in VERSION_4_COLUMNS.items():
        for part in (folder / dataset).rglob("*.parquet"):
            pq.write_table(pq.read_table(part).drop_columns([column]), part)
    assert dataset_version(folder) == "3"
    with open_events(folder) as source:
        assert not source.aggregates and top_dyads(source)  # read, from the events
        assert {row["event_rule"] for row in find_events(source)} == {None}
    done = run_cli("migrate", "--db", folder)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"{folder}: migrated from schema version 3 to 4"
    assert dataset_version(folder) == "4" and current_aggregates(folder) is not None
    with open_events(folder) as source:
        assert source.aggregates
    write_results(prepare(folder), [make_coded("a3")], "task-a3")  # a version 4 file beside
    with open_events(folder) as source:
        rows = find_events(source)
        assert len(rows) == 6 and {row["event_rule"] for row in rows} == {None}


def test_writing_to_a_version_3_folder_marks_it_current(folder, make_coded):
    metadata = folder / "events" / METADATA_FILE
    pq.write_metadata(pq.read_schema(metadata).with_metadata({VERSION_KEY: b"3"}), metadata)
    prepare(folder)
    assert dataset_version(folder) == "4"
    pq.write_metadata(pq.read_schema(metadata).with_metadata({VERSION_KEY: b"2"}), metadata)
    with pytest.raises(StoreError) as caught:
        prepare(folder)
    assert caught.value.code.name == "E010"


def test_ingest_refuses_a_folder_as_its_store(run_cli, folder, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Russian troops attacked Ukrainian positions near Kharkiv.",
                     encoding="utf-8")
    done = run_cli("ingest", story, "--db", folder)
    assert done.returncode == 2 and "is a folder" in done.stderr
