"""Actors as news names them (attache.actors.resolve): names that are only the start of a
longer name, plural demonyms, abbreviations, role nouns joined to a name by "of". Sentences
written for these tests, coded by the real coder."""

from __future__ import annotations

from datetime import date

import pytest

from attache.ingest.articles import new_article

DAY = date(2023, 1, 16)


@pytest.fixture(scope="module")
def mentions(coder):
    """``mentions(text)``: (text, code) of the actor mentions the coder finds."""

    def find(text: str) -> list[tuple[str, str]]:
        coded = coder.code_article(new_article(text, published=DAY))
        return [(m.evidence.text, m.code) for m in coded.mentions if m.kind != "unknown"]

    return find


def test_the_west_bank_is_not_the_west(mentions):
    found = mentions("Israel built new homes in the West Bank.")
    assert ("West Bank", "PSE") in found
    assert not any(code == "WST" for _, code in found)


def test_the_west_itself_is_still_the_west(mentions):
    assert ("the West", "WST") in mentions("Russia criticised the West on Monday.")


def test_a_plural_demonym_names_the_countrys_people(mentions):
    # coded as "Moroccan people" is: the people, not the state
    assert ("Moroccans", "MARPPL") in mentions("Thousands of Moroccans marched in Rabat.")
    assert ("Moroccan people", "MARPPL") in mentions("The Moroccan people marched in Rabat.")


def test_an_ethnic_group_is_not_the_country_its_name_comes_from(mentions):
    assert not any(code == "ALB" for _, code in mentions("Ethnic Albanians protested."))
    assert not any(code == "SRB" for _, code in mentions("Bosnian Serbs protested."))


def test_abbreviations_news_uses(mentions):
    found = mentions("UK officials met EU leaders in Brussels.")
    assert ("UK officials", "GBRGOV") in found
    assert ("EU leaders", "IGOEUREEC") in found


def test_of_joins_a_name_to_a_role_noun_only(mentions):
    found = mentions("Activists criticised the conduct of the government of Chile.")
    assert ("government of Chile", "CHLGOV") in found
    assert not any(text.startswith("conduct") for text, _ in found)


def test_a_country_that_a_persons_name_goes_on_after_is_a_given_name(mentions):
    found = mentions("Singer Jordan Whitacre visited Amman on Monday.")
    assert not any(code.startswith("JOR") and "Whitacre" in text for text, code in found)
    assert ("Amman", "JOR") in found
