"""Cutting an article's text at every record boundary."""

from __future__ import annotations

from attache.dashboard.highlight import KINDS, Mark, marks, mention_refs, pieces
from attache.query.names import cameo_name


def test_pieces_cover_the_text_once_with_the_innermost_record_first():
    text = "Russian troops attacked Kyiv."
    spans = [
        Mark("quote-0", "quote", 0, 28, "quote"),
        Mark("actor-0", "actor", 0, 14, "actor"),
        Mark("event-0", "event", 15, 23, "event"),
        Mark("bad-0", "date", 20, 99, "past the end"),
    ]
    cut = pieces(text, spans, {15: "sentence-0"})
    assert "".join(piece.text for piece in cut) == text
    assert [(piece.text, piece.link) for piece in cut] == [
        ("Russian troops", "actor-0"), (" ", "quote-0"), ("attacked", "event-0"),
        (" Kyiv", "quote-0"), (".", None),
    ]  # fmt: skip
    assert cut[0].anchors == ("span-quote-0", "span-actor-0")
    assert cut[2].anchors == ("sentence-0", "span-event-0")
    assert cut[2].classes == "hl k-event k-quote" and cut[2].refs == "event-0 quote-0"
    assert pieces("", spans) == []


def test_every_record_of_a_coded_article_is_marked(make_coded):
    coded = make_coded()
    found = marks(coded)
    kinds = {mark.kind for mark in found}
    assert kinds == set(KINDS)
    event = next(mark for mark in found if mark.ref == "event-0")
    assert (event.start, event.end) == (coded.events[0].verb_start, coded.events[0].verb_end)
    quote = next(mark for mark in found if mark.kind == "quote")
    assert (quote.start, quote.end) == (coded.quotes[0].content_start, coded.quotes[0].content_end)
    cut = pieces(coded.article.text, found)
    assert "".join(piece.text for piece in cut) == coded.article.text
    for mark in found:  # each record's span starts a piece, where its anchor is
        assert any(f"span-{mark.ref}" in piece.anchors for piece in cut)
    start = coded.mentions[0].evidence
    assert mention_refs(coded)[(start.start, start.end)] == "actor-0"


def test_cameo_names():
    assert cameo_name("190") == "Use conventional military force"
    assert cameo_name(None) is None and cameo_name("99") is None
