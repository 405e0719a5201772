"""attache.dedup.clusters and DedupSettings: the match rule, cluster ids, the settings."""

from __future__ import annotations

import pytest

from attache.dedup import (
    Candidate,
    DedupSettings,
    best_cluster,
    cluster_id,
    event_day,
    pick_story,
    split_cluster_id,
)
from attache.errors import AttacheError

SENTENCE = "Russian troops attacked Ukrainian positions near Kharkiv on Monday."
SETTINGS = DedupSettings()


def _candidate(cluster, text, *, story=False, article=False, position=(1, 0)):
    return Candidate(cluster, text, story, article, position)


def test_event_day_is_a_full_event_date_else_the_publication_date():
    assert event_day("2020-01-06", "2020-01-08") == "2020-01-06"
    assert event_day("2020-01", "2020-01-08") == "2020-01-08"
    assert event_day("195X", None) is None
    assert event_day(None, "2020-01-08") == "2020-01-08"


def test_cluster_ids_name_an_event():
    assert cluster_id("reuters:12", 3) == "reuters:12:3"
    assert split_cluster_id("reuters:12:3") == ("reuters:12", 3)


def test_near_identical_evidence_joins_and_different_evidence_does_not():
    same = _candidate("a:0", SENTENCE.replace("Monday", "Monday night"))
    other = _candidate("b:0", "Russian artillery shelled the village of Izium on Monday.")
    assert best_cluster(SENTENCE, "2020-01-06", [other, same], SETTINGS) == ("a:0", 0.9)
    assert best_cluster(SENTENCE, "2020-01-06", [other], SETTINGS) is None
    assert best_cluster(SENTENCE, "2020-01-06", [], SETTINGS) is None


def test_copies_of_one_story_need_less_overlap_but_not_none():
    reworded = "Ukrainian positions near Kharkiv came under Russian fire, officials said."
    assert best_cluster(SENTENCE, "2020-01-06", [_candidate("a:0", reworded)], SETTINGS) is None
    joined = best_cluster(SENTENCE, "2020-01-06", [_candidate("a:0", reworded, story=True)],
                          SETTINGS)  # fmt: skip
    assert joined is not None and joined[0] == "a:0"
    unrelated = _candidate("a:1", "The minister flew to Paris for talks.", story=True)
    assert best_cluster(SENTENCE, "2020-01-06", [unrelated], SETTINGS) is None


def test_the_same_article_needs_near_identical_evidence():
    reworded = "Ukrainian positions near Kharkiv came under Russian fire, officials said."
    own = _candidate("a:0", reworded, story=True, article=True)
    assert best_cluster(SENTENCE, "2020-01-06", [own], SETTINGS) is None
    own = _candidate("a:0", SENTENCE, story=True, article=True)
    assert best_cluster(SENTENCE, "2020-01-06", [own], SETTINGS) == ("a:0", 1.0)


def test_without_a_day_only_copies_of_the_story_join():
    stranger = _candidate("a:0", SENTENCE)
    assert best_cluster(SENTENCE, None, [stranger], SETTINGS) is None
    copy = _candidate("b:0", SENTENCE, story=True)
    assert best_cluster(SENTENCE, None, [stranger, copy], SETTINGS) == ("b:0", 1.0)


def test_the_most_similar_wins_then_the_first_stored():
    first = _candidate("a:0", SENTENCE, position=(1, 0))
    second = _candidate("b:0", SENTENCE, position=(2, 0))
    assert best_cluster(SENTENCE, "d", [second, first], SETTINGS) == ("a:0", 1.0)
    closer = _candidate("c:0", SENTENCE, position=(3, 0))
    looser = _candidate("a:0", SENTENCE.replace("Monday", "Monday night"), position=(1, 0))
    assert best_cluster(SENTENCE, "d", [looser, closer], SETTINGS) == ("c:0", 1.0)


def test_settings_defaults_and_round_trip():
    assert SETTINGS.hashes == 72
    assert DedupSettings.from_dict(SETTINGS.to_dict()) == SETTINGS
    assert DedupSettings.from_dict({"article_threshold": 0.7, "unknown": 1}) == DedupSettings(
        article_threshold=0.7
    )
    assert DedupSettings.from_dict({"shingle_size": 4.0}).shingle_size == 4


@pytest.mark.parametrize(
    "values",
    [
        {"article_threshold": 0},
        {"evidence_threshold": 1.5},
        {"story_evidence_threshold": "0.3"},
        {"shingle_size": 0},
        {"bands": 2.5},
        {"rows": True},
        {"max_candidates": 5000},
    ],
)
def test_bad_settings_are_e011(values):
    with pytest.raises(AttacheError) as caught:
        DedupSettings(**values)
    assert caught.value.code.name == "E011"
    assert next(iter(values)) in caught.value.message


def test_pick_story_takes_the_first_stored_story_alike_enough():
    candidates = [(5, 0.9, "late"), (2, 0.55, "early"), (1, 0.4, "too different")]
    assert pick_story(candidates, 0.5) == ("early", 0.55)
    assert pick_story([(2, 0.612345, "a"), (2, 0.8, "a")], 0.5) == ("a", 0.8)
    assert pick_story([(1, 0.49, "a")], 0.5) is None
    assert pick_story([], 0.5) is None
