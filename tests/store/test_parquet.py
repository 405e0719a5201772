from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from attache.errors import ErrorCode, StoreError
from attache.model import Rejection
from attache.store.parquet import (
    DATASETS,
    METADATA_FILE,
    VERSION_KEY,
    arrow_schemas,
    article_key,
    month_of,
    prepare,
    read_done_ids,
    read_rejection_keys,
    read_table,
    write_results,
)


@pytest.fixture
def records(make_coded):
    """Three hand-built articles (two months, one undated) and two rejections."""
    undated = make_coded("a3", published=None)
    return [
        make_coded("a1"),
        make_coded("a2", events=[("CHN", "0431", None, "negated")]),
        undated,
        Rejection("a4", "E003", "Article text is empty (after removing whitespace).", "x:4"),
        Rejection(None, "E007", "Input line 5 is not valid JSON: oops", "x:5"),
    ]


def _sqlite_columns(store, table):
    return [row["name"] for row in store.read(f"SELECT name FROM pragma_table_info('{table}')")]


def test_parquet_columns_and_values_equal_the_sqlite_rows(
    tmp_path, store, records, sqlite_rows, parquet_rows
):
    for result in records:
        if isinstance(result, Rejection):
            store.write_rejection(result)
        else:
            store.write(result)
    folder = prepare(tmp_path / "out")
    written = write_results(folder, records, "run1-000000")
    assert written["articles"] == 3 and written["rejections"] == 2
    assert written["events"] == 5  # 2 + 1 + 2
    for table in DATASETS:
        columns = [c for c in _sqlite_columns(store, table) if (table, c) != ("rejections", "id")]
        assert arrow_schemas()[table].names == columns, table
        assert read_table(folder, table).schema.names == [*columns, "month"], table
        assert parquet_rows(folder, table) == sqlite_rows(store, table), table
        assert sqlite_rows(store, table), f"{table}: the records should fill every table"


def test_layout_partitions_by_month_with_typed_columns(tmp_path, records):
    folder = prepare(tmp_path / "out")
    write_results(folder, records, "run1-000007", published={"a4": None})
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.parquet"))
    assert "articles/month=2020-01/part-run1-000007.parquet" in files
    assert "articles/month=unknown/part-run1-000007.parquet" in files
    assert "rejections/month=unknown/part-run1-000007.parquet" in files
    assert not [p for p in folder.rglob("*") if p.name.startswith(".")]  # no temporary files
    assert all((folder / name / METADATA_FILE).is_file() for name in DATASETS)
    events = pq.read_table(folder / "events/month=2020-01/part-run1-000007.parquet")
    assert events.schema.field("cameo_code").type == pa.string()
    assert events.schema.field("quad_class").type == pa.int64()
    assert events.schema.field("goldstein").type == pa.float64()
    assert "month" not in events.schema.names
    assert sorted(set(events.column("cameo_code").to_pylist())) == ["0431", "122", "190"]
    assert read_table(folder, "articles").column("month").to_pylist().count("unknown") == 1


def test_duckdb_reads_the_folder_with_string_codes(tmp_path, records):
    folder = prepare(tmp_path / "out")
    write_results(folder, records, "t1")
    glob = (folder / "events" / "**" / "*.parquet").as_posix()
    connection = duckdb.connect()
    rows = connection.execute(
        "SELECT month, cameo_code, typeof(cameo_code) FROM read_parquet(?, hive_partitioning = "
        "true) WHERE cameo_code = '0431'", [glob]
    ).fetchall()
    assert rows == [("2020-01", "0431", "VARCHAR")]


def test_rejections_go_under_their_articles_month_and_are_not_written_twice(tmp_path, records):
    folder = prepare(tmp_path / "out")
    rejections = [r for r in records if isinstance(r, Rejection)]
    write_results(folder, rejections, "t1", published={"a4": date(2021, 2, 28)})
    assert read_rejection_keys(folder) == {("a4", "E003", "x:4"), (None, "E007", "x:5")}
    again = write_results(folder, rejections, "t2", skip_rejections=read_rejection_keys(folder))
    assert again == {}
    months = read_table(folder, "rejections").column("month").to_pylist()
    assert sorted(months) == ["2021-02", "unknown"]


def test_done_ids_make_a_rerun_resumable(tmp_path, records, make_coded):
    folder = tmp_path / "out"
    assert read_done_ids(folder) == set()
    prepare(folder)
    assert read_done_ids(folder) == set()
    write_results(folder, records, "t1")
    done = read_done_ids(folder)
    assert done == {article_key(r.article) for r in records[:3]}
    changed = make_coded("a1", text="Chinese envoys met Japanese officials in Tokyo today.")
    assert article_key(changed.article) not in done


def test_a_task_run_again_replaces_its_own_files(tmp_path, records):
    folder = prepare(tmp_path / "out")
    write_results(folder, records, "t1")
    write_results(folder, records, "t1")
    assert read_table(folder, "articles").num_rows == 3
    write_results(folder, records[:1], "t2")
    assert read_table(folder, "articles").num_rows == 4  # another task: another file


def test_bad_token_and_other_schema_version_are_refused(tmp_path, records):
    folder = prepare(tmp_path / "out")
    with pytest.raises(StoreError) as raised:
        write_results(folder, records, "../escape")
    assert raised.value.code == ErrorCode.E011
    metadata = folder / "events" / METADATA_FILE
    schema = pq.read_schema(metadata)
    pq.write_metadata(schema.with_metadata({VERSION_KEY: b"1"}), metadata)
    with pytest.raises(StoreError) as raised:
        prepare(folder)
    assert raised.value.code == ErrorCode.E010


def test_month_of():
    assert month_of(date(2019, 3, 12)) == "2019-03"
    assert month_of("2019-03-12") == "2019-03"
    assert month_of(None) == "unknown"
