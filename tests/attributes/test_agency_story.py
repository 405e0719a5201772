"""The issue's acceptance story: every attribute of the agency story at once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from attache.model import CodedArticle


@pytest.fixture(scope="module")
def story(coder, agency_story) -> CodedArticle:
    return coder.code_article(agency_story)


@pytest.fixture(scope="module")
def undated_story(coder, agency_story) -> CodedArticle:
    return coder.code_article(replace(agency_story, published=None))


def test_quotes_are_lavrovs_via_tass_and_the_agency(story):
    direct = [q for q in story.quotes if q.direct]
    assert len(direct) == 2
    assert all(q.speaker.code == "RUSGOV" and q.chain == ("Lavrov", "TASS", "MINA")
               for q in direct)


def test_trade_is_money_between_indonesia_and_russia_in_2019(story):
    (trade,) = [q for q in story.quantities if q.kind == "money"]
    assert (trade.value, trade.unit, trade.year) == (2.7e9, "USD", 2019)
    assert trade.measures == "bilateral trade" and set(trade.actors) == {"IDN", "RUS"}


def test_monday_is_resolved_only_with_a_publication_date(story, undated_story):
    (monday,) = [d for d in story.dates if d.evidence.text == "Monday"]
    assert (monday.value, monday.resolution) == ("2023-01-16", "relative")
    (monday,) = [d for d in undated_story.dates if d.evidence.text == "Monday"]
    assert (monday.value, monday.resolution) == (None, "unresolved")


def test_the_1950s_are_a_background_decade(story):
    (decade,) = [d for d in story.dates if "1950s" in d.evidence.text]
    assert (decade.value, decade.background) == ("195X", True)


def test_jets_and_helicopters_are_equipment_of_the_purchase(story):
    names = {(e.name, e.category) for e in story.equipment}
    assert names == {("Su-35 fighter jet", "aircraft"), ("Mi-17 helicopter", "helicopter")}
    purchase = [e for e in story.plain_events if "purchased" in e.evidence.text]
    assert purchase and all(purchase[0].verb_start in e.event_verbs for e in story.equipment)
    assert purchase[0].background  # "has purchased": history, not news of the day


def test_moscow_is_the_dateline(story):
    (dateline,) = [p for p in story.places if p.dateline]
    assert (dateline.name, dateline.country_iso3) == ("Moscow", "RUS")
