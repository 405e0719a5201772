"""attache.export and ``attache export``: GDELT 2.0 lines that load into DuckDB with
GDELT's column names and types, PLOVER JSON Lines, CSV and Parquet, from hand-built records."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from attache.errors import AttacheError
from attache.export import (
    GDELT_COLUMNS,
    export_columns,
    export_events,
    global_event_id,
    split_actor_code,
)

# The GDELT 2.0 Event table as GDELT's BigQuery table types it (gdelt-bq.gdeltv2.events),
# written out here by hand so the test does not trust the module's own list.
GDELT_2_TABLE = """
GLOBALEVENTID BIGINT, SQLDATE INTEGER, MonthYear INTEGER, Year INTEGER, FractionDate DOUBLE,
Actor1Code VARCHAR, Actor1Name VARCHAR, Actor1CountryCode VARCHAR,
Actor1KnownGroupCode VARCHAR, Actor1EthnicCode VARCHAR, Actor1Religion1Code VARCHAR,
Actor1Religion2Code VARCHAR, Actor1Type1Code VARCHAR, Actor1Type2Code VARCHAR,
Actor1Type3Code VARCHAR,
Actor2Code VARCHAR, Actor2Name VARCHAR, Actor2CountryCode VARCHAR,
Actor2KnownGroupCode VARCHAR, Actor2EthnicCode VARCHAR, Actor2Religion1Code VARCHAR,
Actor2Religion2Code VARCHAR, Actor2Type1Code VARCHAR, Actor2Type2Code VARCHAR,
Actor2Type3Code VARCHAR,
IsRootEvent INTEGER, EventCode VARCHAR, EventBaseCode VARCHAR, EventRootCode VARCHAR,
QuadClass INTEGER, GoldsteinScale DOUBLE, NumMentions INTEGER, NumSources INTEGER,
NumArticles INTEGER, AvgTone DOUBLE,
Actor1Geo_Type INTEGER, Actor1Geo_FullName VARCHAR, Actor1Geo_CountryCode VARCHAR,
Actor1Geo_ADM1Code VARCHAR, Actor1Geo_ADM2Code VARCHAR, Actor1Geo_Lat DOUBLE,
Actor1Geo_Long DOUBLE, Actor1Geo_FeatureID VARCHAR,
Actor2Geo_Type INTEGER, Actor2Geo_FullName VARCHAR, Actor2Geo_CountryCode VARCHAR,
Actor2Geo_ADM1Code VARCHAR, Actor2Geo_ADM2Code VARCHAR, Actor2Geo_Lat DOUBLE,
Actor2Geo_Long DOUBLE, Actor2Geo_FeatureID VARCHAR,
ActionGeo_Type INTEGER, ActionGeo_FullName VARCHAR, ActionGeo_CountryCode VARCHAR,
ActionGeo_ADM1Code VARCHAR, ActionGeo_ADM2Code VARCHAR, ActionGeo_Lat DOUBLE,
ActionGeo_Long DOUBLE, ActionGeo_FeatureID VARCHAR,
DATEADDED BIGINT, SOURCEURL VARCHAR
"""


@pytest.fixture
def db(store, make_coded) -> Path:
    """Two articles: a1 (2020-01-06: an attack located in Kharkiv, a condemnation in a
    subordinate clause) and a2 (2020-02-03: an IGO appeal, and a negated event)."""
    first = make_coded("a1", published=date(2020, 1, 6))
    kharkiv = dataclasses.replace(
        first.events[0].location, name="Kharkiv", admin1="07", latitude=49.99,
        longitude=36.23, geonames_id=706483,
    )
    first.events[0] = dataclasses.replace(first.events[0], location=kharkiv)
    second = make_coded(
        "a2",
        published=date(2020, 2, 3),
        events=[("IGOUNO", "042", "USAGOV", "asserted"), ("USAGOV", "111", None, "negated")],
    )
    store.write(first)
    store.write(second)
    return store.path


def _load_gdelt(path: Path) -> list[dict]:
    connection = duckdb.connect(":memory:")
    connection.execute(f"CREATE TABLE events ({GDELT_2_TABLE})")
    connection.execute(
        f"COPY events FROM '{path.as_posix()}' (DELIMITER '\t', HEADER false)"
    )
    cursor = connection.execute("SELECT * FROM events")
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    types = dict(connection.execute("SELECT column_name, data_type FROM "
                                    "information_schema.columns").fetchall())
    connection.close()
    assert types["EventCode"] == "VARCHAR" and types["GLOBALEVENTID"] == "BIGINT"
    return rows


def test_the_gdelt_columns_are_gdelt_2s():
    names = [part.split()[0] for part in GDELT_2_TABLE.replace("\n", " ").split(",")]
    assert len(names) == 61
    assert [name for name, _ in GDELT_COLUMNS] == names


def test_gdelt_lines_have_every_column_and_load_into_duckdb(db, tmp_path):
    out = tmp_path / "events.tsv"
    assert export_events(db, out, "gdelt") == 3  # the negated event is left out
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [len(line.split("\t")) for line in lines] == [len(GDELT_COLUMNS)] * 3

    attack, condemnation, appeal = _load_gdelt(out)
    assert attack["GLOBALEVENTID"] == global_event_id("a1", 0)
    assert (attack["SQLDATE"], attack["MonthYear"], attack["Year"]) == (20200106, 202001, 2020)
    assert attack["FractionDate"] == pytest.approx(2020.0164)
    assert attack["Actor1Code"] == "RUSMIL" and attack["Actor1Name"] == "RUSSIA MILITARY"
    assert attack["Actor1CountryCode"] == "RUS" and attack["Actor1Type1Code"] == "MIL"
    assert attack["Actor2Code"] == "UKRMIL" and attack["Actor2CountryCode"] == "UKR"
    assert attack["Actor1EthnicCode"] is None and attack["Actor1Type2Code"] is None
    assert attack["IsRootEvent"] == 1
    assert (attack["EventCode"], attack["EventBaseCode"], attack["EventRootCode"]) == (
        "190", "190", "19")
    assert attack["QuadClass"] == 4 and attack["GoldsteinScale"] == -10.0
    assert (attack["NumMentions"], attack["NumSources"], attack["NumArticles"]) == (1, 1, 1)
    assert attack["AvgTone"] is None and attack["Actor1Geo_Type"] is None
    assert attack["ActionGeo_Type"] == 4 and attack["ActionGeo_FullName"] == "Kharkiv"
    assert attack["ActionGeo_CountryCode"] == "UP"  # FIPS 10-4, as GDELT
    assert attack["ActionGeo_ADM1Code"] == "UP07"
    assert (attack["ActionGeo_Lat"], attack["ActionGeo_Long"]) == (49.99, 36.23)
    assert attack["ActionGeo_FeatureID"] == "706483"
    assert len(str(attack["DATEADDED"])) == 14
    assert attack["SOURCEURL"] == "https://example.org/a1"

    assert condemnation["IsRootEvent"] == 0  # clause_depth 1
    assert condemnation["SQLDATE"] == 20200106  # no event date: the publication date
    assert condemnation["ActionGeo_Type"] is None and condemnation["ActionGeo_FullName"] is None

    # published 2020-02-03, but its own (hand-built) date is 2020-01-06: that one wins
    assert appeal["SQLDATE"] == 20200106 and appeal["EventCode"] == "042"
    assert appeal["EventBaseCode"] == "042" and appeal["EventRootCode"] == "04"
    assert appeal["Actor1CountryCode"] is None and appeal["Actor1Type1Code"] == "IGO"
    assert appeal["Actor1KnownGroupCode"] == "UNO"
    assert appeal["Actor2Type1Code"] == "GOV"


def test_gdelt_ids_are_stable_whatever_the_filter(db, tmp_path):
    export_events(db, tmp_path / "all.tsv", "gdelt")
    export_events(db, tmp_path / "feb.tsv", "gdelt", since=date(2020, 2, 1))
    every = (tmp_path / "all.tsv").read_text(encoding="utf-8").splitlines()
    february = (tmp_path / "feb.tsv").read_text(encoding="utf-8").splitlines()
    assert february == every[2:]


def test_plover_records(db, tmp_path):
    out = tmp_path / "events.jsonl"
    export_events(db, out, "plover")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    attack = records[0]
    assert attack["event_id"] == "a1#0" and attack["story_date"] == "2020-01-06"
    assert attack["event_date"] == "2020-01-06" and attack["event_type"] == "ASSAULT"
    assert attack["context"] == [] and attack["cameo_code"] == "190"
    assert attack["actor"] == [{"entity_text": "Russian", "name": "Russia military",
                                "cameo_code": "RUSMIL", "code": "RUS", "country": "RUS",
                                "primary_sector": "MIL", "sector": ["MIL"]}]
    assert attack["cameo_name"] == "Use conventional military force"
    assert (attack["dead"], attack["injured"], attack["size"]) == (None, None, None)
    assert attack["recipient"][0]["country"] == "UKR"
    assert attack["location"]["geonameid"] == 706483 and attack["location"]["country"] == "UKR"
    assert attack["source"]["url"] == "https://example.org/a1"
    assert attack["text"].startswith("Russian troops attacked") and attack["attache_rule"]
    assert records[1]["location"] is None and records[1]["event_date"] is None
    appeal = records[2]
    assert appeal["actor"][0]["country"] is None and appeal["actor"][0]["code"] == "IGO"
    assert isinstance(appeal["recipient"], list)


def test_csv_has_the_event_columns_and_a_header(db, tmp_path):
    out = tmp_path / "events.csv"
    export_events(db, out, "csv", until=date(2020, 1, 31))
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames) == export_columns()
    assert [row["cameo_code"] for row in rows] == ["190", "122"]
    names = (rows[0]["source_name"], rows[0]["target_name"])
    assert names == ("Russia military", "Ukraine military")
    assert rows[0]["cameo_name"] == "Use conventional military force"


def test_parquet_file_reads_back(db, tmp_path):
    out = tmp_path / "events.parquet"
    export_events(db, out, "parquet")
    table = pq.read_table(out)
    assert table.num_rows == 3 and tuple(table.column_names) == export_columns()
    assert table.column("cameo_code").to_pylist() == ["190", "122", "042"]


def test_a_parquet_dataset_exports_like_its_store(db, make_coded, tmp_path):
    from attache.store import parquet as parquet_store

    coded = [make_coded("a1", published=date(2020, 1, 6))]
    folder = parquet_store.prepare(tmp_path / "dataset")
    parquet_store.write_results(folder, coded, "test-0")
    export_events(folder, tmp_path / "dataset.jsonl", "plover")
    records = [json.loads(line) for line in
               (tmp_path / "dataset.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [record["event_id"] for record in records] == ["a1#0", "a1#1"]
    export_events(folder, tmp_path / "dataset.tsv", "gdelt")
    assert len(_load_gdelt(tmp_path / "dataset.tsv")) == 2


def test_an_unknown_format_is_e011(db, tmp_path):
    with pytest.raises(AttacheError, match=r"\[E011\]"):
        export_events(db, tmp_path / "x", "xml")


def test_the_cli_exports(db, tmp_path, run_cli):
    out = tmp_path / "events.tsv"
    result = run_cli("export", "--db", db, "--format", "gdelt", "--out", out,
                     "--since", "2020-01-01", "--until", "2020-01-31")
    assert result.returncode == 0, result.stderr
    assert "2 events written" in result.stderr
    assert len(_load_gdelt(out)) == 2
    missing = run_cli("export", "--db", tmp_path / "nope.sqlite", "--format", "csv",
                      "--out", tmp_path / "x.csv")
    assert missing.returncode == 1 and "[E013]" in missing.stderr


def test_gdelt_has_one_line_per_event_cluster_with_its_counts(store, make_coded, tmp_path):
    from attache.store import parquet as parquet_store

    coded = [make_coded("a1"), make_coded("a2"), make_coded("a3")]  # one story, three times
    coded[1].article = dataclasses.replace(coded[1].article, source="Other Wire")
    for one in coded:
        store.write(one)
    export_events(store.path, tmp_path / "events.tsv", "gdelt")
    rows = _load_gdelt(tmp_path / "events.tsv")
    assert [row["GLOBALEVENTID"] for row in rows] == [global_event_id("a1", 0),
                                                      global_event_id("a1", 1)]  # fmt: skip
    assert {(row["NumMentions"], row["NumArticles"], row["NumSources"]) for row in rows} == {
        (3, 3, 2)
    }
    assert rows[0]["SOURCEURL"] == "https://example.org/a1"

    export_events(store.path, tmp_path / "events.jsonl", "plover")
    records = [json.loads(line) for line in
               (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6  # one record per event, with its cluster
    assert {(r["event_id"], r["cluster_id"], r["num_mentions"], r["num_articles"],
             r["num_sources"]) for r in records if r["cameo_code"] == "190"} == {
        ("a1#0", "a1:0", 3, 3, 2), ("a2#0", "a1:0", 3, 3, 2), ("a3#0", "a1:0", 3, 3, 2)
    }  # fmt: skip

    export_events(store.path, tmp_path / "events.csv", "csv")
    with (tmp_path / "events.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == 6 and table[0]["cluster_id"] == "a1:0"
    assert (table[0]["num_mentions"], table[0]["num_sources"]) == ("3", "2")

    # a Parquet dataset links nothing: every event is its own cluster
    folder = parquet_store.prepare(tmp_path / "dataset")
    parquet_store.write_results(folder, coded, "test-0")
    export_events(folder, tmp_path / "dataset.tsv", "gdelt")
    rows = _load_gdelt(tmp_path / "dataset.tsv")
    assert len(rows) == 6
    assert {(row["NumMentions"], row["NumArticles"], row["NumSources"]) for row in rows} == {
        (1, 1, 1)
    }
    export_events(folder, tmp_path / "dataset.parquet", "parquet")
    exported = pq.read_table(tmp_path / "dataset.parquet")
    assert exported.column("cluster_id").to_pylist()[:2] == ["a1:0", "a1:1"]
    assert set(exported.column("num_articles").to_pylist()) == {1}


def test_a_codebook_names_the_columns_and_every_code_exported(db, tmp_path):
    out, codebook = tmp_path / "events.csv", tmp_path / "events.codebook.md"
    count = export_events(db, out, "csv", codebook=codebook)
    text = codebook.read_text(encoding="utf-8")
    assert f"{count} events" in text
    assert "| `goldstein` | double | Goldstein score" in text
    assert "| `RUSMIL` | Russia military |" in text
    assert "| `190` | Use conventional military force |" in text
    assert "| `ASSAULT` | Assault |" in text and "| `4` | material conflict |" in text.lower()


def test_a_company_or_ngo_code_gives_gdelt_its_home_country():
    # Phoenix writes the organisation first ("MNCBRA"); GDELT the country, then the types
    assert split_actor_code("MNCUSAHLH") == {"CountryCode": "USA", "KnownGroupCode": "",
                                             "Type1Code": "MNC", "Type2Code": "HLH",
                                             "Type3Code": ""}
    assert split_actor_code("IGOUNO")["KnownGroupCode"] == "UNO"  # an organisation, no country


def test_one_plover_record_per_act_with_compound_and_reciprocal_parties(store, make_coded,
                                                                       tmp_path):
    # hand-built events of one article share one verb: each article here is one act
    store.write(make_coded("met", published=date(2020, 3, 2), events=[
        ("JPNGOV", "042", "KORGOV", "asserted"), ("KORGOV", "043", "JPNGOV", "asserted")]))
    store.write(make_coded("accused", published=date(2020, 3, 3), events=[
        ("FRAGOV", "112", "RUSGOV", "asserted"), ("DEUGOV", "112", "RUSGOV", "asserted")]))
    out = tmp_path / "events.jsonl"
    assert export_events(store.path, out, "plover") == 2
    met, accused = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # a meeting, visit one way and host the other: both parties act, no recipient
    assert [entity["cameo_code"] for entity in met["actor"]] == ["JPNGOV", "KORGOV"]
    assert met["recipient"] == [] and met["attache_event_ids"] == ["met#0", "met#1"]
    # two accusers of one accused
    assert [entity["cameo_code"] for entity in accused["actor"]] == ["FRAGOV", "DEUGOV"]
    assert [entity["cameo_code"] for entity in accused["recipient"]] == ["RUSGOV"]
