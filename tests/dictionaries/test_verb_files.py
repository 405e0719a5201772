"""Verb dictionaries in the PETRARCH-1 pattern format, built by hand in temporary files."""

from __future__ import annotations

from pathlib import Path

import pytest

from attache.dictionaries.verbs import PatternItem, VerbDictionary, load_verbs

VERBS = """\
&CURRENCY
+DOLLAR
+EURO_

&MONEY
+&CURRENCY
+CASH_

--- GRANT [070] ---
GRANT
GIVE {GAVE GIVEN}
CLARIFY [040]
RE_+OPEN
+HAND_OVER
- * &MONEY [071]
- $ * IN ^ AGAINST + [141]
- % * TALKS [043]
- IN_* [075]
- * _AID TO + [073]
- * WITH_ASSISTANCE [072]

--- ACCUSE [112] ---
ACCUSE
- $ * + OF [112:111]
"""


@pytest.fixture
def verbs(tmp_path: Path) -> VerbDictionary:
    path = tmp_path / "t.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return load_verbs(path)


def patterns(verbs: VerbDictionary, code: str):
    (pattern,) = [p for c in verbs.classes for p in c.patterns if p.code == code]
    return pattern


def test_classes_keep_name_code_and_source(verbs):
    assert [(c.name, c.code, c.source) for c in verbs.classes] == [
        ("GRANT", "070", "t.verbs.txt:9"),
        ("ACCUSE", "112", "t.verbs.txt:22"),
    ]
    assert len(verbs.classes[0].patterns) == 6


def test_synsets_with_plurals_and_nested_sets(verbs):
    assert verbs.synsets["&CURRENCY"] == [("DOLLAR",), ("DOLLARS",), ("EURO",)]
    # &MONEY takes in every member of &CURRENCY, then its own (CASH_: no plural)
    assert verbs.synsets["&MONEY"] == [("DOLLAR",), ("DOLLARS",), ("EURO",), ("CASH",)]


def test_regular_and_irregular_forms(verbs):
    for form in ("GRANT", "GRANTS", "GRANTED", "GRANTING", "GIVE", "GIVES", "GAVE", "GIVEN",
                 "ACCUSED", "ACCUSING", "CLARIFIES", "CLARIFIED"):
        assert form in verbs.forms, form
    (gave,) = verbs.forms["GAVE"]
    assert (gave.verb_class, gave.code, gave.source) == (0, None, "t.verbs.txt:11")
    assert verbs.forms["ACCUSES"][0].verb_class == 1
    assert {form.code for form in verbs.forms["CLARIFIED"]} == {"040"}  # its own code


def test_multi_word_verbs_mark_the_verb_with_plus(verbs):
    (reopen,) = verbs.forms["OPENED"]
    assert (reopen.before, reopen.after) == (("RE",), ())
    (hand,) = verbs.forms["HANDED"]
    assert (hand.before, hand.after) == ((), ("OVER",))
    assert "RE" not in verbs.forms and "OVER" not in verbs.forms


def test_pattern_slots_and_synsets(verbs):
    money = patterns(verbs, "071")
    assert money.before == ()
    assert money.after == (PatternItem("synset", "&MONEY", False),)
    attack = patterns(verbs, "141")
    assert [item.kind for item in attack.before] == ["source"]
    assert [(item.kind, item.value) for item in attack.after] == [
        ("word", "IN"), ("skip", "^"), ("word", "AGAINST"), ("target", "+")]
    assert [item.kind for item in patterns(verbs, "043").before] == ["compound"]
    assert patterns(verbs, "141").source == "t.verbs.txt:16"


def test_underscore_marks_adjacent_words(verbs):
    # IN_* : IN must stand right before the verb
    assert patterns(verbs, "075").before == (PatternItem("word", "IN", True),)
    # * _AID TO + : AID right after the verb, TO and + anywhere after it
    assert [item.adjacent for item in patterns(verbs, "073").after] == [True, False, False]
    # WITH_ASSISTANCE: ASSISTANCE right after WITH, WITH anywhere after the verb
    assert patterns(verbs, "072").after == (PatternItem("word", "WITH", False),
                                            PatternItem("word", "ASSISTANCE", True))
    # no underscore: nothing adjacent
    assert not any(item.adjacent for item in patterns(verbs, "141").after)


def test_code_pairs_are_kept_as_strings(verbs):
    pair = patterns(verbs, "112:111")  # [a:b]: source->target a, target->source b
    assert [item.kind for item in (*pair.before, *pair.after)] == ["source", "target", "word"]
    assert verbs.classes[0].code == "070"  # a string: the leading zero stays


def test_slot_only_patterns_remember_the_verbs_their_comment_names(tmp_path):
    path = tmp_path / "t.verbs.txt"
    path.write_text("--- DISCUSS [040] ---\nDISCUSS\nDEBATE\n"
                    "- $ * + [040]  # DEBATE <ms 18 Jan 2008> , TALK <x>\n"
                    "- * PLAN [041]  # DISCUSS <y>\n", encoding="utf-8")
    slots, worded = load_verbs(path).classes[0].patterns
    assert slots.verbs == frozenset({"DEBATE", "TALK"})
    assert worded.verbs == frozenset()  # patterns with words apply to the whole class
