"""dyad_events: the newest events behind each point of dyad_series."""

from __future__ import annotations

from datetime import date

import pytest

from attache.errors import AttacheError
from attache.query import dyad_series
from attache.query.dyads import DYAD_EVENT_COLUMNS, dyad_events

DAYS = [date(2020, 1, 3), date(2020, 1, 9), date(2020, 1, 20), date(2020, 1, 28),
        date(2020, 3, 2)]  # fmt: skip


@pytest.fixture
def dyad_store(store, make_coded):
    """An attack RUSMIL -> UKRMIL (a CAMEO code of its own each: separate events) and a
    demand UKRGOV -> RUSGOV in each article, plus a negated attack; two more articles
    report the same attack on the same day (one event, or two, as the store clusters)."""
    for index, day in enumerate(DAYS):
        store.write(make_coded(
            f"a{index}", published=day,
            events=[("RUSMIL", f"19{index}", "UKRMIL", "asserted"),
                    ("UKRGOV", "122", "RUSGOV", "asserted"),
                    ("RUSMIL", "190", "UKRMIL", "negated")],
        ))  # fmt: skip
    for article_id in ("copy-1", "copy-2"):
        store.write(make_coded(article_id, published=date(2020, 2, 11),
                               events=[("RUSMIL", "195", "UKRMIL", "asserted")]))  # fmt: skip
    store.write(make_coded("undated", published=None))
    return store


def test_each_period_lists_its_newest_events_first(dyad_store):
    rows = dyad_events(dyad_store, "RUS", "UKR", since=date(2020, 1, 1),
                       until=date(2020, 1, 31), per_period=3)  # fmt: skip
    assert [row["published"] for row in rows] == ["2020-01-28", "2020-01-20", "2020-01-09"]
    assert [row["cameo_code"] for row in rows] == ["193", "192", "191"]
    assert all(list(row) == list(DYAD_EVENT_COLUMNS) for row in rows)
    assert {(row["period"], row["source_code"], row["seq"], row["reports"]) for row in rows} == {
        ("2020-01", "RUSMIL", 0, 1)
    }
    assert rows[0]["title"] == "Troops attack" and rows[0]["article_id"] == "a3"


@pytest.mark.parametrize("both", [False, True])
def test_the_events_are_the_newest_of_what_dyad_series_counts(dyad_store, both):
    options = dict(since=date(2020, 1, 5), until=date(2020, 3, 31), both_directions=both)
    series = dyad_series(dyad_store, "RUS", "UKR", **options)
    rows = dyad_events(dyad_store, "RUS", "UKR", per_period=100, **options)
    for point in series:
        listed = [row for row in rows if row["period"] == point["period"]]
        assert len(listed) == point["events"]
        assert sum(row["reports"] for row in listed) == point.get("mentions", point["events"])
    assert {row["period"] for row in rows} == {point["period"] for point in series}
    assert {row["source_code"] for row in rows} == ({"RUSMIL", "UKRGOV"} if both else {"RUSMIL"})


def test_per_period_bounds_and_checks(dyad_store):
    assert dyad_events(dyad_store, "RUS", "UKR", per_period=0) == []
    assert dyad_events(dyad_store, "USA", "UKR") == []
    with pytest.raises(AttacheError, match="E011"):
        dyad_events(dyad_store, "RUS", "UKR", per_period=-1)
    with pytest.raises(AttacheError, match="E011"):
        dyad_events(dyad_store, " ", "UKR")
    by_year = dyad_events(dyad_store, "RUS", "UKR", by="year", per_period=2)
    assert [(row["period"], row["published"]) for row in by_year] == [
        ("2020", "2020-03-02"), ("2020", "2020-02-11")
    ]
