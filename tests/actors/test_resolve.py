"""Dictionary matching and date-restricted codes, on hand-built indexes (no model needed)."""

from __future__ import annotations

from datetime import date

from attache.actors.matching import find_matches, mistaken_acronym
from attache.dictionaries import PhraseIndex
from attache.dictionaries.actors import ActorEntry, DatedCode


def index_of(*phrases: str) -> PhraseIndex:
    """A finished index; entry ids are the phrases' positions in the call."""
    index = PhraseIndex()
    for entry_id, phrase in enumerate(phrases):
        index.add(tuple(phrase.split()), entry_id)
    index.finish()
    return index


def spans(words: str, index: PhraseIndex, is_agent: bool = False,
          name_goes_on: list[bool] | None = None) -> list[tuple[int, int, int]]:
    return [
        (m.start, m.end, m.entry_id)
        for m in find_matches(words.split(), index, is_agent=is_agent, name_goes_on=name_goes_on)
    ]


def test_longest_match_wins_whatever_the_order_entries_were_added():
    index = index_of("UNITED", "UNITED STATES", "UNITED STATES SENATE", "UNITED NATIONS")
    assert spans("THE UNITED STATES SENATE AND THE UNITED NATIONS MET", index) == [
        (1, 4, 2),
        (6, 8, 3),
    ]
    assert spans("THE UNITED STATES SAID", index) == [(1, 3, 1)]
    assert spans("UNITED", index) == [(0, 1, 0)]


def test_matches_do_not_overlap_and_the_leftmost_wins():
    index = index_of("NORTH KOREA", "KOREA SOUTH")
    # KOREA is taken by the first match, so "KOREA SOUTH" cannot start there.
    assert spans("NORTH KOREA SOUTH", index) == [(0, 2, 0)]
    assert spans("KOREA SOUTH KOREA", index) == [(0, 2, 1)]


def test_adjacent_matches_are_all_found():
    index = index_of("RUSSIA", "UKRAINE", "UNITED STATES")
    assert spans("RUSSIA UKRAINE UNITED STATES RUSSIA", index) == [
        (0, 1, 0),
        (1, 2, 1),
        (2, 4, 2),
        (4, 5, 0),
    ]


def test_partial_phrases_do_not_match():
    index = index_of("UNITED STATES", "EUROPEAN UNION")
    assert spans("UNITED", index) == []
    assert spans("THE EUROPEAN COMMISSION AND UNITED KINGDOM", index) == []
    assert spans("", index) == []


def test_match_is_case_sensitive_on_upper_case_words():
    index = index_of("RUSSIA")
    assert spans("Russia", index) == []  # callers upper-case the tokens first


def test_a_match_that_is_only_the_start_of_a_longer_known_name_gives_way():
    index = index_of("THE WEST", "WEST BANK")
    # "Bank" continues the proper name "West ...", and WEST BANK runs past THE WEST
    assert spans("THE WEST BANK", index, name_goes_on=[False, False, True]) == [(1, 3, 1)]
    # where the next word starts no longer name, THE WEST stays
    assert spans("THE WEST SAID", index, name_goes_on=[False, False, False]) == [(0, 2, 0)]


def test_a_match_inside_a_name_no_longer_entry_covers_stays():
    index = index_of("BOSNIAN")
    assert spans("BOSNIAN SERBS", index, name_goes_on=[False, True]) == [(0, 1, 0)]


def test_short_lower_case_words_are_no_acronyms():
    assert mistaken_acronym("us") and mistaken_acronym("eu")
    assert not mistaken_acronym("US") and not mistaken_acronym("EU")
    assert not mistaken_acronym("russia")


def test_matches_record_whether_they_are_agents():
    index = index_of("FOREIGN MINISTER")
    (match,) = find_matches("THE FOREIGN MINISTER".split(), index, is_agent=True)
    assert match.is_agent is True
    (match,) = find_matches("THE FOREIGN MINISTER".split(), index, is_agent=False)
    assert match.is_agent is False


def test_hyphenated_names_match_the_tokenizer_split():
    index = index_of("AL-QAEDA")
    assert spans("AL - QAEDA CLAIMED IT", index) == [(0, 3, 0)]


# -- ActorEntry.code_on ---------------------------------------------------------------------


def lavrov() -> ActorEntry:
    """As in the Phoenix dictionary: UN ambassador, then (overlapping) foreign minister."""
    return ActorEntry(
        "SERGEY_LAVROV",
        "Phoenix.Countries.actors.txt:39797",
        codes=[
            DatedCode("RUSGOVUNO", date(1994, 9, 22), date(2004, 7, 12)),
            DatedCode("RUSGOV", start=date(2004, 3, 9)),
        ],
        phrases=[("SERGEY", "LAVROV")],
    )


def test_code_on_picks_the_range_that_covers_the_day():
    entry = lavrov()
    assert entry.code_on(date(1999, 1, 1)) == "RUSGOVUNO"
    assert entry.code_on(date(2023, 1, 16)) == "RUSGOV"


def test_code_on_range_ends_are_inclusive():
    entry = lavrov()
    assert entry.code_on(date(1994, 9, 22)) == "RUSGOVUNO"
    assert entry.code_on(date(1994, 9, 21)) is None
    assert entry.code_on(date(2004, 7, 13)) == "RUSGOV"


def test_code_on_overlapping_ranges_take_the_first_listed():
    assert lavrov().code_on(date(2004, 5, 1)) == "RUSGOVUNO"


def test_code_on_before_every_range_without_undated_code_is_none():
    assert lavrov().code_on(date(1990, 1, 1)) is None


def test_code_on_undated_code_is_the_fallback():
    entry = lavrov()
    entry.codes.append(DatedCode("RUSELI"))
    assert entry.code_on(date(1990, 1, 1)) == "RUSELI"
    assert entry.code_on(date(2023, 1, 16)) == "RUSGOV"


def test_code_on_unknown_day_takes_the_open_ended_code():
    assert lavrov().code_on(None) == "RUSGOV"
    past_only = ActorEntry(
        "X", "x.txt:1", [DatedCode("ABCGOV", date(1990, 1, 1), date(1995, 1, 1))]
    )
    assert past_only.code_on(None) == "ABCGOV"
    with_undated = ActorEntry(
        "Y", "y.txt:1", [DatedCode("ABCGOV", date(1990, 1, 1), date(1995, 1, 1)), DatedCode("ABC")]
    )
    assert with_undated.code_on(None) == "ABC"


def test_code_on_until_a_date():
    entry = ActorEntry(
        "Z",
        "z.txt:1",
        [
            DatedCode("CSKGOV", end=date(1992, 12, 31)),
            DatedCode("CZEGOV", start=date(1993, 1, 1)),
        ],
    )
    assert entry.code_on(date(1985, 3, 11)) == "CSKGOV"
    assert entry.code_on(date(1992, 12, 31)) == "CSKGOV"
    assert entry.code_on(date(1993, 1, 1)) == "CZEGOV"
    assert entry.code_on(None) == "CZEGOV"


def test_dated_code_valid_on():
    closed = DatedCode("A", date(2000, 1, 1), date(2000, 12, 31))
    assert closed.valid_on(date(2000, 6, 1))
    assert not closed.valid_on(date(2001, 1, 1))
    assert not closed.valid_on(None)  # a closed range is no help when the date is unknown
    assert DatedCode("A", start=date(2000, 1, 1)).valid_on(None)
    assert DatedCode("A").valid_on(None)
