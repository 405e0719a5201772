"""Line reader shared by every PETRARCH/TABARI dictionary format.

The formats are line based: ``#`` at the start of a line or `` #`` later starts a comment,
``<!-- ... -->`` comments may span lines, blank lines separate blocks. The reader yields
``(line_number, content)`` pairs with comments removed; blank lines come through as empty
strings because some formats (synonym sets) end a block on them, comment lines do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import DictionaryError, ErrorCode


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, text without comments) for each line of a dictionary file."""
    for number, line, _ in read_commented_lines(path):
        yield number, line


def read_commented_lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """Like :func:`read_lines`, also yielding the end-of-line ``#`` comment (verb patterns
    name the verb they were written for there)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise fail(path, 0, error.strerror or str(error)) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(path, raw[: error.start].count(b"\n") + 1, "not valid UTF-8") from error
    in_comment = False
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.replace("\x1a", "")
        if in_comment:
            if "-->" in line:
                in_comment = False
                line = line[line.index("-->") + 3 :]
            else:
                continue
        while "<!--" in line:
            head, _, tail = line.partition("<!--")
            if "-->" in tail:
                line = head + tail[tail.index("-->") + 3 :]
            else:
                line = head
                in_comment = True
        if line.lstrip().startswith("#") or (in_comment and not line.strip()):
            continue  # a comment line is not a blank line: it does not end a block
        cut = _comment_start(line)
        comment = line[cut:].strip().lstrip("#").strip() if cut >= 0 else ""
        yield number, (line[:cut] if cut >= 0 else line).rstrip(), comment


def _comment_start(line: str) -> int:
    """Where a ``#`` comment starts (-1: none). As in PETRARCH any ``#`` starts one, also
    glued to a code (``ARAB_LEAGUE_ [IGOMEAARL]# NGO_Actors``), except inside ``[...]``
    where the test dictionaries use ``#`` in codes (``[###]``)."""
    depth = 0
    for position, char in enumerate(line):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "#" and depth == 0:
            return position
    return -1


def fail(path: Path, line: int, problem: str) -> DictionaryError:
    """A dictionary error that names the file and line."""
    return DictionaryError(ErrorCode.E002, path=path.name, line=line, problem=problem)


def phrase_words(phrase: str) -> tuple[str, ...]:
    """``SERGEY_V._LAVROV`` or ``HAMAS WING`` -> ('SERGEY', 'V.', 'LAVROV')."""
    return tuple(word for word in phrase.replace("_", " ").upper().split() if word)


def plural(word: str) -> str:
    """The regular English plural the TABARI dictionaries assume for a noun."""
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("S", "X", "Z", "CH", "SH")):
        return word + "ES"
    return word + "S"
