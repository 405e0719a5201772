"""Dates: normalisation of temporal expressions and the date of each event (real model)."""

from __future__ import annotations

from datetime import date

import pytest

from attache.attributes.dates import StoryDate, agrees, date_events, find_dates, token_date
from attache.ingest.articles import new_article

#: A Wednesday.
PUBLISHED = date(2019, 3, 13)


def dates_of(units_of, text: str, published: date | None = PUBLISHED) -> dict[str, tuple]:
    """{expression text: (value, resolution, background, rule)} over every paragraph."""
    found = {}
    for unit in units_of(text):
        for expression in find_dates(unit, published):
            found[expression.evidence.text] = (expression.value, expression.resolution,
                                               expression.background, expression.evidence.rule)
    return found


def date_at(units_of, text: str, word: str, published: date | None = PUBLISHED):
    """:func:`token_date` of the first token ``word`` of a one-paragraph text."""
    (unit,) = units_of(text)
    index = next(token.i for token in unit.doc if token.text == word)
    return token_date(unit, index, find_dates(unit, published), published)


@pytest.mark.parametrize(("text", "expression", "value"), [
    ("The army attacked the town on 12 March 2019.", "12 March 2019", "2019-03-12"),
    ("The talks resumed on March 12, 2019 in Geneva.", "March 12, 2019", "2019-03-12"),
    ("The treaty was signed in March 2019.", "March 2019", "2019-03"),
    ("The treaty was signed in 2018 in Moscow.", "2018", "2018"),
    ("Elections were held on 2019-03-10 across the country.", "2019-03-10", "2019-03-10"),
    ("Profits fell in the fourth quarter of 2018.", "the fourth quarter of 2018", "2018"),
])
def test_absolute_dates(coder, units_of, text, expression, value):
    found = dates_of(units_of, text)
    assert found[expression][:2] == (value, "absolute")
    assert found[expression][3] == "rule:date-absolute"


def test_decades_are_background(coder, units_of):
    found = dates_of(units_of, "Indonesia and Russia have had relations since the 1950s.")
    assert found["the 1950s"] == ("195X", "absolute", True, "rule:date-decade")
    found = dates_of(units_of, "The country was at war in the 1990s.", published=None)
    assert found["the 1990s"][0] == "199X" and found["the 1990s"][2] is True


@pytest.mark.parametrize(("text", "expression", "value", "rule"), [
    ("The minister arrived on Monday.", "Monday", "2019-03-11", "rule:date-weekday"),
    ("Troops attacked the town on Wednesday.", "Wednesday", "2019-03-13", "rule:date-weekday"),
    ("The ministers will meet on Friday in Paris.", "Friday", "2019-03-15", "rule:date-weekday"),
    ("The ministers met last Friday in Paris.", "last Friday", "2019-03-08", "rule:date-weekday"),
    ("The ministry said yesterday that it had signed.", "yesterday", "2019-03-12",
     "rule:date-deictic"),
    ("The president will visit Moscow tomorrow.", "tomorrow", "2019-03-14", "rule:date-deictic"),
    ("Talks were held in Geneva last week.", "last week", "2019-03-04", "rule:date-relative"),
    ("Talks were held in Geneva this week.", "this week", "2019-03-11", "rule:date-relative"),
    ("Talks were held in Geneva last month.", "last month", "2019-02", "rule:date-relative"),
    ("Talks were held in Geneva last year.", "last year", "2018", "rule:date-relative"),
    ("Elections will be held next year.", "next year", "2020", "rule:date-relative"),
    ("The two sides fought a war two years ago.", "two years ago", "2017",
     "rule:date-relative"),
    ("Rebels seized the town in November.", "November", "2018-11", "rule:date-month"),
    ("Rebels seized the town on December 3.", "December 3", "2018-12-03", "rule:date-month"),
    ("Rebels seized the town last March.", "last March", "2018-03", "rule:date-month"),
])
def test_relative_dates_resolve_against_publication(coder, units_of, text, expression, value, rule):
    assert dates_of(units_of, text)[expression] == (value, "relative", False, rule)


def test_relative_dates_without_publication_are_unresolved(coder, units_of):
    found = dates_of(units_of, "On Monday the ministry said yesterday that talks held last "
                            "week in March 2019 had failed.", published=None)
    assert found["Monday"][:2] == (None, "unresolved")
    assert found["yesterday"][:2] == (None, "unresolved")
    assert found["last week"][:2] == (None, "unresolved")
    assert found["March 2019"][:2] == ("2019-03", "absolute")


@pytest.mark.parametrize("text", [
    "The two countries fought for two years.",
    "Workers began a 24-hour strike.",
    "The 45 years old minister resigned.",
    "The minister, in his 80s, resigned.",
    "The ministers hold weekly meetings.",
    "Inflation rose over the past two weeks.",
])
def test_durations_and_ages_are_not_dates(coder, units_of, text):
    assert dates_of(units_of, text) == {}


def test_old_years_and_since_dates_are_background(coder, units_of):
    found = dates_of(units_of, "The treaty signed in 2015 was renewed in 2018.")
    assert found["2015"][2] is True
    assert found["2018"][2] is False
    found = dates_of(units_of, "Boeing had been suspended since July 24, 2018.")
    assert found["July 24, 2018"] == ("2018-07-24", "absolute", True, "rule:date-absolute")


def test_date_evidence_points_into_the_article(coder, units_of):
    text = "Talks fail\n\nThe envoy left Kabul on Monday after talks."
    (expression,) = [e for unit in units_of(text) for e in find_dates(unit, PUBLISHED)]
    evidence = expression.evidence
    assert text[evidence.start:evidence.end] == "Monday" == evidence.text
    assert evidence.sentence_index == 1


def test_event_gets_the_date_of_its_clause(coder, units_of):
    text = "Russian troops attacked Ukrainian positions near Kharkiv on Monday."
    article = new_article(text, published=date(2022, 3, 9))
    events = coder.code_article(article).events
    assert events, "the coder should code the attack"
    (unit,) = units_of(text)
    dated = date_events(unit, events, find_dates(unit, article.published), article.published)
    assert {(event.date, event.date_basis, event.background) for event in dated} == \
        {("2022-03-07", "relative", False)}
    assert dated[0].cameo_code == events[0].cameo_code


def test_event_without_a_date_gets_publication_or_none(coder, units_of):
    text = "Russian troops attacked Ukrainian positions near Kharkiv."
    article = new_article(text, published=date(2022, 3, 9))
    events = coder.code_article(article).events
    assert events
    (unit,) = units_of(text)
    dated = date_events(unit, events, find_dates(unit, article.published), article.published)
    assert {(event.date, event.date_basis) for event in dated} == {("2022-03-09", "publication")}
    undated = date_events(unit, events, find_dates(unit, None), None)
    assert {(event.date, event.date_basis) for event in undated} == {(None, "none")}


def test_events_of_other_paragraphs_are_left_alone(coder, units_of):
    text = "Russian troops attacked Ukrainian positions near Kharkiv on Monday."
    events = coder.code_article(new_article(text, published=date(2022, 3, 9))).events
    assert events
    other = units_of("x" * 200 + "\n\nNothing happened on Tuesday.")[1]
    assert date_events(other, events, find_dates(other, date(2022, 3, 9)),
                       date(2022, 3, 9)) == events


def test_a_date_dates_its_own_clause_not_the_main_verb(coder, units_of):
    text = "The United States said on Tuesday that Russian troops had attacked Crimea in 2014."
    said = date_at(units_of, text, "said")
    attacked = date_at(units_of, text, "attacked")
    assert (said.value, said.basis) == ("2019-03-12", "relative")
    assert (attacked.value, attacked.basis, attacked.background) == ("2014", "explicit", True)


def test_a_date_on_a_noun_does_not_date_the_verb(coder, units_of):
    found = date_at(units_of, "The index fell to its lowest level since 1997.", "fell")
    assert (found.value, found.basis) == ("2019-03-13", "publication")


def test_conjoined_verbs_share_the_date(coder, units_of):
    found = date_at(units_of, "Chrysler filed for bankruptcy on Thursday and announced a deal "
                           "with Fiat.", "announced")
    assert (found.value, found.basis) == ("2019-03-07", "relative")


def test_present_perfect_without_a_date_is_background(coder, units_of):
    found = date_at(units_of, "Indonesia has purchased Su-35 jets from Russia.", "purchased")
    assert (found.value, found.basis, found.background) == ("2019-03-13", "publication", True)
    found = date_at(units_of, "Indonesia purchased Su-35 jets from Russia.", "purchased")
    assert found.background is False


def test_perfect_with_since_is_background(coder, units_of):
    found = date_at(units_of, "Indonesia and Russia have had relations since the 1950s.", "had")
    assert (found.value, found.basis, found.background) == ("195X", "explicit", True)
    found = date_at(units_of, "The two firms had cooperated for years before the deal.",
                    "cooperated")
    assert found.background is True


def test_story_date_carries_to_later_sentences_and_paragraphs(coder, units_of):
    text = ("Chrysler filed for bankruptcy on Monday.\n\n"
            "The company said it would close plants.")
    first, second = units_of(text)
    story = StoryDate()
    assert date_events(first, [], find_dates(first, PUBLISHED), PUBLISHED, story) == []
    assert story.value == "2019-03-11"
    said = next(token.i for token in second.doc if token.text == "said")
    carried = token_date(second, said, find_dates(second, PUBLISHED), PUBLISHED, story)
    assert (carried.value, carried.basis) == ("2019-03-11", "story")
    alone = token_date(second, said, find_dates(second, PUBLISHED), PUBLISHED)
    assert (alone.value, alone.basis) == ("2019-03-13", "publication")
    same = date_at(units_of, "Chrysler filed for bankruptcy on Monday. The company said it would "
                          "close plants.", "said")
    assert (same.value, same.basis) == ("2019-03-11", "story")


def test_old_dates_do_not_become_the_story_date(coder, units_of):
    found = date_at(units_of, "Chrysler filed for bankruptcy on March 1, 2009. The company said "
                           "it would close plants.", "said")
    assert (found.value, found.basis) == ("2019-03-13", "publication")


def test_agrees_compares_at_the_gold_precision():
    assert agrees("2008-03-27", "2008-03")
    assert agrees("2008-03-27", "2008-XX-XX")
    assert agrees("2008-03-27", "2008-03-27")
    assert not agrees("2008", "2008-03")
    assert not agrees("2008-04-01", "2008-03")
    assert not agrees(None, "2008")
