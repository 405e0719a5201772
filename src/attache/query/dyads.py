"""The events behind each point of a dyad series, bounded per period.

:func:`~attache.query.analytics.dyad_series` counts a dyad's events per period; a reader who
sees a spike wants the events that make it up. :func:`dyad_events` returns the newest few of
each period in one query (window functions), so a busy dyad over years of a large store
still answers quickly; the full list of a period is :func:`~attache.query.find_events` with
that period's dates. Like the series, it counts an event reported by several articles (an
event cluster) once: one row per cluster, with the number of its ``reports``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from attache.query.analytics import (
    PERIODS,
    DatedBy,
    Period,
    _choice,
    _dated,
    _limit,
    dyad_clause,
)
from attache.query.events import CLUSTER, PLAIN
from attache.query.sources import Readable

DYAD_EVENT_COLUMNS: tuple[str, ...] = (
    "period",
    "article_id",
    "seq",
    "published",
    "date",
    "source_code",
    "source_text",
    "target_code",
    "target_text",
    "cameo_code",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "evidence_text",
    "start",
    "end",
    "verb_start",
    "verb_end",
    "reports",
    "title",
    "url",
)
"""The keys of each dict :func:`dyad_events` returns. ``seq`` is the event's position in
its article (``CodedArticle.events[seq]``), so a row can point at the record; ``reports``
counts the event records of its cluster in the period (1: reported once)."""

_INNER = tuple(
    name for name in DYAD_EVENT_COLUMNS if name not in ("period", "reports", "title", "url")
)
"""The event columns read from ``events`` (the others are computed or come from articles)."""


def dyad_events(
    source: Readable,
    actor_a: str,
    actor_b: str,
    *,
    since: date | None = None,
    until: date | None = None,
    by: Period = "month",
    both_directions: bool = False,
    dated_by: DatedBy = "published",
    per_period: int = 10,
) -> list[dict[str, Any]]:
    """The newest ``per_period`` plain events of each period of the dyad ``actor_a`` ->
    ``actor_b`` (and back, with ``both_directions``), newest period first and newest event
    first within it: dicts with the keys of :data:`DYAD_EVENT_COLUMNS`. An event reported
    by several articles is one row (its newest report) with its ``reports`` count.

    The arguments mean what they mean for :func:`~attache.query.dyad_series`, so the events
    of a period here are the newest of the ones counted in that period there.
    """
    _choice("period", by, PERIODS)
    per_period = _limit(per_period, "per_period")
    parameters: list[Any] = []
    dyad = dyad_clause(actor_a, actor_b, both_directions, parameters)
    when, clauses = _dated(dated_by, since, until, parameters)
    parameters.append(per_period)
    inner = ", ".join(f'e."{name}"' for name in _INNER)
    outer = ", ".join(
        f"a.{name}" if name in ("title", "url") else f'r."{name}"' for name in DYAD_EVENT_COLUMNS
    )
    newest = "ORDER BY dated DESC, article_id DESC, seq DESC"
    sql = (
        f"SELECT {outer} FROM ("
        f" SELECT c.*, row_number() OVER (PARTITION BY c.period {newest}) AS rank FROM ("
        f"  SELECT p.*, count(*) OVER (PARTITION BY p.period, p.cluster) AS reports,"
        f"   row_number() OVER (PARTITION BY p.period, p.cluster {newest}) AS copy FROM ("
        f"   SELECT substr({when}, 1, {PERIODS[by]:d}) AS period, {when} AS dated,"
        f"    {CLUSTER} AS cluster, {inner}"
        f"   FROM events AS e WHERE {PLAIN} AND {dyad} AND {' AND '.join(clauses)}"
        "  ) AS p) AS c WHERE c.copy = 1"
        ") AS r LEFT JOIN articles AS a ON a.id = r.article_id"
        " WHERE r.rank <= ? ORDER BY r.period DESC, r.rank"
    )
    return source.read(sql, parameters)
