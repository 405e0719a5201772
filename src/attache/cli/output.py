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


def write_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    out: TextIO,
    limits: dict[str, int] | None = None,
) -> None:
    """An aligned plain-text table: a header line, then one line a row. ``limits`` cuts
    the named columns to that many characters (default: ``evidence_text`` to 60)."""
    limits = {"evidence_text": 60} if limits is None else limits
    cells = [[shorten(row.get(name), limits.get(name, 10_000)) for name in columns] for row in rows]
    widths = [max([len(name), *(len(line[i]) for line in cells)]) for i, name in enumerate(columns)]
    for line in [list(columns), *cells]:
        out.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n")


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
