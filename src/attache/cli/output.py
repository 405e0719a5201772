"""How the CLI shows results: aligned text tables, JSON and CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, TextIO

from attache.events.tables import QUAD_CLASS_NAMES

TABLE_COLUMNS = (
    "published",
    "source_code",
    "cameo_code",
    "target_code",
    "quad_class",
    "plover_type",
    "evidence_text",
    "article_id",
)
"""The columns ``attache events --format table`` shows (JSON and CSV carry them all)."""


def shorten(text: Any, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    value = "" if text is None else " ".join(str(text).split())
    return value if len(value) <= width else value[: width - 1] + "…"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


MIN_CUT_WIDTH = 12
"""A text column cut to fit the line keeps at least this many characters (or its header)."""


def write_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    out: TextIO,
    limits: dict[str, int] | None = None,
    width: int | None = None,
) -> None:
    """An aligned plain-text table: a header line, then one line a row; numbers are
    right-aligned. ``limits`` cuts the named columns to that many characters (default:
    ``evidence_text`` to 60); ``width`` (a terminal's) cuts the widest text columns
    further so that a line fits it, where they can keep :data:`MIN_CUT_WIDTH`."""
    limits = {"evidence_text": 60} if limits is None else limits
    numeric = [
        any(_is_number(row.get(name)) for row in rows)
        and all(row.get(name) is None or _is_number(row.get(name)) for row in rows)
        for name in columns
    ]
    widths = [
        max([len(name), *(len(shorten(row.get(name), limits.get(name, 10_000))) for row in rows)])
        for name in columns
    ]
    if width is not None:
        excess = sum(widths) + 2 * (len(columns) - 1) - width
        while excess > 0:
            cuttable = [i for i, name in enumerate(columns)
                        if not numeric[i] and widths[i] > max(MIN_CUT_WIDTH, len(name))]
            if not cuttable:
                break
            widest = max(cuttable, key=lambda i: widths[i])
            floor = max(MIN_CUT_WIDTH, len(columns[widest]))
            cut = min(excess, widths[widest] - floor)
            widths[widest] -= cut
            excess -= cut
    out.write("  ".join(name.rjust(w) if number else name.ljust(w)
                        for name, w, number in zip(columns, widths, numeric, strict=True))
              .rstrip() + "\n")
    for row in rows:
        cells = [shorten(row.get(name), w) for name, w in zip(columns, widths, strict=True)]
        out.write("  ".join(cell.rjust(w) if number else cell.ljust(w)
                            for cell, w, number in zip(cells, widths, numeric, strict=True))
                  .rstrip() + "\n")


def write_json(value: Any, out: TextIO) -> None:
    """Indented UTF-8 JSON and a newline."""
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    """CSV with a header row, ``\\n`` line ends."""
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def write_numbers(result: dict[str, Any], out: TextIO) -> None:
    """The top-level numbers of an evaluation result, one ``name  value`` line each."""
    numbers = {
        key: value
        for key, value in result.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    if not numbers:
        out.write("(no top-level numbers in the result; use --json to see it all)\n")
        return
    width = max(len(key) for key in numbers)
    for key, value in numbers.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        out.write(f"{key.ljust(width)}  {shown}\n")


def write_summary(summary: dict[str, Any], out: TextIO) -> None:
    """The store summary of :func:`attache.query.summary` as readable text."""
    out.write(
        f"articles: {summary['articles']}   rejections: {summary['rejections']}   "
        f"events: {summary['events']} "
        f"(plus {summary['events_other_modalities']} negated or hypothetical)\n"
    )
    out.write(
        f"copies linked: {summary['duplicate_articles']} duplicate articles; "
        f"{summary['clusters']} distinct events\n"
    )
    out.write("\nevents by quad class:\n")
    for key, count in summary["events_by_quad_class"].items():
        name = QUAD_CLASS_NAMES.get(int(key), "?")
        out.write(f"  {key} {name:<22} {count:>6}\n")
    if summary["events_by_plover_type"]:
        out.write("\nevents by PLOVER type:\n")
        for name, count in summary["events_by_plover_type"].items():
            out.write(f"  {name:<24} {count:>6}\n")
    if summary["top_dyads"]:
        out.write("\ntop dyads (source -> target):\n")
        for dyad in summary["top_dyads"]:
            out.write(f"  {dyad['source']:>10} -> {dyad['target']:<10} {dyad['events']:>6}\n")
    if summary["top_actors"]:
        out.write("\ntop actors:\n")
        for actor in summary["top_actors"]:
            out.write(f"  {actor['actor']:<12} {actor['events']:>6}\n")
