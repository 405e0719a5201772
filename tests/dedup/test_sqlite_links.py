"""Duplicates and event clusters as the store writes, replaces and re-links articles
(hand-built records in real SQLite files)."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pytest

from attache.dedup import DedupSettings
from attache.store import open_store

STORY = (
    "Russian troops attacked Ukrainian positions near Kharkiv on Monday, the defence ministry "
    "said. The United States condemned the attack and urged Moscow to withdraw its forces "
    "from the border. Officials said two soldiers were wounded and several buildings were "
    "damaged in the village, and that the shelling lasted for several hours."
)
OTHER = (
    "Russian artillery shelled a Ukrainian convoy outside Izium on Monday, killing three "
    "drivers. The convoy was carrying food and medicine to villages cut off by the fighting, "
    "and aid groups said their deliveries would stop until the roads were safe again."
)
ATTACK = ("RUSMIL", "190", "UKRMIL", "asserted")
CONDEMN = ("USAGOV", "122", "RUSMIL", "asserted")


@pytest.fixture
def article(make_coded):
    """A coded article over ``text`` from ``source``; events as make_coded's."""

    def build(article_id, text=STORY, *, source="Wire A", events=(ATTACK, CONDEMN),
              published=date(2020, 1, 6)):
        coded = make_coded(article_id, text=text, events=list(events), published=published)
        coded.article = dataclasses.replace(coded.article, source=source)
        return coded

    return build


def _duplicates(store):
    rows = store.read("SELECT id, duplicate_of FROM articles ORDER BY rowid")
    return {row["id"]: row["duplicate_of"] for row in rows}


def _clusters(store):
    rows = store.read("SELECT article_id, seq, cluster_id FROM events ORDER BY article_id, seq")
    return {(row["article_id"], row["seq"]): row["cluster_id"] for row in rows}


def _counts(store):
    rows = store.read("SELECT * FROM event_clusters ORDER BY cluster_id")
    return {row.pop("cluster_id"): row for row in rows}


def _state(store):
    return _duplicates(store), _clusters(store), _counts(store)


def test_a_copy_from_another_outlet_is_linked_with_its_events(store, article):
    store.write(article("a"))
    copy = article("b", STORY.replace("urged", "called on"), source="Wire B")
    assert store.write(copy) == "inserted"
    row = store.read("SELECT duplicate_of, duplicate_similarity FROM articles WHERE id = 'b'")
    assert row[0]["duplicate_of"] == "a" and 0.7 < row[0]["duplicate_similarity"] < 1
    assert _clusters(store) == {("a", 0): "a:0", ("a", 1): "a:1", ("b", 0): "a:0",
                                ("b", 1): "a:1"}  # fmt: skip
    assert _counts(store)["a:0"] == {
        "article_id": "a", "seq": 0, "num_mentions": 2, "num_articles": 2, "num_sources": 2,
        "first_published": "2020-01-06",
    }  # fmt: skip
    assert store.article("b") == copy  # reads back as written


def test_sources_are_outlets_and_an_article_without_one_counts_alone(store, article):
    store.write(article("a"))
    store.write(article("b", source="Wire A"))
    assert _counts(store)["a:0"]["num_sources"] == 1
    store.write(article("c", source=None))
    assert _counts(store)["a:0"] | {"seq": 0} == {
        "article_id": "a", "seq": 0, "num_mentions": 3, "num_articles": 3, "num_sources": 2,
        "first_published": "2020-01-06",
    }  # fmt: skip


def test_different_events_on_the_same_day_and_dyad_are_not_merged(store, article):
    store.write(article("a"))
    store.write(article("b", OTHER, source="Wire B"))
    assert _duplicates(store) == {"a": None, "b": None}
    clusters = _clusters(store)
    assert clusters[("b", 0)] == "b:0" != clusters[("a", 0)]  # same key, other evidence
    assert len(_counts(store)) == 4


def test_near_identical_evidence_links_events_of_unrelated_articles(store, article):
    store.write(article("a"))
    # another story, whose first sentence repeats the attack word for word
    text = STORY.split(". ")[0] + ". " + OTHER
    store.write(article("b", text, source="Wire B"))
    assert _duplicates(store)["b"] is None
    assert _clusters(store)[("b", 0)] == "a:0"


def test_an_event_on_another_day_or_of_another_kind_starts_a_cluster(store, article):
    store.write(article("a"))
    store.write(article("b", source="Wire B", published=date(2020, 1, 7),
                        events=[("RUSMIL", "193", "UKRMIL", "asserted"), CONDEMN]))
    clusters = _clusters(store)
    # 193 is not 190; b's condemnation is dated by publication (the 7th), a's the 6th
    assert clusters[("b", 0)] == "b:0" and clusters[("b", 1)] == "b:1"
    assert _duplicates(store)["b"] == "a"  # the story is still a copy


def test_events_repeated_in_one_article_are_one_event(store, article):
    store.write(article("a", events=[ATTACK, ATTACK]))
    # the first is dated 2020-01-06 explicitly, the second by publication: the same day
    assert _clusters(store) == {("a", 0): "a:0", ("a", 1): "a:0"}
    assert _counts(store)["a:0"]["num_mentions"] == 2
    assert _counts(store)["a:0"]["num_articles"] == 1


def test_a_copy_of_a_copy_names_the_original(store, article):
    longer = STORY + " Kyiv said it would ask its allies for more air defence systems soon."
    longest = longer + " The Kremlin did not comment on the report, which it called a fabrication."
    store.write(article("a"))
    store.write(article("b", longer))
    store.write(article("c", longest))
    assert _duplicates(store) == {"a": None, "b": "a", "c": "a"}


def test_undated_copies_link_their_events_but_strangers_do_not(store, article):
    store.write(article("a", published=None, events=[CONDEMN]))
    store.write(article("b", published=None, events=[CONDEMN], source="Wire B"))
    store.write(article("c", OTHER.replace("Izium", "Kupiansk") + " " + STORY.split(". ")[1],
                        published=None, events=[CONDEMN]))
    clusters = _clusters(store)
    assert clusters[("b", 0)] == "a:0"  # a copy: joins without a day
    assert clusters[("c", 0)] == "c:0"  # no day, not a copy: never linked


def test_unchanged_writes_touch_nothing(store, article):
    store.write(article("a"))
    store.write(article("b"))
    before = _state(store)
    assert store.write(article("b")) == "unchanged"
    assert _state(store) == before


def test_replacing_the_original_relinks_its_copies_and_renames_its_clusters(store, article):
    store.write(article("a"))
    store.write(article("b", source="Wire B"))
    store.write(article("c", source="Wire C"))
    changed = article("a", OTHER, events=[CONDEMN])
    assert store.write(changed) == "replaced"
    # b was stored first of what remains of the story: it is the original now
    assert _duplicates(store) == {"b": None, "c": "b", "a": None}
    clusters = _clusters(store)
    assert clusters[("b", 0)] == clusters[("c", 0)] == "b:0"
    assert clusters[("b", 1)] == clusters[("c", 1)] == "b:1"
    counts = _counts(store)
    assert counts["b:0"]["num_articles"] == 2 and counts["b:0"]["article_id"] == "b"
    # the new a's condemnation: same key as b's, other evidence -> a cluster of its own
    assert clusters[("a", 0)] == "a:0" and counts["a:0"]["num_mentions"] == 1
    assert len(counts) == 3


def test_replacing_a_copy_keeps_the_cluster_and_moves_the_copy_last(store, article):
    store.write(article("a"))
    store.write(article("b", source="Wire B"))
    edited = article("b", STORY.replace("two soldiers", "three soldiers"), source="Wire B")
    assert store.write(edited) == "replaced"
    assert _duplicates(store) == {"a": None, "b": "a"}
    assert _counts(store)["a:0"]["num_articles"] == 2


def test_incremental_links_equal_a_rebuild(store, article):
    store.write(article("a"))
    store.write(article("b", source="Wire B"))
    store.write(article("c", OTHER, source="Wire C"))
    store.write(article("d", STORY.replace("Monday", "Sunday"), source="Wire D",
                        published=date(2020, 1, 5)))
    store.write(article("a", OTHER.replace("three", "four"), events=[CONDEMN]))  # replaced
    store.write(article("e", source=None, events=[ATTACK, ATTACK, CONDEMN]))
    incremental = _state(store)
    report = store.dedup()
    assert _state(store) == incremental
    assert (report.articles, report.events) == (5, 10)
    assert report.duplicates == sum(value is not None for value in incremental[0].values())
    assert report.clusters == len(incremental[2])
    assert report.line().startswith(f"{report.duplicates} of 5 articles are copies")


def test_settings_are_kept_by_the_store_and_used_by_later_writes(tmp_path, article):
    path = tmp_path / "settings.sqlite"
    with open_store(path) as store:
        assert store.dedup_settings == DedupSettings()
        store.write(article("a"))
        # make_coded's events all have the first sentence as evidence
        store.write(article("b", STORY.replace("Monday", "Monday night"), source="Wire B"))
        assert _duplicates(store)["b"] == "a" and _clusters(store)[("b", 0)] == "a:0"
        strict = DedupSettings(article_threshold=0.95, evidence_threshold=0.95,
                               story_evidence_threshold=0.95)
        report = store.dedup(strict)
        assert report.duplicates == 0 and _duplicates(store)["b"] is None
        assert _clusters(store)[("b", 0)] == "b:0"  # evidence alike, no longer near enough
    with open_store(path) as store:
        assert store.dedup_settings == strict
        store.write(article("c", STORY.replace("urged", "called on"), source="Wire C"))
        assert _duplicates(store)["c"] is None  # about 0.85, below 0.95
        store.dedup(DedupSettings())
        assert _duplicates(store) == {"a": None, "b": "a", "c": "a"}


def test_a_failed_write_leaves_links_and_counts_as_they_were(store, article):
    store.write(article("a"))
    store.write(article("b", source="Wire B"))
    before = _state(store)
    broken = article("a", OTHER)
    broken.places = [dataclasses.replace(broken.places[0], latitude=object())]
    with pytest.raises(sqlite3.Error):
        store.write(broken)
    assert _state(store) == before


def test_short_texts_are_never_linked(store, article):
    notice = "Qtly div 25 cts vs 25 cts prior. Pay April 30 Record April 16 today."
    store.write(article("a", notice, events=[]))
    store.write(article("b", notice, events=[]))
    assert _duplicates(store) == {"a": None, "b": None}
    assert store.read("SELECT count(*) AS n FROM article_bands")[0]["n"] == 0


def test_removing_an_original_clusters_the_rest_again(store, article):
    """b copies a and its event joined a's under the looser copy threshold; c's event joined
    a's on its own merit. Without a, b and c are not alike enough to share a cluster."""
    rest = STORY[STORY.index(" The United States"):]
    first = "Russian troops attacked Ukrainian positions near Kharkiv on Monday morning."
    copy = "Russian troops stormed Ukrainian lines close to Kharkiv on Monday, officials said."
    alike = "Russian troops attacked Ukrainian positions near Kharkiv on Monday evening."
    store.write(article("a", first + rest, events=[ATTACK]))
    store.write(article("b", copy + rest, source="Wire B", events=[ATTACK]))
    store.write(article("c", alike + OTHER[OTHER.index(" The convoy"):], source="Wire C",
                        events=[ATTACK]))
    assert _clusters(store)[("b", 0)] == _clusters(store)[("c", 0)] == "a:0"
    store.write(article("a", OTHER.replace("Izium", "Kupiansk"), events=[CONDEMN]))
    incremental = _state(store)
    assert incremental[1][("b", 0)] != incremental[1][("c", 0)]
    store.dedup()
    assert _state(store) == incremental


def test_a_writer_uses_settings_another_process_changed(tmp_path, article):
    path = tmp_path / "two.sqlite"
    strict = DedupSettings(article_threshold=0.95, evidence_threshold=0.95,
                           story_evidence_threshold=0.95)
    with open_store(path) as writer, open_store(path) as other:
        writer.write(article("a"))
        other.dedup(strict)
        writer.write(article("c", STORY.replace("urged", "called on"), source="Wire C"))
        assert writer.dedup_settings == strict
        assert _duplicates(writer)["c"] is None  # about 0.85, below the new 0.95
