"""Text as the parser should see it, with a map back to the article's own characters.

Real text carries characters that mean nothing to a reader but break a parse: zero-width
spaces and joiners inside words, soft hyphens, control characters and NUL bytes, combining
marks written apart from their letters (decomposed text, or marks stacked on a word to hide
it), HTML tags and character references left by a careless export. A zero-width space inside
"Russia" must not lose the event of "Russia attacked Ukraine.". The parser reads a cleaned
copy; every record still points into the original text, through the map of each cleaned
character to the original characters it stands for.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: Characters that only shape text (zero-width space/joiners, word joiner, byte-order mark,
#: soft hyphen): dropped.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: Control characters other than tab, line feed and carriage return (C0, DEL, C1).
_CONTROL = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(127, 160)])
#: A tag (``<b>``, ``</p>``, ``<br/>``) or a character reference (``&amp;``, ``&#8217;``).
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>"
                     r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")
#: The blocks of combining marks that decorate Latin letters (diacritics, their supplements
#: and extensions, marks for symbols, half marks).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_MARK = re.compile(f"[{_MARKS}]")
_NEEDS_CLEANING = re.compile(f"[{re.escape(_INVISIBLE + _CONTROL)}<&{_MARKS}]")
_LINE_BREAKS = str.maketrans("\r\n", "  ")


@dataclass(frozen=True, slots=True)
class ParserText:
    """A stretch of article text as the parser reads it. ``starts`` and ``ends`` give, for
    each character of ``text``, the article characters it stands for (``ends`` exclusive);
    both None when the text is the article's own characters from ``start`` on, one for one."""

    text: str
    start: int
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None


def parser_text(article_text: str, start: int, end: int) -> ParserText:
    """The parser's copy of ``article_text[start:end]``: line breaks inside a paragraph are
    spaces (one for one); invisible and control characters, tags and combining marks written
    as characters of their own are dropped (the letter they sit on stays: the dictionaries
    spell names without accents), character references decoded. Letters written with their
    accent as one character ("é") are kept as they are."""
    raw = article_text[start:end]
    if not _NEEDS_CLEANING.search(raw):
        return ParserText(raw.translate(_LINE_BREAKS), start)
    cleaned = _Cleaned([], [], [])
    position = 0
    for markup in _MARKUP.finditer(raw):
        cleaned.add_run(raw, position, markup.start(), start)
        decoded = html.unescape(markup.group()) if markup.group().startswith("&") else ""
        if decoded != markup.group():  # a tag is dropped; an unknown reference is kept
            for character in decoded:
                cleaned.add(character, start + markup.start(), start + markup.end())
        else:
            cleaned.add_run(raw, markup.start(), markup.end(), start)
        position = markup.end()
    cleaned.add_run(raw, position, len(raw), start)
    return ParserText("".join(cleaned.characters).translate(_LINE_BREAKS), start,
                      tuple(cleaned.starts), tuple(cleaned.ends))


@dataclass(slots=True)
class _Cleaned:
    characters: list[str]
    starts: list[int]
    ends: list[int]

    def add(self, character: str, start: int, end: int) -> None:
        self.characters.append(character)
        self.starts.append(start)
        self.ends.append(end)

    def add_run(self, raw: str, begin: int, finish: int, base: int) -> None:
        """The cleaned characters of ``raw[begin:finish]`` (``base``: the article offset of
        ``raw[0]``)."""
        position = begin
        while position < finish:
            character = raw[position]
            following = position + 1
            while following < finish and _MARK.match(raw[following]):
                following += 1  # the marks on this character go with it
            if character not in _INVISIBLE and character not in _CONTROL \
                    and not _MARK.match(character):
                self.add(character, base + position, base + following)
            position = following
