from datetime import date

import pytest

from attache.errors import AttacheError
from attache.query import EVENT_COLUMNS, EventFilter, find_events, summary


@pytest.fixture
def filled(store, make_coded):
    """Three articles over three days, with events of all four quad classes."""
    store.write(
        make_coded(
            "d1",
            published=date(2020, 1, 1),
            events=[
                ("RUSMIL", "190", "UKRMIL", "asserted"),
                ("USAGOV", "122", "RUSGOV", "asserted"),
            ],
        )
    )
    store.write(
        make_coded(
            "d2",
            published=date(2020, 1, 2),
            events=[
                ("UKRGOV", "0431", "RUSGOV", "asserted"),
                ("RUSGOV", "061", "CHN", "asserted"),
                ("IRN", "138", "USA", "hypothetical"),
            ],
        )
    )
    store.write(
        make_coded(
            "d3",
            published=date(2020, 1, 3),
            events=[
                ("USA", "1831", None, "asserted"),
                ("CHNGOV", "0431", "RUSGOV", "negated"),
            ],
        )
    )
    return store


def _dyads(rows):
    return [(row["source_code"], row["cameo_code"], row["target_code"]) for row in rows]


def test_no_filter_returns_plain_events_in_date_order(filled):
    rows = find_events(filled)
    assert _dyads(rows) == [
        ("RUSMIL", "190", "UKRMIL"),
        ("USAGOV", "122", "RUSGOV"),
        ("UKRGOV", "0431", "RUSGOV"),
        ("RUSGOV", "061", "CHN"),
        ("USA", "1831", None),
    ]
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert rows[0]["title"] == "Troops attack" and rows[0]["url"] == "https://example.org/d1"
    assert rows[0]["evidence_text"].startswith("Russian troops attacked")


@pytest.mark.parametrize(
    ("event_filter", "expected"),
    [
        (
            EventFilter(actor="RUS"),
            [
                ("RUSMIL", "190", "UKRMIL"),
                ("USAGOV", "122", "RUSGOV"),
                ("UKRGOV", "0431", "RUSGOV"),
                ("RUSGOV", "061", "CHN"),
            ],
        ),
        (
            EventFilter(actor="rusgov"),
            [("USAGOV", "122", "RUSGOV"), ("UKRGOV", "0431", "RUSGOV"), ("RUSGOV", "061", "CHN")],
        ),
        (EventFilter(source="RUS"), [("RUSMIL", "190", "UKRMIL"), ("RUSGOV", "061", "CHN")]),
        (EventFilter(target="RUS", source="UKR"), [("UKRGOV", "0431", "RUSGOV")]),
        (EventFilter(code="19"), [("RUSMIL", "190", "UKRMIL")]),
        (EventFilter(code="043"), [("UKRGOV", "0431", "RUSGOV")]),
        (EventFilter(root="6"), [("RUSGOV", "061", "CHN")]),
        (EventFilter(root="18"), [("USA", "1831", None)]),
        (EventFilter(quad_class=4), [("RUSMIL", "190", "UKRMIL"), ("USA", "1831", None)]),
        (
            EventFilter(since=date(2020, 1, 2), until=date(2020, 1, 2)),
            [("UKRGOV", "0431", "RUSGOV"), ("RUSGOV", "061", "CHN")],
        ),
        (EventFilter(until=date(2019, 12, 31)), []),
        (EventFilter(limit=2), [("RUSMIL", "190", "UKRMIL"), ("USAGOV", "122", "RUSGOV")]),
        (EventFilter(modality="negated"), [("CHNGOV", "0431", "RUSGOV")]),
        (EventFilter(actor="'; DROP TABLE events; --"), []),
    ],
)
def test_filters(filled, event_filter, expected):
    assert _dyads(find_events(filled, event_filter)) == expected


def test_all_modalities(filled):
    rows = find_events(filled, EventFilter(modality=None))
    assert len(rows) == 7
    assert {row["modality"] for row in rows} == {"asserted", "hypothetical", "negated"}


def test_negative_limit_is_an_error(filled):
    with pytest.raises(AttacheError) as caught:
        find_events(filled, EventFilter(limit=-1))
    assert caught.value.code.name == "E011"


def test_summary(filled):
    found = summary(filled, top=3)
    assert found["articles"] == 3 and found["rejections"] == 0
    assert found["events"] == 5 and found["events_other_modalities"] == 2
    assert found["events_by_quad_class"] == {"1": 1, "2": 1, "3": 1, "4": 2}
    assert list(found["events_by_quad_class"]) == ["1", "2", "3", "4"]
    assert found["top_dyads"][0] == {"source": "RUSGOV", "target": "CHN", "events": 1,
                                     "mentions": 1}
    assert found["top_actors"][0] == {"actor": "RUSGOV", "events": 3, "mentions": 3}
    assert found["clusters"] == 5 and found["duplicate_articles"] == 2  # one text, 3 ids
    assert len(found["top_actors"]) == 3


def test_summary_of_an_empty_store(store):
    found = summary(store)
    assert found["articles"] == found["events"] == found["clusters"] == 0
    assert found["events_by_quad_class"] == {} and found["top_dyads"] == []


def test_offset_pages_through_the_ordered_events(filled):
    every = find_events(filled, EventFilter(modality=None))
    pages = [
        find_events(filled, EventFilter(modality=None, limit=3, offset=offset))
        for offset in (0, 3, 6)
    ]
    assert [row for page in pages for row in page] == every
    assert find_events(filled, EventFilter(modality=None, offset=5)) == every[5:]
    with pytest.raises(AttacheError) as caught:
        find_events(filled, EventFilter(offset=-1))
    assert caught.value.code.name == "E011"
