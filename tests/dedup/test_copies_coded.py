"""Real text through the real coder: one story carried by two outlets (another headline,
another dateline, a few words changed) is one story and its events one event each; another
attack on the same dyad the same day stays another event."""

from __future__ import annotations

from pathlib import Path

import pytest

from attache.ingest import read_jsonl
from attache.query import dyad_series, find_events, open_events, summary

STORIES = Path(__file__).parents[1] / "data" / "copied-story.jsonl"
"""Reuters' story, the Kyiv Post's copy of it and AP's other attack (JSON Lines, also the
input of the Dask engine's dedup test)."""

REUTERS, KYIV_POST, AP = read_jsonl(STORIES)


@pytest.fixture(scope="module")
def coded(coder):
    return {article.id: coder.code_article(article) for article in (REUTERS, KYIV_POST, AP)}


def _attack(rows, article_id):
    (row,) = [row for row in rows if row["article_id"] == article_id
              and (row["source_code"], row["cameo_code"]) == ("RUSMIL", "190")
              and row["target_code"] == "UKR"]  # fmt: skip
    return row


def test_the_same_story_from_two_outlets_is_one_story_and_one_event(store, coded):
    store.write(coded["reuters-1"])
    store.write(coded["kyivpost-7"])
    (copy,) = store.read("SELECT duplicate_of, duplicate_similarity FROM articles "
                         "WHERE id = 'kyivpost-7'")  # fmt: skip
    assert copy["duplicate_of"] == "reuters-1" and copy["duplicate_similarity"] >= 0.5

    rows = find_events(store)
    attack = _attack(rows, "reuters-1")
    assert _attack(rows, "kyivpost-7")["cluster_id"] == attack["cluster_id"] == "reuters-1:0"
    (cluster,) = store.read("SELECT * FROM event_clusters WHERE cluster_id = ?",
                            [attack["cluster_id"]])  # fmt: skip
    assert (cluster["num_mentions"], cluster["num_articles"], cluster["num_sources"]) == (2, 2, 2)
    # every event of the copy is an event of the original
    assert {row["cluster_id"] for row in rows if row["article_id"] == "kyivpost-7"} <= {
        row["cluster_id"] for row in rows if row["article_id"] == "reuters-1"
    }
    with open_events(store.path) as source:
        series = dyad_series(source, "RUSMIL", "UKR", by="day")
    assert [(row["period"], row["events"], row["mentions"]) for row in series] == [
        ("2022-03-07", 1, 2)
    ]
    found = summary(store)
    assert found["duplicate_articles"] == 1
    assert found["clusters"] == len({row["cluster_id"] for row in rows
                                     if row["article_id"] == "reuters-1"})  # fmt: skip
    assert found["events"] == len(rows) > found["clusters"]


def test_another_attack_the_same_day_on_the_same_dyad_is_another_event(store, coded):
    for article_id in ("reuters-1", "kyivpost-7", "ap-3"):
        store.write(coded[article_id])
    assert store.read("SELECT duplicate_of FROM articles WHERE id = 'ap-3'") == [
        {"duplicate_of": None}
    ]
    rows = find_events(store)
    assert _attack(rows, "ap-3")["cluster_id"] == "ap-3:0" != _attack(rows, "reuters-1")[
        "cluster_id"
    ]
    with open_events(store.path) as source:
        series = dyad_series(source, "RUSMIL", "UKR", by="day")
    assert [(row["events"], row["mentions"]) for row in series] == [(2, 3)]
