"""Casualties and sizes: counts of the killed, injured, arrested and of crowds on the event
they describe (real model, default stages)."""

from __future__ import annotations

from datetime import date

from attache.model import CodedArticle, Event


def events_of(coder, text: str) -> tuple[dict[str, Event], CodedArticle]:
    """The coded events by their verb's text, and the coded article."""
    from attache.ingest.articles import new_article

    coded = coder.code_article(new_article(text, article_id="a1", published=date(2024, 1, 2)))
    return {coded.article.text[event.verb_start:event.verb_end]: event
            for event in coded.events}, coded


def test_a_passive_count_sizes_the_event_of_its_verb(coder):
    events, coded = events_of(coder, "At least 35 people were killed in the attack.")
    killed = events["killed"]
    assert killed.root_code == "19" and killed.dead == 35
    assert killed.injured is None and killed.size is None
    (quantity,) = coded.quantities
    assert quantity.event_verb == killed.verb_start  # the number names its event


def test_counts_of_each_kind_go_to_the_event_of_their_clause(coder):
    events, _ = events_of(coder, "A suicide bomber attacked a mosque in Kabul, killing 20 "
                                 "people and wounding 45.")
    assert events["killing"].dead == 20
    assert events["wounding"].injured == 45
    assert events["attacked"].dead is None  # its own clause names no count


def test_arrests_and_crowd_sizes(coder):
    events, _ = events_of(coder, "Police arrested 40 protesters in Tehran.")
    assert events["arrested"].arrested == 40 and events["arrested"].size is None
    events, _ = events_of(coder, "About 5,000 people protested against the government.")
    assert events["protested"].size == 5000


def test_a_count_of_another_event_is_not_taken(coder):
    events, coded = events_of(coder, "Rebels attacked the town. Officials said 12 people "
                                     "were evacuated from a village.")
    assert all(event.dead is None and event.size is None for event in events.values())
    assert all(quantity.event_verb is None for quantity in coded.quantities)
