"""The parser's copy of the text and its map back to the article (no model needed, except
where a sentence is coded)."""

from __future__ import annotations

import pytest

from attache.ingest.articles import new_article
from attache.nlp.clean import parser_text


def mapped(text: str) -> tuple[str, list[str]]:
    """The cleaned text, and for each of its characters the article text it stands for."""
    piece = parser_text(text, 0, len(text))
    if piece.starts is None:
        return piece.text, list(text)
    return piece.text, [text[start:end] for start, end in zip(piece.starts, piece.ends,
                                                                strict=True)]


def test_clean_text_is_used_as_it_is():
    piece = parser_text("Moscow said.\nIt added.", 0, 22)
    assert piece.text == "Moscow said. It added." and piece.starts is None


@pytest.mark.parametrize("dirty", [
    "Rus\u200bsia attacked Ukraine.",  # zero-width space
    "Rus\u00adsia attacked Ukraine.",  # soft hyphen
    "Rus\x00sia attacked Ukraine.",  # NUL
    "Russia\x07 attacked Ukraine.",  # a control character
    "<b>Russia</b> attacked <i>Ukraine</i>.",  # tags
    "\ufeffRussia attacked Ukraine.",  # a byte-order mark
])
def test_invisible_characters_and_tags_are_dropped(dirty):
    text, _ = mapped(dirty)
    assert text == "Russia attacked Ukraine."


def test_references_are_decoded_and_map_to_the_whole_reference():
    text, sources = mapped("AT&amp;T and Fran&#231;ois")
    assert text == "AT&T and François"
    assert sources[2] == "&amp;" and sources[13] == "&#231;"


def test_combining_marks_go_and_their_letter_stands_for_both():
    text, sources = mapped("Brudzin\u0301ski and R\u0303u\u0336ssia, not Caf\u00e9")
    assert text == "Brudzinski and Russia, not Caf\u00e9"  # a one-character é stays
    assert sources[6] == "n\u0301" and sources[15] == "R\u0303"


def test_offsets_of_a_piece_inside_an_article():
    article = "Headline\n\nRus\u200bsia attacked Ukraine."
    piece = parser_text(article, 10, len(article))
    assert piece.text == "Russia attacked Ukraine."
    assert article[piece.starts[0]:piece.ends[5]] == "Rus\u200bsia"


@pytest.mark.parametrize("dirty", [
    "Rus\u200bsia attacked Ukraine.",
    "<p>Russia attacked Ukraine.</p>",
    "Russia attacked\x00 Ukraine.",
    "Russia a\u0301ttacked Ukraine.",
])
def test_events_survive_dirt_with_offsets_into_the_original(coder, dirty):
    coded = coder.code_article(new_article(dirty))
    (event,) = coded.plain_events
    assert (event.source.code, event.cameo_code, event.target.code) == ("RUS", "190", "UKR")
    assert dirty[event.verb_start:event.verb_end].replace("\u0301", "") == "attacked"
    assert event.evidence.text == dirty[event.evidence.start:event.evidence.end]
    assert "Ukraine" in event.evidence.text
