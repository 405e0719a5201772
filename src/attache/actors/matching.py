"""Dictionary names over a paragraph's words: the longest match at each place, left to right."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..dictionaries import PhraseIndex


@dataclass(slots=True)
class Match:
    start: int  # token index in the doc
    end: int  # exclusive
    entry_id: int
    is_agent: bool


def find_matches(words: list[str], index: PhraseIndex, is_agent: bool,
                 name_goes_on: Sequence[bool] | None = None) -> list[Match]:
    """Longest non-overlapping dictionary matches, left to right.

    ``name_goes_on[i]``: token ``i`` is a proper noun that continues the name of the token
    before it. A match that ends inside a name, where another name of the dictionary starts
    within the match and runs on past it, is only the first part of that longer name and
    gives way to it: "the West Bank" is WEST_BANK, not THE_WEST.
    """
    matches: list[Match] = []
    position = 0
    while position < len(words):
        found = _longest_at(words, index, position, is_agent)
        if found and name_goes_on and found.end < len(words) and name_goes_on[found.end] \
                and any((longer := _longest_at(words, index, inner, is_agent))
                        and longer.end > found.end
                        for inner in range(position + 1, found.end)):
            found = None
        if found:
            matches.append(found)
            position = found.end
        else:
            position += 1
    return matches


def _longest_at(words: list[str], index: PhraseIndex, position: int,
                is_agent: bool) -> Match | None:
    for phrase, entry_id in index.by_first.get(words[position], ()):
        end = position + len(phrase)
        if end <= len(words) and tuple(words[position:end]) == phrase:
            return Match(position, end, entry_id, is_agent)
    return None


def mistaken_acronym(text: str) -> bool:
    """A short lower-case word is not the acronym a one-word dictionary name means: "us" is
    no "US"."""
    return len(text) <= 3 and text.islower()
