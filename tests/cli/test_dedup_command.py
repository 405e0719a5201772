"""``attache dedup``: links again, with the store's settings or new ones, and says what it
found."""

from __future__ import annotations

import dataclasses

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
    assert bad.returncode == 1 and "[E011]" in bad.stderr
    assert "article_threshold" in bad.stderr

