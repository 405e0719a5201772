"""Quotes, speakers and source chains on real text (the session coder from conftest)."""

from __future__ import annotations

from datetime import date

import pytest

from attache.attributes.quotes import publisher_of
from attache.model import CodedArticle


@pytest.fixture(scope="module")
def story(coder, agency_story) -> CodedArticle:
    return coder.code_article(agency_story)


def quoted(coded: CodedArticle, quote) -> str:
    return coded.article.text[quote.content_start:quote.content_end]


def test_both_direct_quotes_are_lavrovs_relayed_by_tass_and_published_by_the_agency(story):
    direct = [q for q in story.quotes if q.direct]
    assert [quoted(story, q)[:12] for q in direct] == ["Our country ", "We will cont"]
    for quote in direct:
        assert quote.speaker.code == "RUSGOV"
        assert quote.chain == ("Lavrov", "TASS", "MINA")


def test_scare_quotes_are_no_statement(story):
    assert not any("ultra-liberal" in quoted(story, q) for q in story.quotes)


def test_indirect_speech_has_its_clause_and_speaker(story):
    indirect = [q for q in story.quotes if not q.direct and q.reporting_verb == "say"]
    lavrov = [q for q in indirect if q.speaker is not None and q.speaker.code == "RUSGOV"]
    assert any(quoted(story, q).startswith("that relations with Islamic") for q in lavrov)
    assert any(quoted(story, q).startswith("that Russia and Muslim") for q in lavrov)


def test_first_person_inside_a_quote_refers_to_the_speaker(story):
    references = [m for m in story.mentions if m.evidence.rule == "rule:quote-speaker"]
    assert {m.evidence.text for m in references} >= {"country", "We"}
    assert all(m.code == "RUSGOV" for m in references)


def test_told_an_outlet_and_a_passive_relay(coder):
    from attache.ingest.articles import new_article

    text = ('"We will not leave," the Iranian foreign minister told Reuters.\n\n'
            '"The talks are over," Lavrov said. This was reported by TASS.')
    coded = coder.code_article(new_article(text, published=date(2023, 1, 16)))
    chains = [q.chain for q in coded.quotes if q.direct]
    assert chains[0][1:] == ("Reuters",)
    assert chains[1][1:] == ("TASS",)


def test_publisher_comes_from_the_source_or_the_dateline():
    assert publisher_of("Wikinews", "anything") == "Wikinews"
    assert publisher_of(None, "Headline\n\nMoscow, MINA – Text") == "MINA"
    assert publisher_of(None, "No dateline here.") is None
