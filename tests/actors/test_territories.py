"""Country codes follow the CAMEO country table: a territory it does not list (Hong Kong) is
coded by its sovereign from the day of the transfer, earlier or undated text keeping its own
code; a state it does not list (the Soviet Union, whose Phoenix code SUN is CAMEO's code for
Sunni) is always coded as the state the table uses for it (real model; sentences written for
the test)."""

from __future__ import annotations

from datetime import date

import pytest

from attache.dictionaries.actors import sovereign_code
from attache.ingest.articles import new_article
from attache.model import actor_country


@pytest.mark.parametrize(("code", "day", "expected"), [
    ("HKGCOP", date(2019, 8, 1), "CHNCOP"),
    ("HKGCOP", date(1997, 7, 1), "CHNCOP"),
    ("HKGCOP", date(1997, 6, 30), "HKGCOP"),
    ("HKGCOP", None, "HKGCOP"),
    ("USA/HKG", date(2019, 8, 1), "USA/CHN"),
    ("GBRGOV", date(2019, 8, 1), "GBRGOV"),
    ("SUNGOV", date(1987, 5, 1), "RUSGOV"),
    ("SUN", None, "RUS"),
    ("SUNRUSLEG", date(1980, 1, 1), "RUSLEG"),
    ("IRQSUN", None, "IRQSUN"),
])
def test_a_territory_is_coded_by_its_sovereign_from_the_transfer(code, day, expected):
    assert sovereign_code(code, day) == expected


@pytest.mark.parametrize(("published", "expected"), [("2019-08-01", "CHNCOP"),
                                                      ("1990-08-01", "HKGCOP")])
def test_the_coder_dates_the_territory_by_the_article(coder, published, expected):
    coded = coder.code_article(new_article("Hong Kong police arrested the Chilean activist.",
                                           published=published))
    assert expected in {event.source.code for event in coded.events if event.source}


def test_soviet_actors_are_coded_as_russia_not_as_sunni(coder):
    coded = coder.code_article(new_article("The Soviet Union criticised Chile.",
                                           published="1987-05-04"))
    assert {(event.source.code, event.target.code) for event in coded.events} == {("RUS", "CHL")}


@pytest.mark.parametrize(("code", "country"), [
    ("MNCBRA", "BRA"),        # a Brazilian company
    ("NGOUSAHRI", "USA"),     # an American human-rights group
    ("NGOHRI", "NGO"),        # a human-rights group of no country
    ("IGOUNO", "IGO"),        # after IGO comes the organisation, not a country
    ("USAGOV", "USA"),
])
def test_a_company_or_ngo_carries_its_home_country(code, country):
    assert actor_country(code) == country
