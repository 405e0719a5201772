"""Aggregates for analysis at scale: dyad time series, top dyads, top actors.

Every function takes an :class:`~attache.query.sources.EventSource` (see
:func:`~attache.query.sources.open_events`: a SQLite store or a Parquet dataset read with
DuckDB) and runs the same parameterised SQL on either, so both give the same answers. Only
plain events count (``modality = 'asserted'``), as everywhere else in attache.

Which date places an event in time (``dated_by``):

* ``"published"`` (the default): the article's publication date, the date the Parquet
  dataset is partitioned by and the one ``attache events --since/--until`` filter on. It is
  known for every event of a dated article and never guesses.
* ``"event"``: the event's own ``date`` when it is a full day (``YYYY-MM-DD``), else the
  publication date. Month, year and decade dates (``2019-03``, ``2019``, ``195X``) fall back
  to the publication date rather than being spread over a period or dropped.

``since``/``until`` bound that date (inclusive). Events without it (articles with no
publication date) are left out of every result here.

Events, not copies: ``events`` counts event clusters (the reports of one event by several
articles, linked by the SQLite store as it writes, see :mod:`attache.store.dedup`, and in a
Parquet dataset by ``attache dedup``, see :mod:`attache.store.parquet_dedup`) and
``mentions`` the event records behind them. An event linked to none is its own cluster
(:data:`CLUSTER`): in a Parquet dataset never linked, ``events`` equals ``mentions``. A
cluster's members share their actors, CAMEO code (so Goldstein score and quad class) and
day, so a cluster counts once in a period under ``dated_by="event"``; under
``"published"`` it counts once in each period in which one of its articles was published.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from attache.dedup.clusters import EVENT_DAY_SQL
from attache.errors import AttacheError, ErrorCode
from attache.query.events import CLUSTER, PLAIN, _prefix
from attache.query.sources import Readable

Period = Literal["day", "month", "year"]
DatedBy = Literal["published", "event"]
Level = Literal["code", "country"]
Side = Literal["either", "source", "target"]

PERIODS: dict[str, int] = {"day": 10, "month": 7, "year": 4}
"""Period -> the length of the ISO date prefix that names it (``2020-01`` is a month)."""

DATED_BY: dict[str, str] = {
    "published": "e.published",
    "event": EVENT_DAY_SQL,  # the day events are clustered on
}
"""How each ``dated_by`` choice reads an event's date, as an SQL expression."""

LEVELS: dict[str, tuple[str, str]] = {
    "code": ("source_code", "target_code"),
    "country": ("source_country", "target_country"),
}
"""Level -> the (source, target) columns an actor is read from."""

SIDES = ("either", "source", "target")

SERIES_COLUMNS = (
    "period", "events", "mentions", "mean_goldstein", "quad1", "quad2", "quad3", "quad4",
)  # fmt: skip
"""The keys of each row :func:`dyad_series` returns."""

DYAD_COLUMNS = ("source", "target", "events", "mentions", "mean_goldstein")
"""The keys of each row :func:`top_dyads` returns."""

ACTOR_COLUMNS = ("actor", "events", "mentions")
"""The keys of each row :func:`top_actors` returns."""




def _choice(kind: str, value: str, known: Any) -> None:
    if value not in known:
        raise AttacheError(ErrorCode.E011, kind=kind, value=value, known=", ".join(known))


def _limit(limit: int) -> int:
    if limit < 0:
        raise AttacheError(ErrorCode.E011, kind="limit", value=limit, known="0 or more")
    return int(limit)


def _actor(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise AttacheError(ErrorCode.E011, kind=what, value=value or "", known="a code prefix")
    return value


def _dated(
    dated_by: str, since: date | None, until: date | None, parameters: list[Any]
) -> tuple[str, list[str]]:
    """The date expression for ``dated_by`` and the WHERE clauses that bound it."""
    _choice("date basis", dated_by, DATED_BY)
    when = DATED_BY[dated_by]
    clauses = [f"{when} IS NOT NULL"]
    if since is not None:
        clauses.append(f"{when} >= ?")
        parameters.append(since.isoformat())
    if until is not None:
        clauses.append(f"{when} <= ?")
        parameters.append(until.isoformat())
    return when, clauses


def dyad_clause(actor_a: str, actor_b: str, both_directions: bool, parameters: list[Any]) -> str:
    """The WHERE clause for events from ``actor_a`` to ``actor_b`` (code prefixes; and back
    with ``both_directions``), its values appended to ``parameters``."""
    a_to_b = (
        f"{_prefix('source_code', _actor(actor_a, 'actor'), parameters)}"
        f" AND {_prefix('target_code', _actor(actor_b, 'actor'), parameters)}"
    )
    if not both_directions:
        return f"({a_to_b})"
    b_to_a = (
        f"{_prefix('source_code', actor_b, parameters)}"
        f" AND {_prefix('target_code', actor_a, parameters)}"
    )
    return f"(({a_to_b}) OR ({b_to_a}))"


GOLDSTEIN_SUM = "sum(CAST(round(c.goldstein * 100) AS BIGINT)) AS goldstein_hundredths"
"""The summed Goldstein scores of the clusters ``c`` in hundredths, an exact integer in
both engines (scores have one decimal); a float ``avg`` would differ in its last bits with
the order of summation."""

PER_CLUSTER = "count(*) AS mentions, min(e.goldstein) AS goldstein, min(e.quad_class) AS quad"
"""What the inner query of each aggregate keeps per cluster (members share the code)."""

PER_EVENT = "1 AS mentions, e.goldstein AS goldstein, e.quad_class AS quad"
"""The same for an event that is its own cluster."""


def _linked(source: Readable) -> bool:
    """Whether some event of ``source`` has a ``cluster_id``. A Parquet dataset written by
    the Dask engine has none until ``attache dedup`` links it: every event is its own
    cluster, so the aggregates need not group by cluster and stay as fast as a plain count
    (the SQLite store is linked)."""
    if getattr(source, "kind", "sqlite") != "parquet":
        return True
    linked = getattr(source, "linked", None)  # known from attache dedup's result
    if linked is not None:
        return linked
    return bool(source.read("SELECT 1 AS linked FROM events WHERE cluster_id IS NOT NULL LIMIT 1"))


def _clusters(linked: bool, columns: str, where: str, group: str) -> str:
    """The inner query of an aggregate: one row per cluster (``columns``, ``mentions``,
    ``goldstein``, ``quad``) of the events matching ``where``, within ``group``."""
    if not linked:
        return f"SELECT {columns}, {PER_EVENT} FROM events AS e WHERE {where}"
    return (
        f"SELECT {columns}, {CLUSTER} AS cluster, {PER_CLUSTER} FROM events AS e"
        f" WHERE {where} GROUP BY {group}, cluster"
    )


def _mean(row: dict[str, Any]) -> float:
    """The mean Goldstein score of a row's ``events`` (clusters), to 4 decimals."""
    return round(int(row["goldstein_hundredths"]) / 100 / int(row["events"]), 4)


def dyad_series(
    source: Readable,
    actor_a: str,
    actor_b: str,
    *,
    since: date | None = None,
    until: date | None = None,
    by: Period = "month",
    both_directions: bool = False,
    dated_by: DatedBy = "published",
) -> list[dict[str, Any]]:
    """Plain events from ``actor_a`` (source) to ``actor_b`` (target) per period, oldest
    first: dicts with the keys of :data:`SERIES_COLUMNS` (``period`` such as ``2020-01``,
    ``events`` (clusters), ``mentions`` (event records), ``mean_goldstein`` over the
    events, and ``quad1``..``quad4``, the events of each quad class).

    Actor codes match by prefix (``RUS`` matches ``RUSGOV``), as in
    :class:`~attache.query.EventFilter`. ``both_directions`` also counts ``actor_b`` ->
    ``actor_a``. ``by`` is ``day``, ``month`` or ``year``. Periods without events are absent.
    """
    _choice("period", by, PERIODS)
    parameters: list[Any] = []
    dyad = dyad_clause(actor_a, actor_b, both_directions, parameters)
    when, clauses = _dated(dated_by, since, until, parameters)
    quads = ", ".join(
        f"count(CASE WHEN c.quad = {quad:d} THEN 1 END) AS quad{quad:d}"
        for quad in (1, 2, 3, 4)
    )
    inner = _clusters(
        _linked(source),
        f"substr({when}, 1, {PERIODS[by]:d}) AS period",
        f"{PLAIN} AND {dyad} AND {' AND '.join(clauses)}",
        "period",
    )
    sql = (
        "SELECT c.period AS period, count(*) AS events, sum(c.mentions) AS mentions,"
        f" {GOLDSTEIN_SUM}, {quads} FROM ({inner}) AS c GROUP BY c.period ORDER BY c.period"
    )
    rows = source.read(sql, parameters)
    return [
        {
            "period": row["period"],
            "events": int(row["events"]),
            "mentions": int(row["mentions"]),
            "mean_goldstein": _mean(row),
            **{f"quad{quad}": int(row[f"quad{quad}"]) for quad in (1, 2, 3, 4)},
        }
        for row in rows
    ]


def top_dyads(
    source: Readable,
    *,
    since: date | None = None,
    until: date | None = None,
    limit: int = 10,
    level: Level = "code",
    actor: str | None = None,
    dated_by: DatedBy = "published",
) -> list[dict[str, Any]]:
    """The ``limit`` busiest directed dyads (source -> target) by plain event count (events
    are clusters; ``mentions`` counts their records), as dicts with the keys of
    :data:`DYAD_COLUMNS`; ties in code order. ``level="country"``
    pairs the three-letter country parts (``source_country``, ``target_country``) instead
    of full codes. ``actor`` keeps dyads with that code prefix on either side. Events with
    a missing source or target are not dyads."""
    _choice("level", level, LEVELS)
    source_column, target_column = LEVELS[level]
    parameters: list[Any] = []
    clauses = [PLAIN, f"e.{source_column} IS NOT NULL", f"e.{target_column} IS NOT NULL"]
    if actor is not None:
        column_a = _prefix(source_column, _actor(actor, "actor"), parameters)
        column_b = _prefix(target_column, actor, parameters)
        clauses.append(f"({column_a} OR {column_b})")
    clauses.extend(_dated(dated_by, since, until, parameters)[1])
    parameters.append(_limit(limit))
    inner = _clusters(
        _linked(source),
        f"e.{source_column} AS source, e.{target_column} AS target",
        " AND ".join(clauses),
        "source, target",
    )
    sql = (
        "SELECT c.source AS source, c.target AS target, count(*) AS events,"
        f" sum(c.mentions) AS mentions, {GOLDSTEIN_SUM} FROM ({inner}) AS c"
        " GROUP BY c.source, c.target ORDER BY events DESC, source, target LIMIT ?"
    )
    return [
        {
            "source": row["source"],
            "target": row["target"],
            "events": int(row["events"]),
            "mentions": int(row["mentions"]),
            "mean_goldstein": _mean(row),
        }
        for row in source.read(sql, parameters)
    ]


def top_actors(
    source: Readable,
    *,
    since: date | None = None,
    until: date | None = None,
    limit: int = 10,
    level: Level = "code",
    side: Side = "either",
    dated_by: DatedBy = "published",
) -> list[dict[str, Any]]:
    """The ``limit`` actors in the most plain events (clusters; ``mentions`` counts their
    records), as dicts with the keys of :data:`ACTOR_COLUMNS`; ties in code order. ``side``
    counts the source, the target, or ``either`` (an event counts once for each side, so
    twice for an actor acting on itself, as in :func:`~attache.query.summary`).
    ``level="country"`` counts country parts."""
    _choice("level", level, LEVELS)
    _choice("side", side, SIDES)
    source_column, target_column = LEVELS[level]
    columns = {
        "either": (source_column, target_column),
        "source": (source_column,),
        "target": (target_column,),
    }[side]
    parameters: list[Any] = []
    linked = _linked(source)
    selects = []
    for index, column in enumerate(columns):
        clauses = [PLAIN, f"e.{column} IS NOT NULL"]
        clauses.extend(_dated(dated_by, since, until, parameters)[1])
        # Each side apart: a cluster of an actor acting on itself counts twice.
        selects.append(_clusters(linked, f"{index:d} AS side, e.{column} AS actor",
                                 " AND ".join(clauses), "side, actor"))
    parameters.append(_limit(limit))
    sql = (
        "SELECT c.actor AS actor, count(*) AS events, sum(c.mentions) AS mentions"
        f" FROM ({' UNION ALL '.join(selects)}) AS c"
        " GROUP BY c.actor ORDER BY events DESC, actor LIMIT ?"
    )
    return [
        {"actor": row["actor"], "events": int(row["events"]), "mentions": int(row["mentions"])}
        for row in source.read(sql, parameters)
    ]
