"""User dictionaries: a folder of files layered over the shipped set.

A user folder holds any of these, found by the end of their names::

    *.actors.txt  *.agents.txt  *.verbs.txt  *.discards.txt   PETRARCH formats
    *.actors.csv                                             name, code, start, end,
                                                             aliases, note

They are loaded before the shipped files of their kind, so where a user phrase and a shipped
one are equally long the user's entry is the one that matches (an added name, an overridden
code, an extra agent or verb pattern). Every entry's provenance names its user file and line.
Files the folder holds under other names are refused (E046), so a misnamed file is never
silently left out.

The actors CSV has a header row; ``name`` and ``code`` are required, ``start`` and ``end``
(ISO dates, either may be empty) restrict the code to a period, ``aliases`` are other names
of the same actor separated by ``;``, ``note`` is free text for the reader. Rows with the
same name are one actor whose codes change over time (a minister, then a president).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import DictionaryError, ErrorCode
from .actors import _CODE_TOKEN, ActorEntry, DatedCode
from .reader import fail, phrase_words

#: The columns of an actors CSV, in the order attache writes them.
ACTOR_CSV_COLUMNS = ("name", "code", "start", "end", "aliases", "note")
#: Columns a row must fill.
REQUIRED_COLUMNS = ("name", "code")
#: Separator of the names in the ``aliases`` column.
ALIAS_SEPARATOR = ";"
#: How the end of a file's name says what it holds.
USER_FILE_KINDS = {
    ".actors.txt": "actors",
    ".actors.csv": "actors",
    ".agents.txt": "agents",
    ".verbs.txt": "verbs",
    ".discards.txt": "discards",
}


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One row of an actors CSV, as written (what ``actors learn`` and ``import`` produce)."""

    name: str
    code: str
    start: date | None = None
    end: date | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""

    def as_csv(self) -> list[str]:
        return [self.name, self.code, self.start.isoformat() if self.start else "",
                self.end.isoformat() if self.end else "", ALIAS_SEPARATOR.join(self.aliases),
                self.note]


def write_actor_rows(rows: list[ActorRow]) -> str:
    """An actors CSV (header and rows) as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ACTOR_CSV_COLUMNS)
    writer.writerows(row.as_csv() for row in rows)
    return buffer.getvalue()


Fail = Callable[[Path, int, str], Exception]
"""Makes the coded error that names a file and line (E002 for dictionaries, E047 for lists)."""


def _iso_date(path: Path, line: int, column: str, text: str, fail: Fail) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise fail(path, line, f"{column} '{text}' is not an ISO date (YYYY-MM-DD)") from error


def read_header(reader: csv.DictReader, path: Path, required: tuple[str, ...],
                columns: tuple[str, ...], fail: Fail) -> list[str]:
    """The CSV header lower-cased and stripped, set as ``reader``'s field names; raises
    ``fail`` when it lacks one of the ``required`` columns."""
    header = [column.strip().lower() for column in reader.fieldnames or ()]
    missing = [column for column in required if column not in header]
    if missing:
        raise fail(path, 1, f"the header lacks the column(s) {', '.join(missing)} "
                            f"(columns: {', '.join(columns)})")
    reader.fieldnames = header
    return header


def row_values(record: dict[str | None, str | None], path: Path, line: int,
               required: tuple[str, ...], fail: Fail) -> dict[str, str] | None:
    """A CSV row's values by column, stripped, without fields beyond the header (``None``:
    the row is blank); raises ``fail`` when one of the ``required`` columns is empty."""
    values = {key: (value or "").strip() for key, value in record.items() if key}
    if not any(values.values()):
        return None
    for column in required:
        if not values.get(column):
            raise fail(path, line, f"the {column} is empty")
    return values


def dates_and_aliases(values: dict[str, str], path: Path, line: int, fail: Fail
                      ) -> tuple[date | None, date | None, tuple[str, ...]]:
    """A row's ``start`` and ``end`` dates (either may be empty, never end before start) and
    its ``aliases``, the names of its ``ALIAS_SEPARATOR``-separated column."""
    start = _iso_date(path, line, "start", values.get("start", ""), fail)
    end = _iso_date(path, line, "end", values.get("end", ""), fail)
    if start and end and end < start:
        raise fail(path, line, f"end {end} is before start {start}")
    aliases = tuple(alias.strip() for alias in values.get("aliases", "").split(
        ALIAS_SEPARATOR) if alias.strip())
    return start, end, aliases


def read_actor_rows(path: Path) -> list[tuple[int, ActorRow]]:
    """The rows of an actors CSV with their line numbers; raises E002 naming file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(path, 1, "not valid UTF-8") from error
    except OSError as error:
        raise fail(path, 0, error.strerror or str(error)) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = read_header(reader, path, REQUIRED_COLUMNS, ACTOR_CSV_COLUMNS, fail)
    unknown = [column for column in header if column not in ACTOR_CSV_COLUMNS]
    if unknown:
        raise fail(path, 1, f"unknown column(s) {', '.join(unknown)} "
                            f"(columns: {', '.join(ACTOR_CSV_COLUMNS)})")
    rows = []
    for record in reader:
        line = reader.line_num
        if None in record:
            raise fail(path, line, f"more fields than the {len(header)} columns of the header")
        values = row_values(record, path, line, REQUIRED_COLUMNS, fail)
        if values is None:
            continue
        code = values["code"].upper()
        if not _CODE_TOKEN.match(code):
            raise fail(path, line, f"'{values['code']}' is not a code")
        start, end, aliases = dates_and_aliases(values, path, line, fail)
        rows.append((line, ActorRow(values["name"], code, start, end, aliases,
                                    values.get("note", ""))))
    return rows


def load_actor_csv(path: Path) -> list[ActorEntry]:
    """Actor entries from an actors CSV: one entry per name (its rows' dated codes), whose
    provenance is the name's first row."""
    entries: dict[tuple[str, ...], ActorEntry] = {}
    for line, row in read_actor_rows(path):
        words = phrase_words(row.name)
        entry = entries.get(words)
        if entry is None:
            entry = entries[words] = ActorEntry(name=row.name, source=f"{path.name}:{line}",
                                                phrases=[words])
        entry.codes.append(DatedCode(row.code, row.start, row.end))
        for alias in row.aliases:
            alias_words = phrase_words(alias)
            if alias_words not in entry.phrases:
                entry.phrases.append(alias_words)
    return list(entries.values())


def user_file_kind(path: Path) -> str | None:
    """What a user file holds, by the end of its name (None: not a dictionary file)."""
    name = path.name.lower()
    for ending, kind in USER_FILE_KINDS.items():
        if name.endswith(ending):
            return kind
    return None


def user_folder_files(folder: Path) -> dict[str, list[Path]]:
    """The dictionary files of a user folder by kind, in name order; raises E046 when the
    folder cannot be read, holds no dictionary file, or holds a file of another name."""
    try:
        paths = sorted(path for path in folder.iterdir() if not path.name.startswith("."))
    except OSError as error:
        raise DictionaryError(ErrorCode.E046, path=folder,
                              problem=error.strerror or str(error)) from error
    found: dict[str, list[Path]] = {kind: [] for kind in set(USER_FILE_KINDS.values())}
    for path in paths:
        kind = user_file_kind(path)
        if path.is_file() and path.name.lower().startswith("readme"):
            continue
        if kind is None or not path.is_file():
            raise DictionaryError(
                ErrorCode.E046, path=folder,
                problem=f"'{path.name}' is not a dictionary file (names end in "
                        f"{', '.join(USER_FILE_KINDS)})")
        found[kind].append(path)
    if not any(found.values()):
        raise DictionaryError(ErrorCode.E046, path=folder,
                              problem="it holds no dictionary file (names end in "
                                      f"{', '.join(USER_FILE_KINDS)})")
    return found
