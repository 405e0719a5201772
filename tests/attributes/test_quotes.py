"""Quotes, speakers and source chains on real text (the session coder from conftest)."""

from __future__ import annotations

from datetime import date

import pytest

from attache.attributes.quotes import publisher_of, quote_marks
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


# -- quotation marks (no model) ---------------------------------------------------------------


def marked(text: str, apostrophes=frozenset()) -> list[str]:
    """The quoted text of each quote ``quote_marks`` finds (to the end for an open one)."""
    return [text[m.open + 1:m.close if m.close is not None else len(text)]
            for m in quote_marks(text, apostrophes)]


def test_quotes_between_the_marks_news_uses():
    assert marked('He said "we will stay" and left.') == ["we will stay"]
    assert marked("He said \u201cwe will stay\u201d and left.") == ["we will stay"]
    assert marked("He said \u2018we will stay\u2019 and left.") == ["we will stay"]
    assert marked("Il a dit \u00abnous restons\u00bb hier.") == ["nous restons"]
    assert marked("He said 'we will stay', and left.") == ["we will stay"]


def test_apostrophes_inside_words_are_no_marks():
    assert marked("Egypt's minister said 'we will stay' on Monday.") == ["we will stay"]
    assert marked("Egypt\u2019s minister didn\u2019t say much.") == []


def test_apostrophes_the_parse_knows_are_no_marks():
    text = "\u2018The protesters\u2019 demands are fair,\u2019 he said."
    assert marked(text, apostrophes={text.index("\u2019")}) == [
        "The protesters\u2019 demands are fair,"]


def test_a_quote_opening_a_paragraph_and_never_closed_runs_to_its_end():
    assert marked('"We will stay. We will not leave.') == ["We will stay. We will not leave."]
    assert marked('He said "we will stay and left.') == []


def test_a_nested_quote_stays_inside_its_quote():
    assert marked("\u201cThey told us \u2018no\u2019 twice,\u201d she said.") == [
        "They told us \u2018no\u2019 twice,"]


# -- speakers (real coder) --------------------------------------------------------------------


@pytest.fixture(scope="module")
def quotes_of(coder):
    """``quotes_of(text)``: (quoted text, speaker code, chain) of the direct quotes."""
    from attache.ingest.articles import new_article

    def find(text: str, source: str | None = None):
        from dataclasses import replace

        article = replace(new_article(text, published=date(2023, 1, 16)), source=source)
        coded = coder.code_article(article)
        return [(quoted(coded, q), q.speaker.code if q.speaker else None, q.chain)
                for q in coded.quotes if q.direct]

    return find


def test_he_said_after_an_agency_report_is_the_person_not_the_agency(quotes_of):
    found = quotes_of("Moscow, MINA \u2013 Russian Foreign Minister Sergey Lavrov said on "
                      "Monday that ties with Jakarta remain a priority, TASS reported.\n\n"
                      "\"Russia as the largest Eurasian power will keep working with its "
                      "partners,\" he said.")
    (quote,) = found
    assert quote[1] == "RUSGOV"
    assert "Lavrov" in quote[2][0] and quote[2][1:] == ("TASS", "MINA")


def test_a_quote_over_several_sentences_has_one_speaker(quotes_of):
    found = quotes_of('"We will stay. We will not leave," Jan Kowalczyk, a farmer, said.')
    assert [(text[:12], chain[0]) for text, _, chain in found] == [
        ("We will stay", "Jan Kowalczyk")]


def test_a_quote_over_several_paragraphs_keeps_its_speaker(quotes_of):
    found = quotes_of('"We will rebuild the bridge.\n\n"It will take a year," said Marta '
                      'Velnori, the mayor.')
    assert [chain[0] for _, _, chain in found] == ["Marta Velnori", "Marta Velnori"]


def test_a_quote_standing_alone_goes_on_with_the_speaker_before(quotes_of):
    found = quotes_of('Marta Velnori said, "We will rebuild the bridge." "It will take a '
                      'year."\n\n"The money is there," she added.')
    assert [chain[0] for _, _, chain in found] == ["Marta Velnori"] * 3


def test_according_to_gives_the_speaker(quotes_of):
    found = quotes_of('The bridge "will take a year to rebuild", according to Marta Velnori.')
    assert [chain[0] for _, _, chain in found] == ["Marta Velnori"]


def test_a_relaying_agency_is_never_the_speaker(quotes_of):
    found = quotes_of('Marta Velnori said, "We will rebuild the bridge."\n\n'
                      '"It will take a year," TASS reported.')
    assert [(code, chain[0]) for _, code, chain in found][1] == ("---", "Marta Velnori")
    assert "TASS" in found[1][2]


def test_a_speaker_the_dictionaries_do_not_know_is_still_the_speaker(quotes_of):
    ((_, code, chain),) = quotes_of('Marta Velnori said, "The bridge will be rebuilt."')
    assert (code, chain) == ("---", ("Marta Velnori",))


def test_single_marks_and_guillemets_are_quotes_too(quotes_of):
    found = quotes_of("\u2018The bridge will be rebuilt,\u2019 said Marta Velnori.\n\n"
                      "\u00abThe money is there,\u00bb said Jan Kowalczyk.")
    assert [chain[0] for _, _, chain in found] == ["Marta Velnori", "Jan Kowalczyk"]


def test_quoted_words_without_a_verb_are_scare_quotes_unless_said_or_named(quotes_of):
    assert quotes_of('A man was in "not life-threatening" condition, police said.') == []
    found = quotes_of('Greek Prime Minister Kostas Andrikos called the deal "null and void".')
    assert [(text, code) for text, code, _ in found] == [("null and void", "GRCGOV")]


def test_a_quote_after_a_colon_is_said_by_the_clause_before_it(quotes_of):
    found = quotes_of("Legislator Marta Velnori spoke to the press: \"I urge the minister to "
                      "resign.\"")
    assert [chain[0] for _, _, chain in found] == ["Marta Velnori"]


def test_words_an_outlet_calls_something_are_its_own(quotes_of):
    found = quotes_of('The newspaper called the plan "a disaster that will ruin us".')
    assert [chain[0] for _, _, chain in found] == ["newspaper"]


def test_the_role_noun_refers_to_the_person_who_holds_it(quotes_of):
    found = quotes_of("Trade commissioner Albert Mwangoli announced the deal. The "
                      "commissioner said, \"We will start trading in July.\"")
    assert [chain[0] for _, _, chain in found] == ["Albert Mwangoli"]
