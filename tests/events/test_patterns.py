"""Verb-pattern matching on hand-built token views (no model needed)."""

from __future__ import annotations

from attache.dictionaries.verbs import PatternItem, VerbPattern
from attache.events.patterns import MAX_GAP, TokenView, best_match, match_pattern

SYNSETS = {
    "&CURRENCY": [("DOLLARS",), ("SWISS", "FRANCS")],
    "&TIETYPES": [("DIPLOMATIC",), ("MILITARY",)],
}


def word(value: str, adjacent: bool = False) -> PatternItem:
    return PatternItem("word", value, adjacent)


def synset(value: str, adjacent: bool = False) -> PatternItem:
    return PatternItem("synset", value, adjacent)


SOURCE = PatternItem("source", "$", False)
TARGET = PatternItem("target", "+", False)


def pattern(before=(), after=(), code="040", source="test.verbs.txt:1") -> VerbPattern:
    return VerbPattern(tuple(before), tuple(after), code, source)


class Sentence:
    """A sentence as the matcher sees it, around the verb at ``verb``."""

    def __init__(
        self,
        text: str,
        verb: str,
        phrases: dict[int, list[int]] | None = None,
        lemmas: dict[int, str] | None = None,
        compound: frozenset[int] = frozenset(),
    ):
        self.words = text.upper().split()
        self.verb = self.words.index(verb.upper())
        lemma_list = list(self.words)
        for position, lemma in (lemmas or {}).items():
            lemma_list[position] = lemma
        phrase_of = {token: head for head, tokens in (phrases or {}).items() for token in tokens}
        self.view = TokenView(self.words, lemma_list, phrase_of, compound)
        self.before = list(range(self.verb - 1, -1, -1))
        self.after = list(range(self.verb + 1, len(self.words)))

    def match(self, verb_pattern: VerbPattern):
        return match_pattern(self.view, self.before, self.after, verb_pattern, SYNSETS)

    def best(self, patterns: list[VerbPattern]):
        return best_match(self.view, self.before, self.after, patterns, SYNSETS)


# -- words and adjacency --------------------------------------------------------------------


def test_unjoined_words_may_skip_tokens():
    sentence = Sentence("Russia agreed to new talks", "agreed")
    found = sentence.match(pattern(after=[word("TO"), word("TALKS")]))
    assert found is not None
    assert found.tokens == [2, 4]


def test_joined_words_must_be_adjacent():
    joined = pattern(after=[word("TO"), word("TALKS", adjacent=True)])  # * TO_TALKS
    assert Sentence("Russia agreed to new talks", "agreed").match(joined) is None
    assert Sentence("Russia agreed to talks", "agreed").match(joined) is not None


def test_first_item_joined_to_the_verb_must_follow_it_directly():
    joined = pattern(after=[word("TO", adjacent=True)])  # *_TO
    assert Sentence("Russia agreed quickly to talks", "agreed").match(joined) is None
    assert Sentence("Russia agreed to talks", "agreed").match(joined) is not None
    assert Sentence("Russia agreed", "agreed").match(joined) is None  # nothing after the verb


def test_word_before_the_verb_joined_to_it():
    joined = pattern(before=[word("NOT", adjacent=True)], code="120")  # NOT_*
    assert Sentence("Russia did not agree", "agree").match(joined) is not None
    assert Sentence("Russia not really agree", "agree").match(joined) is None
    loose = pattern(before=[word("NOT")], code="120")  # NOT *
    assert Sentence("Russia not really agree", "agree").match(loose) is not None


def test_words_before_the_verb_match_in_sentence_order():
    ordered = pattern(before=[word("WOULD"), word("NOT")], code="120")  # WOULD NOT *
    assert Sentence("Russia would not agree", "agree").match(ordered) is not None
    assert Sentence("Russia not would agree", "agree").match(ordered) is None


def test_a_word_matches_the_lemma_too():
    sentence = Sentence("Russia agreed on talks", "agreed", lemmas={3: "TALK"})
    assert sentence.match(pattern(after=[word("TALK")])) is not None
    assert sentence.match(pattern(after=[word("TALKS")])) is not None
    assert sentence.match(pattern(after=[word("MEETING")])) is None


# -- actor slots ----------------------------------------------------------------------------


def test_source_and_target_pick_the_phrase_head():
    sentence = Sentence(
        "the Russian foreign minister criticised the United States",
        "criticised",
        phrases={3: [1, 2, 3], 7: [6, 7]},
    )
    found = sentence.match(pattern(before=[SOURCE], after=[TARGET], code="111"))
    assert found is not None
    assert found.source_head == 3
    assert found.target_head == 7
    # the whole phrase is consumed, not just the token the slot landed on
    assert sorted(found.tokens) == [1, 2, 3, 6, 7]


def test_target_slot_after_a_word():
    sentence = Sentence(
        "Russia met with Ukraine and Belarus", "met", phrases={0: [0], 3: [3], 5: [5]}
    )
    found = sentence.match(pattern(after=[word("WITH"), TARGET]))
    assert found is not None
    assert found.target_head == 3
    assert found.source_head is None


def test_slot_needs_an_actor_phrase():
    sentence = Sentence("Russia met with officials", "met", phrases={0: [0]})
    assert sentence.match(pattern(after=[word("WITH"), TARGET])) is None


def test_joined_slot_needs_the_phrase_right_there():
    sentence = Sentence("Russia met with the Ukrainians", "met", phrases={0: [0], 4: [4]})
    assert sentence.match(pattern(after=[word("WITH"), PatternItem("target", "+", True)])) is None
    assert sentence.match(pattern(after=[word("WITH"), TARGET])) is not None


def test_compound_slot_sets_the_source():
    sentence = Sentence("Germany and France agreed", "agreed", phrases={0: [0], 2: [2]},
                        compound=frozenset({0, 2}))
    found = sentence.match(pattern(before=[PatternItem("compound", "%", False)], code="030"))
    assert found is not None
    assert found.source_head in (0, 2)  # one member of the compound; the coder adds the rest


def test_compound_slot_needs_a_compound_actor():
    sentence = Sentence("Russian troops attacked Ukraine in Crimea", "attacked",
                        phrases={1: [0, 1], 3: [3]})
    compound_after = [PatternItem("compound", "%", False), PatternItem("word", "IN", False)]
    assert sentence.match(pattern(after=compound_after, code="190:190")) is None


def test_skip_item_needs_no_token():
    sentence = Sentence("Russia attacked Ukraine", "attacked", phrases={0: [0], 2: [2]})
    found = sentence.match(pattern(after=[PatternItem("skip", "^", False), TARGET], code="190"))
    assert found is not None and found.target_head == 2


# -- synonym sets ---------------------------------------------------------------------------


def test_synset_matches_one_word_and_multi_word_members():
    pledge = pattern(after=[synset("&CURRENCY")], code="071")
    found = Sentence("Japan pledged ten million dollars", "pledged").match(pledge)
    assert found is not None and found.tokens == [4]
    found = Sentence("Japan pledged ten million Swiss francs", "pledged").match(pledge)
    assert found is not None and found.tokens == [4, 5]
    assert Sentence("Japan pledged ten million Swiss gold francs", "pledged").match(pledge) is None
    assert Sentence("Japan pledged support", "pledged").match(pledge) is None


def test_synset_phrase_before_the_verb_matches_backwards():
    money = pattern(before=[synset("&CURRENCY")], code="071")
    found = Sentence("Swiss francs were pledged", "pledged").match(money)
    assert found is not None
    assert sorted(found.tokens) == [0, 1]


def test_synset_joined_to_a_word():
    ties = pattern(
        after=[word("FULL"), synset("&TIETYPES", adjacent=True), word("TIES")], code="064"
    )
    assert Sentence("Arnor restored full diplomatic ties", "restored").match(ties) is not None
    assert Sentence("Arnor restored full and diplomatic ties", "restored").match(ties) is None


# -- choosing among patterns ----------------------------------------------------------------


def test_longest_matching_pattern_wins():
    short = pattern(after=[word("TO")], code="030", source="v.txt:1")
    long = pattern(after=[word("TO"), word("CEASEFIRE")], code="0861", source="v.txt:2")
    longer_unmatched = pattern(
        after=[word("TO"), word("CEASEFIRE"), word("TODAY")], code="999", source="v.txt:3"
    )
    sentence = Sentence("Russia agreed to a ceasefire", "agreed")
    found = sentence.best([short, long, longer_unmatched])
    assert found is not None and found.pattern.source == "v.txt:2"
    # order in the file does not matter when sizes differ
    found = sentence.best([long, short])
    assert found is not None and found.pattern.source == "v.txt:2"


def test_shorter_pattern_when_the_longer_does_not_match():
    short = pattern(after=[word("TO")], code="030", source="v.txt:1")
    long = pattern(after=[word("TO"), word("CEASEFIRE")], code="0861", source="v.txt:2")
    found = Sentence("Russia agreed to talks", "agreed").best([long, short])
    assert found is not None and found.pattern.code == "030"


def test_first_in_file_wins_among_equals():
    first = pattern(after=[word("TO")], code="030", source="v.txt:1")
    second = pattern(after=[word("TALKS")], code="036", source="v.txt:2")
    sentence = Sentence("Russia agreed to talks", "agreed")
    assert sentence.best([first, second]).pattern.source == "v.txt:1"
    assert sentence.best([second, first]).pattern.source == "v.txt:2"


def test_no_pattern_matches():
    sentence = Sentence("Russia agreed", "agreed")
    assert sentence.best([pattern(after=[word("TO")])]) is None
    assert sentence.best([]) is None


def test_a_failed_pattern_leaves_no_slots_behind():
    sentence = Sentence("Russia met Ukraine", "met", phrases={0: [0], 2: [2]})
    failing = pattern(before=[SOURCE], after=[TARGET, word("TODAY")], code="036", source="a")
    plain = pattern(after=[TARGET], code="040", source="b")
    found = sentence.best([failing, plain])
    assert found is not None and found.pattern.source == "b"
    assert found.source_head is None and found.target_head == 2


def test_slot_only_pattern_applies_to_the_verb_it_was_written_for():
    sentence = Sentence("Denmark debated Sweden", "debated", phrases={0: [0], 2: [2]})
    written_for_summon = VerbPattern((PatternItem("source", "$", False),),
                                     (PatternItem("target", "+", False),), "040",
                                     "test.verbs.txt:1", verbs=frozenset({"SUMMON"}))
    assert best_match(sentence.view, sentence.before, sentence.after, [written_for_summon],
                      SYNSETS, frozenset({"DEBATED", "DEBATE"})) is None
    found = best_match(sentence.view, sentence.before, sentence.after, [written_for_summon],
                       SYNSETS, frozenset({"SUMMONED", "SUMMON"}))
    assert found is not None and found.target_head == 2


def test_an_item_may_not_skip_more_than_max_gap_words():
    words = "arrested " + " ".join(["x"] * (MAX_GAP + 1)) + " in prison"
    near = Sentence("arrested him in prison", "arrested")
    far = Sentence(words, "arrested")
    in_prison = pattern(after=[PatternItem("word", "IN", False), PatternItem("word", "PRISON",
                                                                               True)])
    assert near.match(in_prison) is not None
    assert far.match(in_prison) is None


def test_a_slot_after_a_preposition_stays_inside_its_phrase():
    words = "banned from flying with officials"
    sentence = Sentence(words, "banned", phrases={4: [4]})
    from_source = pattern(after=[PatternItem("word", "FROM", False),
                                 PatternItem("source", "$", False)])
    sentence.view.phrase_ends = {1: 2}  # "from flying"
    assert sentence.match(from_source) is None
    sentence.view.phrase_ends = {1: 4}  # "from ... officials"
    assert sentence.match(from_source) is not None
