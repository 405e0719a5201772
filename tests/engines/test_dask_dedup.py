"""Scale-out gives the store's answers: real articles, a story re-published by other
outlets among them, coded on Dask (one worker, tasks of three) into a Parquet folder that
``attache dedup`` links, and the same articles stored in the same order in a SQLite store,
give the same copies, clusters, counts and analytics."""

import json
from importlib import resources
from itertools import islice
from pathlib import Path

import pytest

from attache.dedup import DedupSettings
from attache.engines.dask import ingest_dask
from attache.ingest import read_inputs
from attache.store import ingest, open_store
from attache.store.parquet import BANDS, read_table

DATA = Path(__file__).parents[1] / "data"
SAMPLE = resources.files("attache").joinpath("data/sample/wikinews-sample.jsonl")
WIKINEWS_FIRST = "wikinews:Germany_bans_Mahan_Air_of_Iran,_citing_%27security%27"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, coder):
    """The Dask engine's folder and a SQLite store of the same articles in its stored
    order (``coded_at``, then id)."""
    folder = tmp_path_factory.mktemp("dask-dedup")
    wikinews = list(islice(SAMPLE.read_text(encoding="utf-8").splitlines(), 4))
    carried = json.loads(wikinews[0])  # the first story again, from another outlet, edited
    carried.update(id="carried-1", source="Another Wire",
                   text=carried["text"].replace("banned", "barred").replace("Monday", "Monday,"))
    lines = [*(DATA / "copied-story.jsonl").read_text(encoding="utf-8").splitlines(),
             *wikinews, json.dumps(carried)]
    path = folder / "input.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest_dask([path], folder / "parquet", workers=1, partition_size=3)
    assert report.inserted == len(lines)
    stored = read_table(folder / "parquet", "articles", ["id", "coded_at"]).to_pylist()
    order = [row["id"] for row in sorted(stored, key=lambda row: (row["coded_at"], row["id"]))]
    articles = {item.id: item for item in read_inputs([path])}
    with open_store(folder / "store.sqlite") as store:
        ingest(store, [articles[article_id] for article_id in order], coder)
    return folder


def test_dask_then_dedup_links_what_the_store_links(ingested, run_cli, links_of):
    parquet, sqlite_path = ingested / "parquet", ingested / "store.sqlite"
    done = run_cli("dedup", "--db", parquet)
    assert done.returncode == 0, done.stderr
    with open_store(sqlite_path) as store:
        assert done.stderr.strip() == store.dedup().line()
    linked, stored = links_of(parquet, ("RUS", "UKR")), links_of(sqlite_path, ("RUS", "UKR"))
    for name in stored:
        assert linked[name] == stored[name], name
    # which copy is the original depends on the stored order (coded_at, then id), the
    # same in both stores
    copies = {frozenset((row["id"], row["duplicate_of"])) for row in stored["duplicates"]}
    assert copies == {frozenset(("reuters-1", "kyivpost-7")),
                      frozenset((WIKINEWS_FIRST, "carried-1"))}
    assert any(row["num_sources"] == 2 for row in stored["counts"])
    assert [(row["events"], row["mentions"]) for row in linked["series"]] == [(2, 3)]


def test_the_workers_wrote_every_articles_band_keys(ingested):
    bands = read_table(ingested / "parquet", BANDS).to_pylist()
    ids = read_table(ingested / "parquet", "articles", ["id"]).column("id").to_pylist()
    assert sorted(row["article_id"] for row in bands) == sorted(ids)
    assert {row["scheme"] for row in bands} == {DedupSettings().band_scheme}
    assert all(len(row["band_keys"]) == 24 for row in bands)
