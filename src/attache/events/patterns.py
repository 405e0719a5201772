"""Match PETRARCH-1 verb patterns against the tokens around a verb.

Words after the verb are matched in order, forwards; words before it in reverse order,
backwards. Unjoined items may skip intervening tokens; items joined with ``_`` may not. A word
matches a token's text or lemma; a synonym set matches any of its phrases; ``$`` and ``+``
match a token inside an actor phrase and pick that phrase as source or target; ``%`` matches
only a compound actor ("Israel and Lebanon"), whose members act on each other; ``^`` stands
for a skipped noun phrase and needs no token of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dictionaries.verbs import PatternItem, VerbPattern

SLOTS = {"source", "target", "compound"}
#: Most words a pattern item may skip to reach the next (see ``_match_side``).
MAX_GAP = 8


@dataclass(slots=True)
class PatternMatch:
    pattern: VerbPattern
    source_head: int | None = None
    target_head: int | None = None
    tokens: list[int] = field(default_factory=list)


class TokenView:
    """What the matcher needs of a sentence: words, lemmas and which actor phrase each token
    belongs to (by the phrase's head token index)."""

    __slots__ = ("words", "lemmas", "phrase_of", "compound_heads", "phrase_ends",
                 "name_words", "vocabulary")

    def __init__(self, words: list[str], lemmas: list[str], phrase_of: dict[int, int],
                 compound_heads: frozenset[int] = frozenset(),
                 phrase_ends: dict[int, int] | None = None,
                 name_words: frozenset[int] = frozenset()):
        self.words = words
        self.lemmas = lemmas
        self.phrase_of = phrase_of
        self.compound_heads = compound_heads  # phrases naming two or more actors
        self.phrase_ends = phrase_ends or {}  # preposition -> last token of its phrase
        #: function words inside an actor's name ("to" of "the ambassador to Greece"): part
        #: of the name, never a pattern's own preposition ("deported * TO_+")
        self.name_words = name_words
        self.vocabulary = frozenset(words) | frozenset(lemmas)

    def word_matches(self, position: int, value: str) -> bool:
        return self.words[position] == value or self.lemmas[position] == value


def _synset_possible(phrases, vocabulary: frozenset[str]) -> bool:
    return any(phrase and phrase[0] in vocabulary for phrase in phrases)


def _phrase_at(view: TokenView, positions: list[int], index: int,
               phrase: tuple[str, ...], step: int) -> int:
    """Length (in positions) of ``phrase`` at ``positions[index]``, or 0."""
    words = phrase if step == 1 else tuple(reversed(phrase))
    for offset, word in enumerate(words):
        at = index + offset
        if at >= len(positions) or not view.word_matches(positions[at], word):
            return 0
        if offset and abs(positions[at] - positions[at - 1]) != 1:
            return 0
    return len(words)


def _item_at(view: TokenView, positions: list[int], index: int, item: PatternItem,
             synsets: dict, step: int, match: PatternMatch) -> int:
    """How many positions ``item`` consumes at ``positions[index]`` (0: no match)."""
    position = positions[index]
    if item.kind == "word":
        return 1 if (view.word_matches(position, item.value)
                     and position not in view.name_words) else 0
    if item.kind == "synset":
        for phrase in synsets.get(item.value, ()):
            size = _phrase_at(view, positions, index, phrase, step)
            if size:
                return size
        return 0
    head = view.phrase_of.get(position)
    if head is None or (item.kind == "compound" and head not in view.compound_heads):
        return 0
    consumed = 1
    while (index + consumed < len(positions)
           and view.phrase_of.get(positions[index + consumed]) == head):
        consumed += 1
    if item.kind == "source" and match.source_head is None:
        match.source_head = head
    elif item.kind == "target" and match.target_head is None:
        match.target_head = head
    elif item.kind == "compound" and match.source_head is None:
        match.source_head = head  # "%": a compound actor; its members become reciprocal
    return consumed


def _match_side(view: TokenView, positions: list[int], items: list[PatternItem],
                synsets: dict, step: int, match: PatternMatch) -> bool:
    """Match items in order over positions (already ordered away from the verb). An item
    may skip at most ``MAX_GAP`` words after the one before it: farther words belong to
    other phrases ("staged a hunger strike in prison ... violations by security forces" is
    no "put in detention by")."""
    index = 0
    anchor = positions[0] - step if positions else 0  # the verb's own position
    for item in items:
        if item.kind == "skip":
            continue
        found = False
        # an actor slot right after a preposition must be that preposition's object
        # ("banned from ... $": not "officials" of a later "with officials")
        limit = view.phrase_ends.get(anchor) if step == 1 and item.kind in SLOTS else None
        while index < len(positions):
            if abs(positions[index] - anchor) > MAX_GAP + 1:
                return False
            if limit is not None and positions[index] > limit:
                return False
            size = _item_at(view, positions, index, item, synsets, step, match)
            if size:
                match.tokens.extend(positions[index:index + size])
                anchor = positions[index + size - 1]
                index += size
                found = True
                break
            if item.adjacent:
                return False
            index += 1
        if not found:
            return False
    return True


def match_pattern(view: TokenView, verb_before: list[int], verb_after: list[int],
                  pattern: VerbPattern, synsets: dict) -> PatternMatch | None:
    """Try one pattern. ``verb_before`` runs backwards from the token before the verb,
    ``verb_after`` forwards from the token after it; adjacency is checked against the
    first element of each list being next to the verb."""
    match = PatternMatch(pattern)
    after_items = list(pattern.after)
    before_items = list(reversed(pattern.before))
    if after_items and after_items[0].adjacent and not verb_after:
        return None
    if not _match_side(view, verb_after, after_items, synsets, 1, match):
        return None
    # Before the verb an item's ``adjacent`` flag links it to the item nearer the verb,
    # which walking backwards is the one matched just before it: the same rule as after.
    if not _match_side(view, verb_before, before_items, synsets, -1, match):
        return None
    return match


def best_match(view: TokenView, verb_before: list[int], verb_after: list[int],
               patterns: list[VerbPattern], synsets: dict,
               verb_words: frozenset[str] = frozenset()) -> PatternMatch | None:
    """The matching pattern with the most items; the first in the file among equals.

    Patterns whose literal words or synonym sets cannot occur in the sentence are skipped
    before any matching (most patterns, on most sentences), and so are slot-only patterns
    written for another verb than ``verb_words`` (the verb's text and lemma).
    """
    best: PatternMatch | None = None
    vocabulary = view.vocabulary
    for pattern in patterns:
        if best is not None and pattern.size <= best.pattern.size:
            continue
        if pattern.verbs and not pattern.verbs & verb_words:
            continue
        if not pattern.required <= vocabulary or not all(
                _synset_possible(synsets.get(name, ()), vocabulary) for name in pattern.synsets):
            continue
        found = match_pattern(view, verb_before, verb_after, pattern, synsets)
        if found is not None:
            best = found
    return best
