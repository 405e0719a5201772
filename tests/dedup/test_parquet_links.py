"""``attache dedup`` on a Parquet dataset folder: the same hand-built articles written to a
SQLite store and, by tasks, to a Parquet folder link the same copies and the same event
clusters once the folder's batch pass has run (real files both)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from attache.dedup import DedupSettings, band_keys, shingle_hashes
from attache.dedup.parquet import (
    CURRENT,
    LINKS_FOLDER,
    dedup_parquet,
    load_settings,
    read_links,
)
from attache.errors import AttacheError
from attache.export import export_events
from attache.query import open_events
from attache.store import open_store, parquet
from attache.store.parquet import BANDS, prepare, read_table, write_results

WIRE = (
    "Russian forces shelled Ukrainian positions around Bakhmut on Tuesday, the general staff "
    "in Kyiv said. Britain condemned the shelling and called on Moscow to pull its troops "
    "back from the front line. Local officials said a school and two houses were hit and "
    "that rescue teams worked through the night to clear the rubble from the streets."
)
CONVOY = (
    "Russian drones struck a Ukrainian supply convoy near Kupiansk on Tuesday, wounding four "
    "drivers. The trucks were bringing fuel and medicine to frontline towns, and relief "
    "agencies said they would suspend their runs until the road was cleared of mines."
)
SHELL = ("RUSMIL", "190", "UKRMIL", "asserted")
CONDEMN = ("GBRGOV", "122", "RUSMIL", "asserted")
DENIED = ("RUSMIL", "190", "UKRMIL", "negated")


@pytest.fixture
def article(make_coded):
    """A hand-built coded article over ``text`` from ``source``."""

    def build(article_id, text=WIRE, *, source="Wire A", events=(SHELL, CONDEMN),
              published=date(2021, 3, 2)):
        coded = make_coded(article_id, text=text, events=list(events), published=published)
        coded.article = dataclasses.replace(coded.article, source=source)
        return coded

    return build


@pytest.fixture
def articles(article):
    """Copies, near copies, a copy of a copy, a stranger repeating one sentence, events
    repeated in one article, undated copies, another modality and a short notice, in
    stored order."""
    return [
        article("a"),
        article("b", WIRE.replace("called on", "urged"), source="Wire B"),
        article("c", CONVOY, source="Wire C"),
        article("d", WIRE.split(". ")[0] + ". " + CONVOY, source="Wire D"),
        article("e", source=None, events=[SHELL, SHELL, CONDEMN, DENIED]),
        article("f", WIRE + " The ministry gave no figures.", source="Wire B",
                 published=date(2021, 3, 3)),
        article("g", published=None, events=[CONDEMN]),
        article("h", published=None, events=[CONDEMN], source="Wire E"),
        article("i", CONVOY.replace("four", "five"), source="Wire A", events=[DENIED]),
        article("j", "Short notice: talks resume on Friday.", events=[CONDEMN]),
    ]


@pytest.fixture
def clock(monkeypatch):
    """Sets the ``coded_at`` the Parquet writer stamps (to the second, as utc_now)."""

    def set_time(second: int) -> None:
        stamp = f"2021-03-04T10:00:{second:02d}+00:00"
        monkeypatch.setattr(parquet, "utc_now", lambda: stamp)

    return set_time


def _write_tasks(folder: Path, tasks, clock, settings=None) -> Path:
    """Write each task's articles as one writing task would, one second after the last."""
    prepare(folder)
    for number, task in enumerate(tasks):
        clock(number)
        write_results(folder, task, f"run-{number:06d}", settings=settings)
    return folder


def _sqlite(tmp_path: Path, articles, name="store.sqlite") -> Path:
    with open_store(tmp_path / name) as store:
        for coded in articles:
            store.write(coded)
    return tmp_path / name


def test_the_pass_links_what_the_store_links(tmp_path, clock, links_of, articles):
    # Stored order is coded_at, then id: the second task's articles come after the first's
    # although two of them have smaller ids, and ids order the articles of one task.
    first, second = articles[4:], articles[:4]
    folder = _write_tasks(tmp_path / "dataset", [first, second], clock)
    report = dedup_parquet(folder)
    sqlite_path = _sqlite(tmp_path, sorted(first, key=lambda c: c.article.id) + second)
    with open_store(sqlite_path) as store:
        expected = store.dedup()
    assert report == expected
    assert report.duplicates >= 5 and report.events > report.clusters
    linked, stored = links_of(folder, ("RUS", "UKR")), links_of(sqlite_path, ("RUS", "UKR"))
    for name in stored:
        assert linked[name] == stored[name], name
    assert any(row["num_articles"] > 2 for row in stored["counts"])


def test_the_exports_count_clusters_as_the_store(tmp_path, clock, articles):
    folder = _write_tasks(tmp_path / "dataset", [articles], clock)
    dedup_parquet(folder)
    sqlite_path = _sqlite(tmp_path, articles)
    for fmt in ("gdelt", "csv"):
        export_events(folder, tmp_path / f"parquet.{fmt}", fmt)
        export_events(sqlite_path, tmp_path / f"sqlite.{fmt}", fmt)
        # the same lines but for DATEADDED (gdelt) and coded_at (none in csv)
        lines = [
            [line.split("\t")[:59] for line in (tmp_path / f"{which}.{fmt}").read_text(
                encoding="utf-8").splitlines()]
            for which in ("parquet", "sqlite")
        ]
        assert lines[0] == lines[1], fmt
    gdelt = [line.split("\t") for line in
             (tmp_path / "parquet.gdelt").read_text(encoding="utf-8").splitlines()]
    counts = {tuple(int(row[i]) for i in (31, 32, 33)) for row in gdelt}
    assert (5, 4, 5) in counts  # NumMentions, NumSources, NumArticles of the shelling


def test_rerun_is_idempotent_and_keeps_one_previous_run(tmp_path, clock, articles):
    folder = _write_tasks(tmp_path / "dataset", [articles], clock)
    reports = [dedup_parquet(folder) for _ in range(3)]
    assert reports[0] == reports[1] == reports[2]
    runs = sorted(path.name for path in (folder / LINKS_FOLDER).iterdir())
    assert len(runs) == 3 and CURRENT in runs  # the current run and the one before
    assert not [path for path in folder.rglob(".*")]  # no temporary files left
    current = read_links(folder)
    tables = {name: pq.read_table(getattr(current, name)) for name in
              ("members", "clusters", "duplicates")}
    dedup_parquet(folder)
    again = read_links(folder)
    assert again.folder != current.folder
    for name, table in tables.items():
        assert pq.read_table(getattr(again, name)).equals(table), name


def test_articles_written_after_the_pass_make_it_stale_until_it_runs_again(
    tmp_path, clock, links_of, articles
):
    folder = _write_tasks(tmp_path / "dataset", [articles[:3]], clock)
    assert read_links(folder) is None
    with open_events(folder) as source:
        assert (source.linked, source.stale) == (None, False)
    dedup_parquet(folder)
    with open_events(folder) as source:
        assert (source.linked, source.stale) == (True, False)
    clock(30)
    write_results(folder, articles[3:], "run-later")
    assert read_links(folder).stale
    with open_events(folder) as source:
        assert source.stale
        # the new articles' events count alone until the pass runs again
        rows = source.read("SELECT count(*) AS n FROM events WHERE cluster_id IS NOT NULL"
                           " AND article_id > 'c'")
        assert rows == [{"n": 0}]
    report = dedup_parquet(folder)
    assert not read_links(folder).stale and report.articles == len(articles)
    sqlite_path = _sqlite(tmp_path, articles)
    assert links_of(folder) == links_of(sqlite_path)


def test_the_latest_version_of_a_changed_article_counts(
    tmp_path, clock, links_of, articles, article
):
    articles = articles[:5]
    changed = article("a", CONVOY, source="Wire A", events=[CONDEMN])
    folder = _write_tasks(tmp_path / "dataset", [articles, [changed]], clock)
    report = dedup_parquet(folder)
    with open_store(tmp_path / "store.sqlite") as store:
        for coded in [*articles, changed]:  # a replaced article is stored anew, last
            store.write(coded)
        assert report == store.dedup()
    linked, stored = links_of(folder), links_of(tmp_path / "store.sqlite")
    # the old version's rows stay in the append-only folder (and read with the new one's
    # links): compare what the pass decides
    assert len(linked["duplicates"]) == len(stored["duplicates"]) + 1  # a, twice
    assert {tuple(row.values()) for row in linked["duplicates"]} == {
        tuple(row.values()) for row in stored["duplicates"]
    }
    assert linked["counts"] == stored["counts"]


def test_other_settings_are_kept_and_band_keys_of_another_scheme_are_recomputed(
    tmp_path, clock, links_of, articles
):
    folder = _write_tasks(tmp_path / "dataset", [articles], clock)
    settings = DedupSettings(shingle_size=4, article_threshold=0.9, evidence_threshold=0.7)
    report = dedup_parquet(folder, settings)
    assert load_settings(folder) == settings == read_links(folder).settings
    sqlite_path = _sqlite(tmp_path, articles)
    with open_store(sqlite_path) as store:
        assert store.dedup(settings) == report
    assert links_of(folder) == links_of(sqlite_path)
    # a folder's later writes take its settings; a folder without band keys is linked alike
    write_results(folder, [], "run-none", settings=load_settings(folder))
    bare = _write_tasks(tmp_path / "bare", [articles], clock)
    for path in (bare / BANDS).rglob("*.parquet"):
        path.unlink()
    assert dedup_parquet(bare, settings) == report
    assert links_of(bare) == links_of(folder)


def test_band_keys_are_the_ones_the_store_keeps(tmp_path, clock, articles):
    settings = DedupSettings(shingle_size=3)
    folder = _write_tasks(tmp_path / "dataset", [articles], clock, settings)
    rows = {row["article_id"]: row for row in read_table(folder, BANDS).to_pylist()}
    assert set(rows) == {coded.article.id for coded in articles}
    for coded in articles:
        hashes = shingle_hashes(coded.article.text, 3)
        assert rows[coded.article.id]["shingles"] == len(hashes)
        assert rows[coded.article.id]["band_keys"] == band_keys(hashes, 24, 3)
        assert rows[coded.article.id]["scheme"] == "3/24/3"
    with open_store(tmp_path / "store.sqlite") as store:
        store.dedup(settings)
        for coded in articles:
            store.write(coded)
        stored = store.read("SELECT article_id, band_key FROM article_bands")
    kept = {(row["article_id"], row["band_key"]) for row in stored}
    assert kept == {(article_id, key) for article_id, row in rows.items()
                    if row["shingles"] >= settings.min_shingles for key in row["band_keys"]}
    assert rows["j"]["shingles"] < settings.min_shingles  # the short notice is never linked


def test_a_folder_without_articles_is_e013(tmp_path):
    prepare(tmp_path / "empty")
    with pytest.raises(AttacheError) as raised:
        dedup_parquet(tmp_path / "empty")
    assert raised.value.code.name == "E013"
    assert not (tmp_path / "empty" / LINKS_FOLDER).exists()


def test_current_json_names_the_run_settings_and_report(tmp_path, clock, articles):
    folder = _write_tasks(tmp_path / "dataset", [articles], clock)
    report = dedup_parquet(folder)
    current = json.loads((folder / LINKS_FOLDER / CURRENT).read_text(encoding="utf-8"))
    assert (folder / LINKS_FOLDER / current["run"]).is_dir()
    assert current["settings"] == DedupSettings().to_dict()
    assert current["report"] == dataclasses.asdict(report)
