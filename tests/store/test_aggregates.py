"""The aggregates stay exact: after any sequence of writes, replacements, deletions and
``attache dedup``, the aggregate tables equal a rebuild from the events, and every analytics
question answered from them equals the answer computed from the events alone.

Property-style: seeded random sequences of operations over articles built to make the hard
cases common (copies of one story published on different days, so clusters spanning days
and months; events dated by the story or not at all; places on some reports only), then
many questions with spans that cut months at either end."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from itertools import product

import pytest

from attache.dedup import DedupSettings
from attache.model import Place
from attache.query.analytics import (
    Span,
    dyad_series,
    plan_span,
    top_actors,
    top_dyads,
    top_places,
)
from attache.store import aggregates, open_store

STORIES = [
    "Russian troops attacked Ukrainian positions near the river on Monday morning. Officials "
    "in the capital said the fighting went on for hours and that several villages had been "
    "shelled before the army pulled back to its earlier lines.",
    "The United States condemned the attack on the convoy in a statement on Tuesday. The "
    "State Department said the envoy would travel to the region next week to meet leaders "
    "of both sides and press them to return to talks.",
    "Chinese envoys met Japanese officials in Tokyo on Tuesday to talk about fishing "
    "rights. Both sides said the talks would go on next month in Beijing after a short "
    "break, and that a joint statement was being drafted.",
]
EDITS = ["", " A spokesman declined to comment further.", " Reporters were not allowed in."]
ACTORS = ["RUSMIL", "RUSGOV", "UKRMIL", "USAGOV", "CHN", None]
CODES = ["190", "0431", "111", "061"]
PUBLISHED = [date(2020, 1, 30), date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 15),
             date(2020, 2, 29), date(2020, 3, 1), date(2020, 3, 2), None]
EVENT_DATES = [None, None, "2020-01-31", "2020-02-01", "2020-02", "2020"]
PLACES = [None, ("Kharkiv", "UKR", 706483), ("Kyiv", "UKR", 703448), ("Middle East", None, None)]


def random_article(rng: random.Random, make_coded, article_id: str):
    """A coded article: one of a few stories, so copies, with that story's events (on a few
    actors and codes, mostly dated as the story dates them: copies published on different
    days then report the same events) and random publication dates and places."""
    story = rng.randrange(len(STORIES))
    told = random.Random(story)  # what the story says, the same in every copy
    events = [(told.choice(ACTORS) or "RUS", told.choice(CODES), told.choice(ACTORS),
               told.choice(["asserted"] * 5 + ["negated"]))
              for _ in range(told.randint(1, 3))]
    days = [told.choice(EVENT_DATES) for _ in events]
    coded = make_coded(article_id, text=STORIES[story] + rng.choice(EDITS),
                       published=rng.choice(PUBLISHED), events=events)
    varied = []
    for event, told_day in zip(coded.events, days, strict=True):
        place = rng.choice(PLACES)
        location = None if place is None else Place(
            event.evidence, place[0], place[1], place[1], kind="city", dateline=False,
            geonames_id=place[2])
        day = told_day if rng.random() < 0.7 else rng.choice(EVENT_DATES)
        varied.append(dataclasses.replace(
            event, date=day, date_basis="explicit" if day else "publication",
            location=location))
    return dataclasses.replace(coded, events=varied)


def assert_tables_equal_a_rebuild(store) -> None:
    for table in aggregates.TABLES:
        order = ", ".join(aggregates.KEYS[table])
        kept = store.read(f"SELECT {', '.join(aggregates.COLUMNS[table])} FROM {table}"
                          f" ORDER BY {order}")
        rebuilt = store.read(f"SELECT * FROM ({aggregates.rows_sql(table)}) ORDER BY {order}")
        assert kept == rebuilt, table


SPANS = [
    (None, None),
    (date(2020, 2, 1), date(2020, 2, 29)),          # one whole month
    (date(2020, 1, 1), date(2020, 3, 31)),          # whole months
    (date(2020, 1, 31), date(2020, 3, 1)),          # a day at each end
    (date(2020, 1, 30), None),                      # open at the end
    (None, date(2020, 2, 15)),                      # open at the start, part of a month
    (date(2020, 2, 1), date(2020, 2, 1)),           # one day
    (date(2020, 2, 16), date(2020, 2, 28)),         # days within a month
    (date(2020, 3, 1), date(2020, 1, 1)),           # empty
    (date(1, 1, 30), date(1, 1, 30)),               # the first month a date can hold
    (date(9999, 12, 2), None),                      # the last
]


def questions():
    """(name, call) of every analytics question, over every span."""
    for (since, until), dated_by in product(SPANS, ("published", "event")):
        span = {"since": since, "until": until, "dated_by": dated_by}
        label = f"{since}..{until} {dated_by}"
        for (a, b), by, both in product((("RUS", "UKR"), ("RUSMIL", "UKRMIL"), ("USA", "RUS")),
                                        ("month", "year"), (False, True)):
            yield (f"series {a}->{b} by {by} both={both} {label}",
                   lambda s, a=a, b=b, by=by, both=both, span=span:
                   dyad_series(s, a, b, by=by, both_directions=both, **span))
        for level, actor in product(("code", "country"), (None, "RUS")):
            yield (f"top dyads {level} {actor} {label}",
                   lambda s, level=level, actor=actor, span=span:
                   top_dyads(s, level=level, actor=actor, limit=50, **span))
        for level, side in product(("code", "country"), ("either", "source", "target")):
            yield (f"top actors {level} {side} {label}",
                   lambda s, level=level, side=side, span=span:
                   top_actors(s, level=level, side=side, limit=50, **span))
        for level in ("place", "country"):
            yield (f"top places {level} {label}",
                   lambda s, level=level, span=span: top_places(s, level=level, limit=50,
                                                                **span))


def assert_answers_equal_the_events(store) -> None:
    asked = list(questions())
    answers = {name: call(store) for name, call in asked}
    store.aggregates = False  # the same questions, computed from the events alone
    try:
        for name, call in asked:
            assert answers[name] == call(store), name
    finally:
        del store.aggregates


@pytest.mark.parametrize("seed", range(4))
def test_aggregates_stay_exact_under_writes_replacements_deletions_and_dedup(
    tmp_path, make_coded, seed
):
    rng = random.Random(seed)
    with open_store(tmp_path / "store.sqlite") as store:
        ids: list[str] = []
        for step in range(40):
            roll = rng.random()
            if roll < 0.6 or not ids:  # a new article
                ids.append(f"a{step}")
                store.write(random_article(rng, make_coded, ids[-1]))
            elif roll < 0.8:  # a changed version of a stored one
                store.write(random_article(rng, make_coded, rng.choice(ids)))
            elif roll < 0.95:
                gone = rng.choice(ids)
                assert store.delete(gone)
                ids.remove(gone)
            else:
                store.dedup(DedupSettings(evidence_threshold=rng.choice([0.3, 0.6, 0.9])))
            assert_tables_equal_a_rebuild(store)
        clusters = store.read("SELECT count(*) AS n FROM cluster_days")[0]["n"]
        assert clusters, "the sequence should have made clusters reported on several days"
        assert_answers_equal_the_events(store)
        store.dedup()
        assert_tables_equal_a_rebuild(store)
        assert_answers_equal_the_events(store)


def test_deleting_an_article_that_is_not_stored(store):
    assert store.delete("missing") is False


def test_aggregate_rebuild_reports_what_it_counted(store, make_coded):
    store.write(make_coded("a1"))
    store.write(make_coded("a2", published=date(2020, 2, 1)))  # a copy, a month later
    report = store.aggregate()
    assert report.events == 4  # plain event records dated by publication
    # the attack is dated 2020-01-06 in both: one cluster, reported on two days; the
    # condemnation is dated by publication, so the copies' are two events
    assert report.day_rows == 2
    assert report.line().startswith("aggregated 4 plain events:")
    # the cluster counts once in each month, and once over both
    series = dyad_series(store, "RUS", "UKR")
    assert [(row["period"], row["events"]) for row in series] == [("2020-01", 1),
                                                                   ("2020-02", 1)]
    for span in ({}, {"since": date(2020, 1, 1), "until": date(2020, 2, 29)},
                 {"since": date(2020, 1, 6), "until": date(2020, 2, 1)}):
        (attack,) = top_dyads(store, actor="UKR", **span)
        assert (attack["events"], attack["mentions"]) == (1, 2), span
    assert dyad_series(store, "RUS", "UKR", by="year")[0]["events"] == 1


def test_a_parquet_folder_answers_from_its_aggregates_as_from_its_events(tmp_path, make_coded):
    """The same articles in a store and in a linked Parquet folder: the folder's aggregates
    (built by attache dedup) answer every question as its events do, and as the store."""
    from attache.store.backends import open_backend
    from attache.store.parquet import current_aggregates, prepare, write_results
    from attache.store.readers import ParquetEvents

    rng = random.Random(7)
    articles = [random_article(rng, make_coded, f"a{index:02d}") for index in range(30)]
    folder = prepare(tmp_path / "dataset")
    with open_store(tmp_path / "store.sqlite") as store:
        for coded in articles:  # stored order: by id, as the folder orders equal coded_at
            store.write(coded)
            write_results(folder, [coded], f"task-{coded.article.id}")
    backend = open_backend(folder)
    assert current_aggregates(folder) is None
    backend.relink({})  # links the folder and builds its aggregates
    assert current_aggregates(folder) is not None
    asked = list(questions())[::3]  # a third of them: DuckDB takes a while per question
    with open_backend(tmp_path / "store.sqlite").events() as sqlite_source, \
            backend.events() as parquet_source, \
            ParquetEvents(folder, aggregates=False) as raw_source:
        assert parquet_source.aggregates and not raw_source.aggregates
        assert parquet_source.read("SELECT count(*) AS n FROM cluster_days")[0]["n"]
        for name, call in asked:
            expected = call(sqlite_source)
            assert call(parquet_source) == expected, name
            assert call(raw_source) == expected, name
    write_results(folder, [random_article(rng, make_coded, "later")], "task-later")
    assert current_aggregates(folder) is None  # events written since: read the events
    with backend.events() as source:
        assert not source.aggregates


def test_spans_are_cut_into_whole_months_and_days():
    assert plan_span(None, None) == Span(months=True)
    assert plan_span(date(2020, 1, 31), date(2020, 3, 1)) == Span(
        months=True, first_month="2020-02", last_month="2020-02",
        days=(("2020-01-31", "2020-01-31"), ("2020-03-01", "2020-03-01")),
        since="2020-01-31", until="2020-03-01")
    assert plan_span(date(2020, 2, 16), date(2020, 2, 28)).days == (
        ("2020-02-16", "2020-02-28"),)
    assert not plan_span(date(2020, 2, 16), date(2020, 2, 28)).months
    # no month after 9999-12 or before 0001-01: the days alone
    assert plan_span(date(9999, 12, 2), None) == Span(
        months=False, days=(("9999-12-02", "9999-12-31"),), since="9999-12-02")
    assert plan_span(None, date(1, 1, 5)) == Span(
        months=False, days=(("0001-01-01", "0001-01-05"),), until="0001-01-05")
    assert plan_span(date(1, 1, 1), date(9999, 12, 31)) == Span(
        months=True, first_month="0001-01", last_month="9999-12", since="0001-01-01",
        until="9999-12-31")
