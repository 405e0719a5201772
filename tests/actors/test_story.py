"""The story's country for role nouns that name none (attache.actors.story), on articles
written for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from attache.actors.story import country_codes
from attache.ingest.articles import new_article

DAY = date(2023, 1, 16)


@pytest.fixture(scope="module")
def codes(coder):
    """``codes(text, title=None)``: mention text -> code."""

    def find(text: str, title: str | None = None) -> dict[str, str]:
        article = replace(new_article(text, published=DAY), title=title)
        coded = coder.code_article(article)
        return {m.evidence.text: m.code for m in coded.mentions if m.kind != "unknown"}

    return find


def test_country_codes_are_countries_not_bodies_or_regions():
    codes = country_codes()
    assert {"USA", "RUS", "KSV"} <= codes
    assert not {"IGO", "WST", "MEA", "---"} & codes


def test_role_nouns_take_the_country_the_headline_names(codes):
    found = codes("Police fired tear gas at protesters on Friday. The interior minister "
                  "defended the police.", title="Protests continue in Serbia")
    assert found["Police"] == "SRBCOP"
    assert found["protesters"] == "SRBOPP"
    assert found["interior minister"] == "SRBGOV"


def test_without_a_headline_the_lead_names_the_country(codes):
    found = codes("Protests continued in Serbia on Friday.\n\nPolice fired tear gas.")
    assert found["Police"] == "SRBCOP"


def test_an_international_body_in_the_headline_is_not_the_storys_country(codes):
    found = codes("Police detained two men. The army was deployed.",
                  title="UN criticises Serbia over arrests")
    assert found["Police"] == "SRBCOP"


def test_a_lone_sentence_is_no_story(codes):
    assert codes("Police fired tear gas at protesters in Serbia.")["Police"] == "---COP"


def test_a_role_word_describing_a_thing_takes_no_country(codes):
    found = codes("Serbia rejected military aid on Monday. It gave no reason.")
    assert found["military aid"] == "---MIL"


def test_a_role_noun_with_a_country_of_its_own_keeps_it(codes):
    found = codes("Russian police arrested two men. Police said they were armed.",
                  title="Serbia protests arrests")
    assert found["Russian police"] == "RUSCOP"


def test_the_dateline_places_the_story_whoever_the_headline_names_first(codes):
    found = codes("KYIV, March 7 (Reuters) - Russian troops shelled a village on Monday. "
                  "Two soldiers were wounded.", title="Russian troops shell village")
    assert found["soldiers"] == "UKRMIL"
