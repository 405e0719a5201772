"""Reading gold files: one reader for the JSON Lines sets, with coded errors by line."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ErrorCode, EvaluationError


def read_jsonl(path: Path, required: dict[str, type]) -> list[tuple[int, dict]]:
    """(line number, record) for each non-blank line of a JSON Lines gold file; every record
    must be an object with the ``required`` fields of the given types (E012 names the line)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvaluationError(ErrorCode.E012, path=path, problem=str(error)) from error
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvaluationError(ErrorCode.E012, path=path,
                                  problem=f"line {number}: {error}") from error
        if not isinstance(record, dict) or not all(
                isinstance(record.get(name), kind) for name, kind in required.items()):
            quoted = [f"'{name}'" for name in required]
            names = " and ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1
                                 else quoted)
            raise EvaluationError(ErrorCode.E012, path=path,
                                  problem=f"line {number}: needs {names}")
        records.append((number, record))
    return records
