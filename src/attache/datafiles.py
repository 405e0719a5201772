"""Read the small tab-separated tables attache ships in ``attache/data/`` (the attribute
finders' tables, the event rules' codes).

A table is UTF-8 text, one row per line, fields separated by tabs; ``#`` starts a comment
line and blank lines are skipped. Every problem is a :class:`DictionaryError` (E002) naming
``file:line``, so a bad edit to a table is reported where it is, not as a wrong result.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import DictionaryError, ErrorCode


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a table: its fields and where it came from (``file:line``)."""

    fields: tuple[str, ...]
    source: str
    line: int


def data_path(folder: str, name: str) -> Path:
    """The shipped table ``attache/data/<folder>/<name>``."""
    return Path(str(resources.files("attache") / "data" / folder / name))


def read_table(path: Path, min_fields: int, max_fields: int | None = None) -> list[Row]:
    """The rows of a table with ``min_fields`` to ``max_fields`` non-empty fields each."""
    max_fields = max_fields or min_fields
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DictionaryError(ErrorCode.E002, path=path, line=0, problem=str(error)) from error
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = tuple(field.strip() for field in line.split("\t"))
        if not min_fields <= len(fields) <= max_fields or not all(fields):
            expected = (f"{min_fields}" if min_fields == max_fields
                        else f"{min_fields} to {max_fields}")
            raise table_error(path, number, f"expected {expected} tab-separated fields, "
                                            f"found {line!r}")
        rows.append(Row(fields, path.name, number))
    return rows


def table_error(path: Path | str, line: int, problem: str) -> DictionaryError:
    """The E002 error for a bad row of a data table."""
    return DictionaryError(ErrorCode.E002, path=path, line=line, problem=problem)
