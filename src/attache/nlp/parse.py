"""An article's parse: the paragraphs it is parsed in, their spaCy docs, its sentences.

:func:`parse_articles` is the one way an article is parsed, for the coder, the evaluations
and the tests alike: the text is split into units (:func:`parse_units`), each unit is cleaned
for the parser (:mod:`attache.nlp.clean`), the units of a batch go through ``nlp.pipe``
together, and the sentences are numbered across the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Evidence, Sentence
from .clean import ParserText, parser_text

#: Paragraph breaks: a blank line. Headlines and datelines sit on lines of their own, and the
#: parser would otherwise merge them into the first sentence.
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r]*\n\s*")
#: A dateline: a capitalised place name of up to four words, then parts after commas (a
#: state, a date, an agency: up to four words, each capitalised or a number) and an agency
#: in brackets, then a dash: "Moscow, MINA – ",
#: "WASHINGTON, March 3 (Reuters) - ", "LONDON (Reuters) - ". Group ``place`` is the place,
#: ``rest`` what follows it up to the dash. Without a part after the place, only a place in
#: capitals is one ("MOSCOW - "): "The Azores - islands of Portugal -" is a sentence.
_NAME_WORD = r"[A-Z0-9][\w.'\u2019-]*"
DATELINE = re.compile(
    rf"(?P<place>[A-Z][\w.'\u2019-]*(?:[ -](?:[A-Z][\w.'\u2019-]*|al|el|de|la|du|of)){{0,3}}?)"
    rf"(?P<rest>(?:\s*,\s*{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})*\s*(?:\([^()\n]{{1,40}}\))?)"
    r"\s+[-\u2013\u2014]{1,2}(?:\s|$)")
#: A dateline opens a paragraph that starts within this many characters of the article (room
#: for a headline); later paragraphs that look like one are text.
DATELINE_MAX_OFFSET = 400
#: Longest unit handed to the parser in one piece; longer paragraphs are cut at newlines or
#: sentence ends so memory stays bounded.
MAX_UNIT_CHARS = 20_000


def dateline_at(text: str, start: int, end: int | None = None) -> re.Match | None:
    """The dateline opening the paragraph at ``start`` (see :data:`DATELINE`), or None."""
    if start > DATELINE_MAX_OFFSET:
        return None
    match = DATELINE.match(text, start, len(text) if end is None else end)
    if match is None or not (match.group("rest").strip() or match.group("place").isupper()):
        return None
    return match


def parse_units(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the paragraphs to parse separately, whitespace trimmed; a
    dateline is a unit of its own, so its place is not read as the subject of the first
    sentence."""
    units: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _add_paragraph(text, start, match.start(), units)
        start = match.end()
    _add_paragraph(text, start, len(text), units)
    return units


def _add_paragraph(text: str, start: int, end: int, units: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    dateline = dateline_at(text, start, end)
    if dateline and dateline.end() < end:
        _add_unit(text, start, dateline.end(), units)
        start = dateline.end()
    _add_unit(text, start, end, units)


def _add_unit(text: str, start: int, end: int, units: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_UNIT_CHARS:
        cut = _cut_point(text, start, start + MAX_UNIT_CHARS)
        _add_unit(text, start, cut, units)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        units.append((start, end))


def _cut_point(text: str, start: int, limit: int) -> int:
    for marker in ("\n", ". ", " "):
        found = text.rfind(marker, start + MAX_UNIT_CHARS // 2, limit)
        if found > 0:
            return found + len(marker)
    return limit


@dataclass(slots=True)
class ParsedUnit:
    """One parsed paragraph and where it sits in its article: what every stage after the
    parser needs to turn token positions into records and records back into tokens.

    ``offset`` is where the unit starts in the article; the doc's characters map to article
    characters through :meth:`article_char` (the parser reads a cleaned copy, see
    :mod:`attache.nlp.clean`). ``sentence_of`` gives each token's sentence number in the
    article, ``words`` each token's text in upper case (what dictionaries match)."""

    doc: Any
    article_id: str
    article_text: str
    offset: int
    sentence_of: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    source: ParserText | None = None

    def __post_init__(self) -> None:
        if not self.words:
            self.words = [token.text.upper() for token in self.doc]
        if not self.sentence_of:
            self.sentence_of = [0] * len(self.doc)

    def article_char(self, char: int) -> int:
        """The article offset of the doc's character ``char``."""
        if self.source is None or self.source.starts is None:
            return self.offset + char
        starts = self.source.starts
        return starts[char] if char < len(starts) else (self.source.ends[-1] if starts
                                                        else self.offset)

    def article_end(self, char_end: int) -> int:
        """The article offset just after the doc's characters up to ``char_end``."""
        if self.source is None or self.source.ends is None:
            return self.offset + char_end
        return self.source.ends[char_end - 1] if char_end > 0 else self.offset

    def doc_char(self, article_offset: int) -> int:
        """The doc character at (or first after) the article offset ``article_offset``."""
        if self.source is None or self.source.starts is None:
            return article_offset - self.offset
        return bisect_left(self.source.starts, article_offset)

    def doc_end(self, article_end: int) -> int:
        """The doc character just after the last one that starts before ``article_end``."""
        if self.source is None or self.source.starts is None:
            return article_end - self.offset
        return bisect_right(self.source.starts, article_end - 1)

    def contains(self, article_offset: int) -> bool:
        """Whether the article offset lies inside this unit."""
        return self.offset <= article_offset < self.article_end(len(self.doc.text))

    def span(self, article_start: int, article_end: int):
        """The doc span covering article characters ``article_start``..``article_end``
        (widened to whole tokens), or None."""
        return self.doc.char_span(self.doc_char(article_start), self.doc_end(article_end),
                                  alignment_mode="expand")

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        """Evidence for tokens ``start``..``end`` (exclusive), its text cut from the article
        itself (not the parser's copy, whose line breaks are spaces)."""
        first, last = self.doc[start], self.doc[end - 1]
        begin = self.article_char(first.idx)
        finish = self.article_end(last.idx + len(last.text))
        return Evidence(self.article_id, self.sentence_of[start], begin, finish,
                        self.article_text[begin:finish], rule)


@dataclass(slots=True)
class ParsedArticle:
    """An article with its parsed units and its sentences, numbered across the article."""

    article: Article
    units: list[ParsedUnit]
    sentences: list[Sentence]


def parse_articles(nlp, articles: Iterable[Article],
                   batch_size: int | None = None) -> Iterator[ParsedArticle]:
    """Parse articles, their units going through ``nlp.pipe`` together (in order)."""
    articles = list(articles)
    plans = [(article, [parser_text(article.text, start, end)
                        for start, end in parse_units(article.text)]) for article in articles]
    texts = [piece.text for _, pieces in plans for piece in pieces]
    options = {"batch_size": batch_size} if batch_size else {}
    docs = iter(nlp.pipe(texts, **options))
    for article, pieces in plans:
        yield _numbered(article, [(piece, next(docs)) for piece in pieces])


def parse_article(nlp, article: Article) -> ParsedArticle:
    """Parse one article (see :func:`parse_articles`)."""
    return next(parse_articles(nlp, [article]))


def _numbered(article: Article, pieces: list[tuple[ParserText, Any]]) -> ParsedArticle:
    units: list[ParsedUnit] = []
    sentences: list[Sentence] = []
    for piece, doc in pieces:
        unit = ParsedUnit(doc, article.id, article.text, piece.start, source=piece)
        for sentence in doc.sents:
            number = len(sentences)
            unit.sentence_of[sentence.start:sentence.end] = [number] * len(sentence)
            start = unit.article_char(sentence.start_char)
            end = unit.article_end(sentence.end_char)
            sentences.append(Sentence(article.id, number, start, end, article.text[start:end]))
        units.append(unit)
    return ParsedArticle(article, units, sentences)
