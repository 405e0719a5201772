"""``attache dedup``: links again, with the store's settings or new ones, and says what it
found."""

from __future__ import annotations

import dataclasses
import json

from attache.dedup import DedupSettings
from attache.store import open_store


def test_dedup_links_again_and_keeps_new_thresholds(run_cli, tmp_path, make_coded):
    path = tmp_path / "store.sqlite"
    with open_store(path) as store:
        for article_id, source in (("a1", "Wire A"), ("a2", "Wire B"), ("a3", None)):
            coded = make_coded(article_id)
            coded.article = dataclasses.replace(coded.article, source=source)
            store.write(coded)
    done = run_cli("dedup", "--db", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.strip() == (
        "2 of 3 articles are copies of an earlier story; 6 events in 2 clusters (4 merged)"
    )
    strict = run_cli("dedup", "--db", path, "--article-threshold", "1",
                     "--evidence-threshold", "1", "--story-evidence-threshold", "0.9",
                     "--shingle-size", "4")  # fmt: skip
    assert strict.returncode == 0, strict.stderr
    assert strict.stderr.startswith("2 of 3 articles")  # identical texts: still 1.0
    with open_store(path) as store:
        assert store.dedup_settings == DedupSettings(
            article_threshold=1.0, evidence_threshold=1.0, story_evidence_threshold=0.9,
            shingle_size=4,
        )  # fmt: skip
    reset = run_cli("dedup", "--db", path, "--defaults")
    assert reset.returncode == 0, reset.stderr
    with open_store(path) as store:
        assert store.dedup_settings == DedupSettings()


def test_dedup_errors(run_cli, tmp_path):
    missing = run_cli("dedup", "--db", tmp_path / "missing.sqlite")
    assert missing.returncode == 1 and "[E013]" in missing.stderr
    assert not (tmp_path / "missing.sqlite").exists()
    open_store(tmp_path / "store.sqlite").close()
    bad = run_cli("dedup", "--db", tmp_path / "store.sqlite", "--article-threshold", "1.5")
    assert bad.returncode == 2
    assert "argument --article-threshold: must be above 0 and at most 1, got 1.5" in bad.stderr
    assert "Unknown" not in bad.stderr



def _folder(tmp_path, make_coded, ids=("a1", "a2", "a3")):
    """Hand-built articles (one story from three outlets) written as one Dask task writes."""
    from attache.store.parquet import prepare, write_results

    folder = prepare(tmp_path / "dataset")
    for index, article_id in enumerate(ids):
        coded = make_coded(article_id)
        coded.article = dataclasses.replace(coded.article, source=f"Wire {index % 2}")
        write_results(folder, [coded], f"task-{article_id}")
    return folder


def test_dedup_links_a_parquet_folder_and_keeps_its_settings(run_cli, tmp_path, make_coded):
    from attache.dedup.parquet import load_settings

    folder = _folder(tmp_path, make_coded)
    done = run_cli("dedup", "--db", folder)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == (
        "2 of 3 articles are copies of an earlier story; 6 events in 2 clusters (4 merged)"
    )
    series = run_cli("series", "--db", folder, "--source", "RUS", "--target", "UKR",
                     "--format", "json")
    assert series.returncode == 0 and series.stderr == "", series.stderr
    assert [(row["events"], row["mentions"]) for row in json.loads(series.stdout)] == [(1, 3)]
    strict = run_cli("dedup", "--db", folder, "--evidence-threshold", "1",
                     "--story-evidence-threshold", "1", "--shingle-size", "4")
    assert strict.returncode == 0, strict.stderr
    assert load_settings(folder) == DedupSettings(evidence_threshold=1.0,
                                                  story_evidence_threshold=1.0, shingle_size=4)
    assert run_cli("dedup", "--db", folder, "--defaults").returncode == 0
    assert load_settings(folder) == DedupSettings()


def test_commands_warn_when_articles_came_after_the_last_pass(run_cli, tmp_path, make_coded):
    from attache.store.parquet import write_results

    folder = _folder(tmp_path, make_coded)
    assert run_cli("dedup", "--db", folder).returncode == 0
    write_results(folder, [make_coded("a4")], "task-later")
    commands = {
        "events": ("events", "--db", folder, "--format", "json"),
        "series": ("series", "--db", folder, "--source", "RUS", "--target", "UKR"),
        "top": ("top", "dyads", "--db", folder),
        "export": ("export", "--db", folder, "--format", "csv", "--out", tmp_path / "x.csv"),
    }
    for name, args in commands.items():
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        assert "attache: warning: articles were written to" in done.stderr, name
        assert f"run attache dedup --db {folder}" in done.stderr, name
    assert run_cli("dedup", "--db", folder).stderr.startswith("3 of 4 articles")
    assert "warning" not in run_cli(*commands["series"]).stderr


def test_dedup_of_a_folder_without_articles_is_e013(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    done = run_cli("dedup", "--db", tmp_path / "empty")
    assert done.returncode == 1 and "[E013]" in done.stderr
