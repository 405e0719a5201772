"""``attache.nlp.parse_units``: the paragraphs an article is parsed in (no model needed)."""

from __future__ import annotations

import itertools
import re

import pytest

from attache.nlp import DATELINE_MAX_OFFSET, MAX_UNIT_CHARS, dateline_at, parse_units


def pieces(text: str) -> list[str]:
    units = parse_units(text)
    for start, end in units:
        assert 0 <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()  # whitespace trimmed
    assert units == sorted(units)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(units))
    return [text[start:end] for start, end in units]


def test_blank_lines_separate_paragraphs():
    text = ("MOSCOW, Jan 6 (Wire)\n\nRussia condemned the strike.\nIt called it a crime.\n"
            "\n\n\nThe ministry said nothing else.")
    assert pieces(text) == [
        "MOSCOW, Jan 6 (Wire)",
        "Russia condemned the strike.\nIt called it a crime.",  # one newline: same paragraph
        "The ministry said nothing else.",
    ]


def test_lines_of_spaces_and_tabs_count_as_blank():
    text = "Headline\n \t \nFirst paragraph.\n\t\nSecond paragraph."
    assert pieces(text) == ["Headline", "First paragraph.", "Second paragraph."]


def test_windows_blank_lines_separate_paragraphs():
    text = "Headline\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph."
    assert pieces(text) == ["Headline", "First paragraph.", "Second paragraph."]


def test_offsets_point_into_the_original_text():
    text = "\n\n   Lead paragraph here.  \n\n\t  Second one.\n\n  "
    units = parse_units(text)
    assert units == [(5, 25), (32, 43)]
    assert [text[s:e] for s, e in units] == ["Lead paragraph here.", "Second one."]


def test_nothing_to_parse():
    assert parse_units("") == []
    assert parse_units(" \n\n \t\n ") == []


def test_long_paragraph_is_cut_at_sentence_ends():
    sentence = "The minister met the ambassador in the capital on Tuesday. "
    text = (sentence * (3 * MAX_UNIT_CHARS // len(sentence))).strip()
    assert len(text) > 2 * MAX_UNIT_CHARS
    cut = pieces(text)
    assert len(cut) >= 3
    assert all(len(piece) <= MAX_UNIT_CHARS for piece in cut)
    assert all(piece.endswith(".") for piece in cut)  # cut after ". ", not inside a sentence
    assert " ".join(cut) == text  # nothing lost or repeated


def test_long_paragraph_prefers_line_breaks():
    line = "word " * 40 + "\n"
    text = (line * (2 * MAX_UNIT_CHARS // len(line) + 5)).strip()
    cut = pieces(text)
    assert len(cut) >= 3
    assert all(len(piece) <= MAX_UNIT_CHARS for piece in cut)
    assert all(piece.endswith("word") for piece in cut)
    assert re.sub(r"\s+", " ", " ".join(cut)) == re.sub(r"\s+", " ", text)


def test_text_without_spaces_is_cut_at_the_limit():
    text = "x" * (2 * MAX_UNIT_CHARS + 10)
    units = parse_units(text)
    assert [end - start for start, end in units] == [MAX_UNIT_CHARS, MAX_UNIT_CHARS, 10]
    assert "".join(text[s:e] for s, e in units) == text


@pytest.mark.parametrize(("text", "place"), [
    ("Moscow, MINA – Russia said.", "Moscow"),
    ("WASHINGTON, March 3 (Reuters) - The talks ended.", "WASHINGTON"),
    ("LONDON (Reuters) - The talks ended.", "LONDON"),
    ("MOSCOW - The talks ended.", "MOSCOW"),
    ("KABUL, Afghanistan — A bomb exploded.", "KABUL"),
    ("Ras al-Ain, Syria (AP) — Shelling resumed.", "Ras al-Ain"),
])
def test_datelines(text, place):
    found = dateline_at(text, 0)
    assert found is not None and found.group("place") == place
    assert pieces(text)[0] == text[:found.end()].strip()


@pytest.mark.parametrize("text", [
    "On Thursday, the European Court of Justice (ECJ) — the top court — ruled.",
    "The Azores — islands of Portugal — closed schools.",
    "Ukraine, Russia and the U.S. - all three - met.",
])
def test_sentences_with_dashes_are_no_datelines(text):
    assert dateline_at(text, 0) is None
    assert pieces(text) == [text]


def test_datelines_only_open_the_story():
    late = "x" * (DATELINE_MAX_OFFSET + 10) + "\n\nMOSCOW, Jan 3 (Wire) - Talks ended."
    assert dateline_at(late, late.index("MOSCOW")) is None
