"""End to end through the Python API: real text, the real spaCy model and shipped dictionaries.

The coder is loaded once per session (the ``coder`` fixture in conftest); ``attache.code``
uses the same process-wide coder.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

import attache
import attache.pipeline
from attache.dictionaries import shipped_files
from attache.errors import ArticleError, ErrorCode
from attache.model import Article, CodedArticle, Mention, Rejection

LAVROV = "Russian Foreign Minister Sergey Lavrov"


@pytest.fixture(scope="module")
def coded_story(coder, agency_story) -> CodedArticle:
    return coder.code_article(agency_story)


@pytest.fixture(scope="module")
def lavrov_entry(coder):
    """The shipped dictionary entry for Sergey Lavrov."""
    (entry,) = [e for e in coder.dictionaries.actors if e.name == "SERGEY_LAVROV"]
    return entry


def code(text: str, published: date | None = date(2023, 1, 16)) -> CodedArticle:
    return attache.pipeline.code(text, published=published)


def mentions_of(coded: CodedArticle, text: str) -> list[Mention]:
    return [m for m in coded.mentions if m.evidence.text == text]


# -- the agency story -----------------------------------------------------------------------


def test_lavrov_is_coded_rusgov_with_his_dictionary_entry(coded_story, lavrov_entry):
    (mention,) = mentions_of(coded_story, LAVROV)
    assert mention.code == "RUSGOV"
    assert mention.kind == "actor"
    assert mention.entry == lavrov_entry.source
    assert mention.evidence.rule == lavrov_entry.source
    file_name, line = mention.entry.rsplit(":", 1)
    assert file_name == "Phoenix.Countries.actors.txt"
    path = next(p for p in shipped_files().actors if p.name == file_name)
    assert path.read_text(encoding="utf-8").splitlines()[int(line) - 1].startswith("SERGEY_LAVROV_")


def test_lavrov_rejects_the_west(coded_story, agency_story):
    rejections = [
        e
        for e in coded_story.plain_events
        if e.root_code in {"11", "12"}
        and e.source is not None
        and e.source.code == "RUSGOV"
        and e.target is not None
        and e.target.code == "WST"
    ]
    assert rejections, [(e.source, e.target, e.cameo_code) for e in coded_story.events]
    event = rejections[0]
    assert "rejected" in event.evidence.text
    text = agency_story.text
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text
    assert text[event.verb_start : event.verb_end] == "rejected"
    assert event.is_plain and event.modality == "asserted"
    assert event.pattern  # provenance: the verb pattern or entry that coded it


def test_every_offset_slices_back_to_its_text(coded_story, agency_story):
    text = agency_story.text
    assert coded_story.mentions and coded_story.events
    for mention in coded_story.mentions:
        evidence = mention.evidence
        assert text[evidence.start : evidence.end] == evidence.text, mention
        assert evidence.article_id == agency_story.id
        if mention.antecedent is not None:
            start, end = mention.antecedent
            assert 0 <= start < end <= evidence.start
    for event in coded_story.events:
        evidence = event.evidence
        assert text[evidence.start : evidence.end] == evidence.text, event
        assert evidence.start <= event.verb_start < event.verb_end <= evidence.end
        for actor in (event.source, event.target):
            if actor is not None:
                actor_evidence = actor.mention.evidence
                assert text[actor_evidence.start : actor_evidence.end] == actor_evidence.text


def test_mentions_and_events_name_their_sentence(coded_story):
    sentences = coded_story.sentences
    for record in [*coded_story.mentions, *coded_story.events]:
        evidence = record.evidence
        sentence = sentences[evidence.sentence_index]
        assert sentence.start <= evidence.start < evidence.end <= sentence.end


def test_sentences_cover_the_text_in_order(coded_story, agency_story):
    text = agency_story.text
    sentences = coded_story.sentences
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert len(sentences) >= 8
    position = 0
    for sentence in sentences:
        assert sentence.article_id == agency_story.id
        assert text[position : sentence.start].strip() == ""  # only whitespace between
        assert sentence.start < sentence.end
        assert text[sentence.start : sentence.end] == sentence.text
        position = sentence.end
    assert text[position:].strip() == ""
    assert sentences[0].text == "Russia says ties with Islamic countries remain a priority"


def test_coded_article_is_json_ready(coded_story):
    data = json.loads(json.dumps(coded_story.to_dict()))
    assert data["article"]["published"] == "2023-01-16"
    assert len(data["events"]) == len(coded_story.events)


# -- batches and bad input ------------------------------------------------------------------


def test_code_stream_rejects_bad_articles_and_goes_on(coder, agency_story):
    junk = bytes(range(256)).decode("latin-1") * 20
    huge = "Russia attacked Ukraine. " * 200_000  # 5 MB, over the default max_chars
    assert len(huge) > coder.max_chars
    after = Article("after", "Russia attacked Ukraine.", published=date(2022, 2, 24))
    items = [
        agency_story,
        Article("empty", "   \n "),
        Article("junk", junk),
        Article("huge", huge),
        after,
    ]
    results = list(coder.code_stream(items))
    assert len(results) == 5
    first, *rejections, last = results
    assert isinstance(first, CodedArticle) and first.article is agency_story
    assert mentions_of(first, LAVROV)[0].code == "RUSGOV"
    assert all(isinstance(r, Rejection) for r in rejections)
    assert [(r.article_id, r.code) for r in rejections] == [
        ("empty", "E003"),
        ("junk", "E005"),
        ("huge", "E006"),
    ]
    assert all(r.message for r in rejections)
    assert isinstance(last, CodedArticle) and last.article is after
    assert [(e.source.code, e.target.code, e.root_code) for e in last.plain_events] == [
        ("RUS", "UKR", "19")
    ]


def test_code_stream_passes_rejections_through(coder):
    upstream = Rejection(None, "E007", "Input line 3 is not valid JSON: x", "in.jsonl:3")
    results = list(coder.code_stream([upstream, Article("a", "Russia attacked Ukraine.")]))
    assert results[0] is upstream
    assert isinstance(results[1], CodedArticle)


def test_code_of_empty_text_raises_e003():
    with pytest.raises(ArticleError) as raised:
        attache.pipeline.code("")
    assert raised.value.code == ErrorCode.E003
    assert "E003" in str(raised.value)


# -- modality -------------------------------------------------------------------------------


def test_agreement_is_a_plain_event():
    coded = code("Russia agreed to the proposal.")
    agreements = [e for e in coded.events if e.root_code == "03"]
    assert agreements
    assert all(e.is_plain and e.modality == "asserted" for e in agreements)
    assert agreements[0].source.code == "RUS"


def test_negated_agreement_is_not_a_plain_agreement():
    # The CAMEO verb dictionary itself codes "NOT * [120]" under AGREE: "did not agree" is a
    # rejection (plain 120), so only the absence of a plain agreement is checked here.
    coded = code("Russia did not agree to the proposal.")
    assert not [e for e in coded.plain_events if e.root_code == "03"]


def test_negated_attack_is_no_plain_event():
    coded = code("Russia did not attack Ukraine.")
    assert coded.plain_events == []
    assert coded.events, "a negated event is kept for inspection"
    assert all(e.modality == "negated" and not e.is_plain for e in coded.events)


def test_hypothetical_attack_is_no_plain_event():
    coded = code("Russia may attack Ukraine.")
    assert coded.plain_events == []
    assert all(e.modality == "hypothetical" and not e.is_plain for e in coded.events)


# -- actors ---------------------------------------------------------------------------------


def test_pronoun_refers_back_to_lavrov():
    text = f"{LAVROV} arrived in Jakarta on Monday.\n\nHe criticised the United States."
    coded = code(text)
    (lavrov,) = mentions_of(coded, LAVROV)
    (he,) = mentions_of(coded, "He")
    assert he.kind == "reference"
    assert he.code == "RUSGOV"
    assert he.antecedent == (lavrov.evidence.start, lavrov.evidence.end)
    start, end = he.antecedent
    assert text[start:end] == LAVROV
    assert text[he.evidence.start : he.evidence.end] == "He"
    criticism = [e for e in coded.plain_events if e.root_code == "11"]
    assert [(e.source.code, e.target.code) for e in criticism] == [("RUSGOV", "USA")]
    assert criticism[0].source.mention == he


def test_compound_actor_gives_one_event_per_country():
    coded = code("Hungarian and Romanian officials criticised Russia.")
    events = coded.plain_events
    assert {e.source.code for e in events} == {"HUNGOV", "ROUGOV"}
    assert {e.target.code for e in events} == {"RUS"}


def test_compound_subject_of_a_reciprocal_verb_keeps_both_countries():
    coded = code("Germany and France agreed.")
    sources = {e.source.code for e in coded.plain_events if e.source is not None}
    assert {"DEU", "FRA"} <= sources


def test_passive_voice_swaps_source_and_target():
    coded = code("Ukraine was attacked by Russia.")
    events = coded.plain_events
    assert [(e.source.code, e.target.code) for e in events] == [("RUS", "UKR")]
    assert events[0].root_code == "19"


# -- codes valid on the publication date ----------------------------------------------------


def test_lavrov_entry_codes_by_date(lavrov_entry):
    assert lavrov_entry.code_on(date(2023, 1, 16)) == "RUSGOV"
    assert lavrov_entry.code_on(date(1990, 1, 1)) is None


def test_lavrov_is_rusgov_when_published_in_2023():
    coded = code(f"{LAVROV} criticised the United States.", published=date(2023, 1, 16))
    assert [m.code for m in mentions_of(coded, LAVROV)] == ["RUSGOV"]


def test_lavrov_is_not_rusgov_before_1994():
    coded = code(f"{LAVROV} criticised the United States.", published=date(1990, 1, 1))
    lavrov_span = (0, len(LAVROV))
    over_lavrov = [
        m
        for m in coded.mentions
        if m.evidence.start < lavrov_span[1] and m.evidence.end > lavrov_span[0]
    ]
    assert "RUSGOV" not in {m.code for m in over_lavrov}
    assert all(e.source is None or e.source.code != "RUSGOV" for e in coded.events)


# -- rules added on top of the dictionaries -------------------------------------------------


def test_reciprocal_events_are_not_doubled():
    coded = code("Germany and France agreed.")
    triples = [(e.source.code, e.target.code, e.cameo_code) for e in coded.plain_events]
    assert sorted(triples) == [("DEU", "FRA", "030"), ("FRA", "DEU", "030")]


def test_agree_to_states_an_intent_to_cooperate():
    coded = code("Ethiopia has agreed to reopen its borders to UN peacekeepers.")
    agreed = [e for e in coded.plain_events if e.evidence.text.startswith("Ethiopia")]
    assert agreed and agreed[0].root_code == "03" and agreed[0].source.code == "ETH"


def test_future_help_is_coded_as_intent():
    coded = code("Canada will help Haiti.")
    events = [e for e in coded.plain_events if e.source and e.source.code == "CAN"]
    assert events and events[0].root_code == "03" and events[0].target.code == "HTI"
    assert events[0].rule == "rule:intent" and events[0].pattern.startswith("attache.verbs.txt:")


def test_future_attack_is_coded_as_threat():
    coded = code("France will attack Mali.")
    assert [(e.source.code, e.target.code, e.root_code) for e in coded.plain_events] == [
        ("FRA", "MLI", "13")]


def test_must_clause_under_a_statement_is_a_demand():
    coded = code("Russia said on Tuesday that Sudan must return the helicopter.")
    demands = [e for e in coded.plain_events if e.cameo_code == "100"]
    assert [(e.source.code, e.target.code) for e in demands] == [("RUS", "SDN")]
    assert demands[0].rule == "rule:demand"


def test_a_year_in_the_sentence_does_not_discard_it():
    coded = code("Russian troops attacked Ukraine in 2013.")
    assert [(e.source.code, e.target.code, e.root_code) for e in coded.plain_events] == [
        ("RUSMIL", "UKR", "19")]


def test_evidence_text_is_the_article_text_in_wrapped_paragraphs():
    text = "Russian troops attacked\nUkraine on Monday, officials in\nKyiv said."
    coded = code(text)
    assert coded.plain_events
    records = [m.evidence for m in coded.mentions] + [e.evidence for e in coded.events]
    for evidence in records:
        assert evidence.text == text[evidence.start:evidence.end]
    assert any("\n" in evidence.text for evidence in records)
    assert [s.text for s in coded.sentences] == [text[s.start:s.end] for s in coded.sentences]


def test_refusing_a_future_cooperative_act_is_a_rejection():
    coded = code("Hungary says it will not accept refugees from Syria.")
    rejections = [e for e in coded.plain_events if e.root_code == "12"]
    assert rejections and rejections[0].source.code == "HUN"
    assert rejections[0].rule == "rule:refusal"


def test_a_blockade_is_a_protest_by_protesters_and_coercion_by_the_army():
    by_protesters = code("Hundreds of protesters blocked roads in the capital.").plain_events
    by_army = code("The army blocked roads into the city.").plain_events
    assert [(e.cameo_code[:3], e.plover_type, e.plover_mode) for e in by_protesters] == [
        ("191", "PROTEST", "obstruct")]
    assert [(e.cameo_code[:3], e.plover_type) for e in by_army] == [("191", "COERCE")]


def test_a_protest_named_by_its_noun_is_a_protest():
    coded = code("Opposition parties in Nepal organized a general strike.")
    assert [(e.source.code, e.cameo_code, e.plover_type) for e in coded.plain_events] == [
        ("NPLOPP", "143", "PROTEST")]


def test_a_statement_verb_is_not_coded_beside_the_clause_it_reports():
    text = "Norway said on Friday it had halted economic aid to Chad."
    coded = code(text)
    verbs = {text[e.verb_start:e.verb_end] for e in coded.plain_events}
    assert verbs == {"halted"}
    assert {e.root_code for e in coded.plain_events} == {"16"}


def test_a_background_clause_does_not_discard_the_sentence():
    coded = code("Kenya has granted asylum to Somali refugees who crossed the border "
                 "three years ago.")
    assert coded.plain_events and coded.plain_events[0].source.code == "KEN"


def test_a_reported_must_clause_is_a_demand_even_for_an_uncoded_verb():
    coded = code("A senior Italian minister repeated that Tunisia must hand over the smugglers.")
    assert [(e.source.code, e.target.code, e.cameo_code) for e in coded.plain_events] == [
        ("ITAGOV", "TUN", "100")]


def test_a_restated_demand_is_a_demand():
    coded = code("The United Nations repeated its demand that Sudan open the border.")
    demands = [e for e in coded.plain_events if e.cameo_code == "100"]
    assert demands and demands[0].source.code.startswith("IGO")


def test_a_conditional_attack_is_a_threat():
    coded = code("Russia may attack Ukraine if the talks fail.")
    assert [(e.source.code, e.target.code, e.cameo_code, e.modality)
            for e in coded.plain_events] == [("RUS", "UKR", "138", "asserted")]


def test_conjoined_targets_each_get_an_event():
    coded = code("Russia restored full diplomatic ties with Georgia and Armenia.")
    assert {e.target.code for e in coded.plain_events if e.source.code == "RUS"} == {"GEO", "ARM"}


def test_a_place_after_in_is_not_part_of_the_object():
    coded = code("The French government condemned an attack by Syrian soldiers in southern "
                 "Lebanon.")
    assert [(e.source.code, e.target.code) for e in coded.plain_events] == [("FRAGOV", "SYRMIL")]


def test_a_bare_role_noun_shares_the_country_of_its_conjunct():
    coded = code("Danish media and government warned Russia.")
    assert {e.source.code for e in coded.plain_events} == {"DNKMED", "DNKGOV"}


def test_partners_in_a_cooperative_act_act_on_each_other():
    coded = code("Ghana and Togo resumed negotiations today.")
    assert sorted((e.source.code, e.target.code, e.cameo_code) for e in coded.plain_events) == [
        ("GHA", "TGO", "046"), ("TGO", "GHA", "046")]


def test_partners_in_a_conflictual_act_do_not_target_each_other():
    coded = code("Greenpeace and Oxfam boycotted the summit.")
    assert coded.plain_events
    assert all(e.target is None for e in coded.plain_events)


def test_accepting_demands_is_a_concession():
    coded = code("The Zambian government accepted demands from striking miners.")
    assert [(e.source.code, e.root_code) for e in coded.plain_events] == [("ZMBGOV", "08")]


@pytest.mark.parametrize(("text", "code"), [
    ("Kenya imposed sanctions on Somalia.", "163"),
    ("Peru and Chile held talks in Lima.", "040"),
    ("Canada granted asylum to Haitian dissidents.", "075"),
    ("The Dutch police launched an investigation into a Belgian bank.", "090"),
    ("Sweden announced an embargo against Myanmar.", "163"),
    ("Nigerian students staged a protest against the government.", "141"),
    ("Bolivia made threats against Paraguay.", "130"),
])
def test_a_support_verb_is_coded_by_the_act_its_object_names(text, code):
    coded = attache.code(text)
    assert {e.cameo_code for e in coded.plain_events if e.clause_depth == 0} == {code}


@pytest.mark.parametrize("text", [
    "The Democratic Party held primaries in Iowa.",
    "Chile held elections on Sunday.",
    "The minister gave a long answer.",
])
def test_a_support_verb_without_an_act_is_no_event(text):
    assert code(text).plain_events == []


def test_a_support_verb_with_an_actor_as_object_keeps_its_own_meaning():
    coded = code("Ugandan soldiers held Kenyan fishermen for a week.")
    assert [(e.source.code, e.root_code) for e in coded.plain_events] == [("UGAMIL", "17")]


def test_a_date_preposition_is_not_a_pattern_word():
    coded = code("Peru's foreign minister telephoned the Chilean foreign minister on Friday.")
    assert {e.root_code for e in coded.plain_events} == {"04"}  # not "call on" (02)


def test_continuing_riots_are_a_protest():
    coded = code("Armenian riots against Azerbaijani policies continued on Monday.")
    assert [(e.source.code[:3], e.target.code[:3], e.cameo_code, e.plover_type)
            for e in coded.plain_events] == [("ARM", "AZE", "145", "PROTEST")]


def test_the_story_date_carries_to_later_paragraphs():
    coded = code("Russia attacked Ukraine on Monday.\n\nUkraine accused Russia of war crimes.",
                 published=date(2023, 1, 18))
    assert [(e.date, e.date_basis) for e in coded.plain_events] == [
        ("2023-01-16", "relative"), ("2023-01-16", "story")]


def test_an_actor_slot_after_a_preposition_must_be_its_object():
    coded = code("Italy on Friday banned Egyptian airline EgyptAir from landing in the country, "
                 "with officials saying this was for security reasons.")
    assert [(e.source.code, e.target.code) for e in coded.plain_events] == [("ITA", "EGYBUS")]
