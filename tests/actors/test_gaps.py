"""The gap report: verbs between coded actors that no pattern codes, unknown names."""

from __future__ import annotations

from datetime import date

from attache.actors.gaps import unknown_names, unmatched_verbs, unmatched_verbs_of


def test_a_verb_between_two_coded_actors_without_a_pattern_is_a_gap(state_of):
    state = state_of("The Norwegian government outlasted the Swedish government.")
    found = list(unmatched_verbs_of(state))
    assert [lemma for lemma, _, _ in found] == ["outlast"]
    (verb,) = unmatched_verbs(found * 2)
    assert (verb.lemma, verb.count, verb.articles) == ("outlast", 2, 1)


def test_a_verb_a_pattern_codes_is_no_gap(state_of):
    state = state_of("Norway accused Sweden of spying on Monday.")
    assert state.coded.events and list(unmatched_verbs_of(state)) == []


def test_unknown_names_are_counted_with_their_days_and_descriptions(store, coder):
    from attache.ingest import new_article

    for number, text in enumerate([
        "Arvid Kellmann arrived in Berlin on Monday.",
        "Norwegian Foreign Minister Arvid Kellmann left Rome on Friday.",
        "Arvid Kellmann said the talks went well.",
    ]):
        store.write(coder.code_article(new_article(
            text, article_id=f"k{number}", published=date(2021, 1, 4 + number))))
    (name,) = [name for name in unknown_names(store) if name.name == "Arvid Kellmann"]
    assert (name.label, name.mentions, name.articles) == ("PERSON", 2, 2)
    assert (name.first, name.last) == ("2021-01-04", "2021-01-06")
    assert name.examples[0] == "Arvid Kellmann arrived in Berlin on Monday."
    assert name.evidence == ["Norwegian Foreign Minister Arvid Kellmann -> NORGOV"]
    assert [n.name for n in unknown_names(store, since="2021-01-05")] == ["Arvid Kellmann"]
