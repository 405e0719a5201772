"""Aggregates for analysis at scale: dyad time series, top dyads, top actors, top places.

Every function takes an :class:`~attache.query.sources.EventSource` (see
:func:`~attache.query.sources.open_events`: a SQLite store or a Parquet dataset read with
DuckDB) or a :class:`~attache.store.Store`, and runs the same parameterised SQL on either,
so both give the same answers. Only plain events count (``modality = 'asserted'``), as
everywhere else in attache.

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
articles, linked by the SQLite store as it writes, see :mod:`attache.dedup.sqlite`, and in a
Parquet dataset by ``attache dedup``, see :mod:`attache.dedup.parquet`) and ``mentions`` the
event records behind them. An event linked to none is its own cluster (:data:`CLUSTER`): in
a Parquet dataset never linked, ``events`` equals ``mentions``. A cluster's members share
their actors, CAMEO code (so Goldstein score and quad class) and day, so a cluster counts
once in a period under ``dated_by="event"``; under ``"published"`` it counts once in each
period in which one of its articles was published. A cluster's place is its first stored
report's (as in the GDELT export).

Where the answers come from: a source with aggregates (``source.aggregates``: every SQLite
store; a Parquet folder once they are built, see :mod:`attache.store.aggregates`) answers
from them, reading the events only for the days of a partly covered month at either end of
``since``/``until`` (and for ``by="day"``). A cluster reported on several days would count
once per month (or day) read that way; the ``cluster_days`` rows of such clusters say by
how much, and the query subtracts it, so the answers are exactly those computed from the
events (which is what a source without aggregates does, and what the tests compare).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from attache.dedup.clusters import CLUSTER
from attache.errors import AttacheError, ErrorCode
from attache.query.events import PLAIN, _prefix
from attache.query.sources import Readable
from attache.store.aggregates import (
    ALL_TIME,
    COUNTRIES,
    DATED_BY,
    DAYS,
    DYADS,
    KEYS,
    MONTH,
    NAMED,
    PLACES,
)

Period = Literal["day", "month", "year"]
DatedBy = Literal["published", "event"]
Level = Literal["code", "country"]
PlaceLevel = Literal["place", "country"]
Side = Literal["either", "source", "target"]

PERIODS: dict[str, int] = {"day": 10, "month": 7, "year": 4}
"""Period -> the length of the ISO date prefix that names it (``2020-01`` is a month)."""

LEVELS: dict[str, tuple[str, str]] = {
    "code": ("source_code", "target_code"),
    "country": ("source_country", "target_country"),
}
"""Level -> the (source, target) columns an actor is read from."""

LEVEL_TABLES: dict[str, str] = {"code": DYADS, "country": COUNTRIES}
"""Level -> the aggregate table that counts its actors."""

COUNTRY_LENGTH = 3
"""The length of the country part of an actor code: a code prefix this long or shorter is a
prefix of the code's country (``RUS`` matches the codes of the country ``RUS``)."""

PLACE_LEVELS: dict[str, tuple[str, ...]] = {
    "place": ("country_iso3", "name", "geonames_id"),
    "country": ("country_iso3",),
}
"""Place level -> the columns a place is told apart by."""

SIDES = ("either", "source", "target")

SERIES_COLUMNS = (
    "period", "events", "mentions", "mean_goldstein", "quad1", "quad2", "quad3", "quad4",
)  # fmt: skip
"""The keys of each row :func:`dyad_series` returns."""

DYAD_COLUMNS = ("source", "target", "events", "mentions", "mean_goldstein")
"""The keys of each row :func:`top_dyads` returns."""

ACTOR_COLUMNS = ("actor", "events", "mentions")
"""The keys of each row :func:`top_actors` returns."""

PLACE_COLUMNS = ("country", "place", "geonames_id", "events", "mentions")
"""The keys of each row :func:`top_places` returns."""


def _choice(kind: str, value: str, known: Any) -> None:
    if value not in known:
        raise AttacheError(ErrorCode.E011, kind=kind, value=value, known=", ".join(known))


def _limit(limit: int, kind: str = "limit") -> int:
    """``limit`` as an int: how many rows a query may return (E011 when negative)."""
    if limit < 0:
        raise AttacheError(ErrorCode.E011, kind=kind, value=limit, known="0 or more")
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


def dyad_clause(actor_a: str, actor_b: str, both_directions: bool, parameters: list[Any],
                alias: str = "e", level: Level = "code") -> str:
    """The WHERE clause for events from ``actor_a`` to ``actor_b`` (code prefixes; and back
    with ``both_directions``), over the table aliased ``alias``, its values appended to
    ``parameters``. ``level="country"`` reads the prefixes on the country columns (the same
    events for prefixes of :data:`COUNTRY_LENGTH` letters or fewer)."""
    source, target = LEVELS[level]
    a_to_b = (
        f"{_prefix(source, _actor(actor_a, 'actor'), parameters, alias)}"
        f" AND {_prefix(target, _actor(actor_b, 'actor'), parameters, alias)}"
    )
    if not both_directions:
        return f"({a_to_b})"
    b_to_a = (
        f"{_prefix(source, actor_b, parameters, alias)}"
        f" AND {_prefix(target, actor_a, parameters, alias)}"
    )
    return f"(({a_to_b}) OR ({b_to_a}))"


GOLDSTEIN_HUNDREDTHS = "CAST(round(min(e.goldstein) * 100) AS BIGINT)"
"""A cluster's Goldstein score in hundredths over its events ``e`` (members share their
CAMEO code), an exact integer in both engines (scores have one decimal); a float ``avg``
would differ in its last bits with the order of summation."""


def _mean(row: dict[str, Any]) -> float:
    """The mean Goldstein score of a row's ``events`` (clusters), to 4 decimals."""
    return round(int(row["goldstein_hundredths"]) / 100 / int(row["events"]), 4)


# -- where an answer is read from ---------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """The dates a query covers, cut into whole months (read from the aggregates) and the
    days around them (read from the events). ``months``: whether whole months are read,
    from ``first_month`` to ``last_month`` (``None``: no bound); ``days``: inclusive ISO day
    ranges; ``since``/``until``: the whole range, ISO (``None``: no bound)."""

    months: bool
    first_month: str | None = None
    last_month: str | None = None
    days: tuple[tuple[str, str], ...] = ()
    since: str | None = None
    until: str | None = None

    @property
    def bounded(self) -> bool:
        return self.since is not None or self.until is not None


def _month_days(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def plan_span(since: date | None, until: date | None) -> Span:
    """Cut ``since``..``until`` into whole months and the days before and after them
    (month arithmetic on numbers, so the first and last days a date can hold work too)."""
    bounds = {"since": since and since.isoformat(), "until": until and until.isoformat()}
    if since is not None and until is not None and since > until:
        return Span(months=False, **bounds)
    first = last = None  # (year, month) of the first and last whole month
    if since is not None:
        first = (since.year, since.month) if since.day == 1 else (
            (since.year, since.month + 1) if since.month < 12 else (since.year + 1, 1))
    if until is not None:
        last = (until.year, until.month) if until.day == _month_days(until) else (
            (until.year, until.month - 1) if until.month > 1 else (until.year - 1, 12))
    if since is not None and until is not None and first > last:
        return Span(months=False, days=((since.isoformat(), until.isoformat()),), **bounds)
    months = (first is None or first <= (9999, 12)) and (last is None or last >= (1, 1))
    days = []
    if since is not None and since.day != 1:
        days.append((since.isoformat(),
                     f"{_month(since.year, since.month)}-{_month_days(since):02d}"))
    if until is not None and until.day != _month_days(until):
        days.append((f"{_month(until.year, until.month)}-01", until.isoformat()))
    if not months:  # no whole month before the first day or after the last a date holds
        return Span(months=False, days=tuple(days), **bounds)
    return Span(months=True, first_month=first and _month(*first),
                last_month=last and _month(*last), days=tuple(days), **bounds)


def uses_aggregates(source: Readable) -> bool:
    """Whether ``source`` has aggregates the functions here may read (``aggregates``: a
    store always, a Parquet folder when built and current)."""
    return bool(getattr(source, "aggregates", False))


@dataclass
class _Sql:
    """SQL text built piece by piece with its ``?`` values in the same order."""

    text: str = ""
    parameters: list[Any] = field(default_factory=list)

    def add(self, text: str, *parameters: Any) -> _Sql:
        self.text += text
        self.parameters.extend(parameters)
        return self


@dataclass(frozen=True)
class _Counted:
    """What one aggregate query counts: ``groups`` (output name -> SQL over an alias ``t``,
    ``{date}`` standing for the row's date), ``where`` (a condition over ``t``, with its
    ``?`` values) and the aggregate ``table`` read for whole periods. The columns it reads
    have the same names in the events, the aggregate table and ``cluster_days``."""

    table: str
    groups: dict[str, str]
    where: str = "true"
    values: tuple[Any, ...] = ()
    quad: bool = True
    by_pair: bool = False
    """The condition names a few actor pairs: read the aggregate rows through their
    (source, target) index rather than through their periods (SQLite, which has no
    statistics to tell, would otherwise read every month of every pair)."""

    def period(self, alias: str) -> str:
        return f"{alias}.period || ''" if self.by_pair else f"{alias}.period"

    def group(self, alias: str, when: str) -> list[str]:
        return [expression.format(t=alias, date=when) for expression in self.groups.values()]

    def select(self, alias: str, when: str) -> str:
        return ", ".join(f"{expression} AS {name}"
                         for name, expression in zip(self.groups, self.group(alias, when),
                                                     strict=True))

    def condition(self, alias: str) -> str:
        return self.where.format(t=alias)


def _pieces(counted: _Counted, dated_by: str, span: Span, *, period: int | None) -> _Sql:
    """The rows to sum for ``counted`` over ``span``, as one ``UNION ALL`` with the columns
    of ``counted.groups`` then ``quad``, ``events``, ``mentions`` and
    ``goldstein_hundredths``. ``period``: the length of the date prefix that groups a
    series (``None``: one group over the whole span)."""
    pieces: list[_Sql] = []
    when = DATED_BY[dated_by]
    quad = "{}.quad_class" if counted.quad else "0"
    goldstein = "{}.goldstein_hundredths" if counted.table != PLACES else "0"
    if period is None and not span.bounded:  # all time, one row per group and quad
        pieces.append(_Sql().add(
            f"SELECT {counted.select('a', ALL_TIME)}, {quad.format('a')} AS quad, a.events,"
            f" a.mentions, {goldstein.format('a')} AS goldstein_hundredths"
            f" FROM {counted.table} AS a WHERE a.dated_by = ? AND a.period = ?"
            f" AND {counted.condition('a')}", dated_by, ALL_TIME, *counted.values))
    elif span.months:
        piece = _Sql().add(
            f"SELECT {counted.select('a', 'a.period')}, {quad.format('a')} AS quad, a.events,"
            f" a.mentions, {goldstein.format('a')} AS goldstein_hundredths"
            f" FROM {counted.table} AS a WHERE a.dated_by = ? AND {counted.period('a')} >= ?",
            dated_by, span.first_month or "0")
        if span.last_month is not None:
            piece.add(f" AND {counted.period('a')} <= ?", span.last_month)
        pieces.append(piece.add(f" AND {counted.condition('a')}", *counted.values))
    for first, last in span.days:
        pieces.append(_day_units(counted, when, first, last))
    whole_groups = period == MONTH and not span.days or period is None and not span.bounded
    if dated_by == "published" and not whole_groups:
        pieces.append(_overcount(counted, span))
    if not pieces:  # since after until
        pieces.append(_Sql().add(f"SELECT {counted.select('a', 'a.period')}, 0 AS quad,"
                                 " 0 AS events, 0 AS mentions, 0 AS goldstein_hundredths"
                                 f" FROM {counted.table} AS a WHERE false"))
    union = _Sql()
    for index, piece in enumerate(pieces):
        union.add(" UNION ALL " if index else "").add(piece.text, *piece.parameters)
    return union


def _day_units(counted: _Counted, when: str, first: str, last: str) -> _Sql:
    """The days ``first``..``last`` read from the events: one row per cluster and day."""
    quad = "min(e.quad_class)" if counted.quad else "0"
    if counted.table == PLACES:
        return _place_units(counted, when, first, last)
    group = ", ".join(counted.group("e", when))
    return _Sql().add(
        f"SELECT {counted.select('e', when)}, {quad} AS quad, 1 AS events,"
        f" count(*) AS mentions, {GOLDSTEIN_HUNDREDTHS} AS goldstein_hundredths"
        f" FROM events AS e WHERE {PLAIN} AND {when} >= ? AND {when} <= ?"
        f" AND {counted.condition('e')} GROUP BY {group}, {CLUSTER}, {when}",
        first, last, *counted.values)


def _place_days(when: str, first: str, last: str) -> _Sql:
    """One row per cluster and day ``first``..``last`` (``cluster``, ``day``,
    ``mentions``) with the cluster's place (``country_iso3``, ``name``, ``geonames_id``):
    its first report's, which may be dated outside those days (the reports of a linked
    cluster are found by its id). Clusters without a place are left out."""
    place = ", ".join(
        f"max(CASE WHEN {NAMED} THEN {value} END) AS {name}"
        for name, value in (("country_iso3", "coalesce(e.location_country_iso3, '')"),
                            ("name", "e.location_name"),
                            ("geonames_id", "coalesce(e.location_geonames_id, 0)"))
    )
    dated = f"{PLAIN} AND {when} >= ? AND {when} <= ?"
    return _Sql().add(
        "SELECT d.cluster AS cluster, d.day AS day, d.mentions AS mentions, p.country_iso3"
        " AS country_iso3, p.name AS name, p.geonames_id AS geonames_id FROM"
        f" (SELECT {CLUSTER} AS cluster, {when} AS day, count(*) AS mentions"
        f" FROM events AS e WHERE {dated} GROUP BY {CLUSTER}, {when}) AS d JOIN"
        f" (SELECT {CLUSTER} AS cluster, {place} FROM events AS e WHERE e.cluster_id IN"
        f" (SELECT {CLUSTER} FROM events AS e WHERE {dated})"
        f" OR (e.cluster_id IS NULL AND {dated}) GROUP BY {CLUSTER}) AS p"
        " ON p.cluster = d.cluster WHERE p.name IS NOT NULL",
        first, last, first, last, first, last)


def _place_units(counted: _Counted, when: str, first: str, last: str) -> _Sql:
    """:func:`_day_units` for places (see :func:`_place_days`)."""
    days = _place_days(when, first, last)
    return _Sql().add(
        f"SELECT {counted.select('p', 'p.day')}, 0 AS quad, 1 AS events, p.mentions,"
        f" 0 AS goldstein_hundredths FROM ({days.text}) AS p WHERE {counted.condition('p')}",
        *days.parameters, *counted.values)


def _overcount(counted: _Counted, span: Span) -> _Sql:
    """What the other pieces count too often: a cluster reported on several days counts
    once per whole month and once per day read, but once per group (see the module
    docstring). Rows with negative ``events`` (and Goldstein scores) that take it back."""
    if span.months and span.days:
        first_day = f"{span.first_month}-01" if span.first_month else "0"
        last_day = f"{span.last_month}-31" if span.last_month else "9"
        unit = _Sql().add("CASE WHEN s.published >= ? AND s.published <= ?"
                          f" THEN substr(s.published, 1, {MONTH:d}) ELSE s.published END",
                          first_day, last_day)
    elif span.months:
        unit = _Sql().add(f"substr(s.published, 1, {MONTH:d})")
    else:
        unit = _Sql().add("s.published")
    extra = _Sql().add("(1 - count(DISTINCT ").add(unit.text, *unit.parameters).add("))")
    quad = "min(s.quad_class)" if counted.quad else "0"
    goldstein = "min(s.goldstein_hundredths)" if counted.table != PLACES else "0"
    sql = _Sql().add(f"SELECT {counted.select('s', 's.published')}, {quad} AS quad, ")
    sql.add(extra.text, *extra.parameters).add(" AS events, 0 AS mentions, ")
    sql.add(extra.text, *extra.parameters).add(f" * {goldstein} AS goldstein_hundredths")
    sql.add(f" FROM {DAYS} AS s WHERE {counted.condition('s')}", *counted.values)
    if counted.table == PLACES:
        sql.add(" AND s.name <> ''")
    if span.since is not None:
        sql.add(" AND s.published >= ?", span.since)
    if span.until is not None:
        sql.add(" AND s.published <= ?", span.until)
    return sql.add(f" GROUP BY {', '.join(counted.group('s', 's.published'))}, s.cluster_id")


def _summed(counted: _Counted | list[_Counted], dated_by: str, since: date | None,
            until: date | None, period: int | None) -> tuple[str, list[Any]]:
    """The sums per group of :func:`_pieces` (``events``, ``mentions``,
    ``goldstein_hundredths``, ``quad1``..``quad4``), empty groups left out. A list counts
    the events each of its (disjoint) conditions matches, together."""
    alternatives = counted if isinstance(counted, list) else [counted]
    span = plan_span(since, until)
    first = alternatives[0]
    names = ", ".join(first.groups)
    if len(alternatives) == 1 and period is None and not span.bounded and list(
        first.groups.values()
    ) == [f"{{t}}.{key}" for key in KEYS[first.table][2:4]]:
        # All time, grouped by the rows' own pair: one row each, nothing to add up.
        piece = _pieces(first, dated_by, span, period=period)
        return (f"SELECT {names}, c.events AS events, c.mentions AS mentions,"
                f" c.goldstein_hundredths AS goldstein_hundredths FROM ({piece.text}) AS c"
                " WHERE c.mentions > 0", piece.parameters)
    union = _Sql()
    for index, alternative in enumerate(alternatives):
        piece = _pieces(alternative, dated_by, span, period=period)
        union.add(" UNION ALL " if index else "").add(piece.text, *piece.parameters)
    quads = "".join(f", sum(CASE WHEN c.quad = {quad:d} THEN c.events ELSE 0 END) AS quad{quad:d}"
                    for quad in (1, 2, 3, 4)) if first.quad else ""
    sql = (
        f"SELECT {names}, sum(c.events) AS events, sum(c.mentions) AS mentions,"
        f" sum(c.goldstein_hundredths) AS goldstein_hundredths{quads}"
        f" FROM ({union.text}) AS c GROUP BY {names} HAVING sum(c.mentions) > 0"
    )
    return sql, union.parameters


def _raw_clusters(columns: str, where: str, group: str) -> str:
    """The inner query of an aggregate read from the events: one row per cluster
    (``columns``, ``mentions``, ``goldstein``, ``quad``) of the events matching ``where``,
    within ``group``."""
    return (
        f"SELECT {columns}, {CLUSTER} AS cluster, count(*) AS mentions,"
        " min(e.goldstein) AS goldstein, min(e.quad_class) AS quad FROM events AS e"
        f" WHERE {where} GROUP BY {group}, cluster"
    )


GOLDSTEIN_SUM = "sum(CAST(round(c.goldstein * 100) AS BIGINT)) AS goldstein_hundredths"
"""The summed Goldstein scores of the clusters ``c`` in hundredths (see
:data:`GOLDSTEIN_HUNDREDTHS`)."""


# -- the questions --------------------------------------------------------------------------


def periods_between(first: str, last: str, by: Period = "month") -> list[str]:
    """Every period (``by``: day, month or year) from ``first`` to ``last``, both included;
    each is an ISO date or its prefix (``2020-01-31``, ``2020-01``, ``2020``)."""
    _choice("period", by, PERIODS)
    if by == "day":
        day, end = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
        return [(day + timedelta(days=step)).isoformat() for step in range((end - day).days + 1)]
    if by == "year":
        return [f"{year:04d}" for year in range(int(first[:4]), int(last[:4]) + 1)]
    year, month = int(first[:4]), int(first[5:7])
    end_month = (int(last[:4]), int(last[5:7]))
    found = []
    while (year, month) <= end_month:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def zero_filled(rows: list[dict[str, Any]], by: Period = "month", since: date | None = None,
                until: date | None = None) -> list[dict[str, Any]]:
    """Series ``rows`` (:func:`dyad_series`, :func:`timeline`) with a row for every period
    without events (counts 0, ``mean_goldstein`` None), from ``since`` (else the first row's
    period) to ``until`` (else the last row's). No rows and no range: no rows."""
    length = PERIODS[by]
    first = since.isoformat()[:length] if since else (rows[0]["period"] if rows else None)
    last = until.isoformat()[:length] if until else (rows[-1]["period"] if rows else None)
    if first is None or last is None:
        return rows
    found = {row["period"]: row for row in rows}
    keys = list(rows[0]) if rows else list(SERIES_COLUMNS)
    return [found.get(period) or {key: period if key == "period" else
                                  None if key == "mean_goldstein" else 0 for key in keys}
            for period in periods_between(first, last, by)]


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
    zero_fill: bool = False,
) -> list[dict[str, Any]]:
    """Plain events from ``actor_a`` (source) to ``actor_b`` (target) per period, oldest
    first: dicts with the keys of :data:`SERIES_COLUMNS` (``period`` such as ``2020-01``,
    ``events`` (clusters), ``mentions`` (event records), ``mean_goldstein`` over the
    events, and ``quad1``..``quad4``, the events of each quad class).

    Actor codes match by prefix (``RUS`` matches ``RUSGOV``), as in
    :class:`~attache.query.EventFilter`. ``both_directions`` also counts ``actor_b`` ->
    ``actor_a``. ``by`` is ``day``, ``month`` or ``year``. Periods without events are absent,
    unless ``zero_fill``: then every period from ``since`` (else the first with events) to
    ``until`` (else the last) has a row (:func:`zero_filled`).
    """
    _choice("period", by, PERIODS)
    _choice("date basis", dated_by, DATED_BY)
    length = PERIODS[by]
    if by != "day" and uses_aggregates(source):
        # Each direction apart, so each reads its source codes' rows only (an OR of the two
        # would read every row); back excludes what forth already counts (RUS -> RUS).
        # Country prefixes read the country rows, a few per month, not every code's.
        level: Level = "country" if max(len(actor_a.strip()), len(actor_b.strip())) <= (
            COUNTRY_LENGTH) else "code"
        table = LEVEL_TABLES[level]
        group = {"period": f"substr({{date}}, 1, {length:d})"}
        forth: list[Any] = []
        a_to_b = dyad_clause(actor_a, actor_b, False, forth, alias="{t}", level=level)
        directions = [_Counted(table, group, a_to_b, tuple(forth), by_pair=True)]
        if both_directions:
            back: list[Any] = []
            b_to_a = dyad_clause(actor_b, actor_a, False, back, alias="{t}", level=level)
            directions.append(_Counted(table, group, f"{b_to_a} AND NOT {a_to_b}",
                                       (*back, *forth), by_pair=True))
        sql, parameters = _summed(directions, dated_by, since, until, length)
        rows = source.read(sql + " ORDER BY period", parameters)
    else:
        parameters = []
        dyad = dyad_clause(actor_a, actor_b, both_directions, parameters)
        when, clauses = _dated(dated_by, since, until, parameters)
        quads = ", ".join(
            f"count(CASE WHEN c.quad = {quad:d} THEN 1 END) AS quad{quad:d}"
            for quad in (1, 2, 3, 4)
        )
        inner = _raw_clusters(f"substr({when}, 1, {length:d}) AS period",
                              f"{PLAIN} AND {dyad} AND {' AND '.join(clauses)}", "period")
        rows = source.read(
            "SELECT c.period AS period, count(*) AS events, sum(c.mentions) AS mentions,"
            f" {GOLDSTEIN_SUM}, {quads} FROM ({inner}) AS c GROUP BY c.period"
            " ORDER BY c.period", parameters)
    series = [
        {
            "period": row["period"],
            "events": int(row["events"]),
            "mentions": int(row["mentions"]),
            "mean_goldstein": _mean(row),
            **{f"quad{quad}": int(row[f"quad{quad}"]) for quad in (1, 2, 3, 4)},
        }
        for row in rows
    ]
    return zero_filled(series, by, since, until) if zero_fill else series


def timeline(source: Readable, *, by: Period = "month", dated_by: DatedBy = "published",
             since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Every plain event of the store per period, zero-filled (:func:`zero_filled`):
    ``period``, ``events`` (clusters) and ``mentions`` (records), oldest first."""
    _choice("period", by, PERIODS)
    parameters: list[Any] = []
    when, clauses = _dated(dated_by, since, until, parameters)
    inner = _raw_clusters(f"substr({when}, 1, {PERIODS[by]:d}) AS period",
                          f"{PLAIN} AND {' AND '.join(clauses)}", "period")
    rows = source.read(
        "SELECT c.period AS period, count(*) AS events, sum(c.mentions) AS mentions"
        f" FROM ({inner}) AS c GROUP BY c.period ORDER BY c.period", parameters)
    counted = [{"period": row["period"], "events": int(row["events"]),
                "mentions": int(row["mentions"])} for row in rows]
    return [{key: value for key, value in row.items() if key != "mean_goldstein"}
            for row in zero_filled(counted, by, since, until)]


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
    _choice("date basis", dated_by, DATED_BY)
    source_column, target_column = LEVELS[level]
    values: list[Any] = []
    clauses = [f"coalesce({{t}}.{source_column}, '') <> ''",
               f"coalesce({{t}}.{target_column}, '') <> ''"]
    if actor is not None:
        column_a = _prefix(source_column, _actor(actor, "actor"), values, "{t}")
        column_b = _prefix(target_column, actor, values, "{t}")
        clauses.append(f"({column_a} OR {column_b})")
    limit = _limit(limit)
    order = " ORDER BY events DESC, source, target LIMIT ?"
    if uses_aggregates(source):
        counted = _Counted(LEVEL_TABLES[level], {"source": f"{{t}}.{source_column}",
                                                 "target": f"{{t}}.{target_column}"},
                           " AND ".join(clauses), tuple(values), quad=False)
        sql, parameters = _summed(counted, dated_by, since, until, None)
        rows = source.read(sql + order, [*parameters, limit])
    else:
        where = " AND ".join(clauses).format(t="e")
        where_values = list(values)
        where += " AND " + " AND ".join(_dated(dated_by, since, until, where_values)[1])
        inner = _raw_clusters(f"e.{source_column} AS source, e.{target_column} AS target",
                              f"{PLAIN} AND {where}", "source, target")
        rows = source.read(
            "SELECT c.source AS source, c.target AS target, count(*) AS events,"
            f" sum(c.mentions) AS mentions, {GOLDSTEIN_SUM} FROM ({inner}) AS c"
            " GROUP BY c.source, c.target" + order, [*where_values, limit])
    return [
        {
            "source": row["source"],
            "target": row["target"],
            "events": int(row["events"]),
            "mentions": int(row["mentions"]),
            "mean_goldstein": _mean(row),
        }
        for row in rows
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
    _choice("date basis", dated_by, DATED_BY)
    source_column, target_column = LEVELS[level]
    columns = {
        "either": (source_column, target_column),
        "source": (source_column,),
        "target": (target_column,),
    }[side]
    limit = _limit(limit)
    selects, parameters = [], []
    # Each side apart: a cluster of an actor acting on itself counts twice.
    for column in columns:
        if uses_aggregates(source):
            counted = _Counted(LEVEL_TABLES[level], {"actor": f"{{t}}.{column}"},
                               f"coalesce({{t}}.{column}, '') <> ''", quad=False)
            sql, values = _summed(counted, dated_by, since, until, None)
            selects.append(sql)
        else:
            values = []
            clauses = [PLAIN, f"e.{column} IS NOT NULL",
                       *_dated(dated_by, since, until, values)[1]]
            selects.append(_raw_clusters(f"e.{column} AS actor", " AND ".join(clauses),
                                         "actor"))
        parameters.extend(values)
    count = "sum(c.events)" if uses_aggregates(source) else "count(*)"
    rows = source.read(
        f"SELECT c.actor AS actor, {count} AS events, sum(c.mentions) AS mentions"
        f" FROM ({' UNION ALL '.join(selects)}) AS c"
        " GROUP BY c.actor ORDER BY events DESC, actor LIMIT ?", [*parameters, limit])
    return [
        {"actor": row["actor"], "events": int(row["events"]), "mentions": int(row["mentions"])}
        for row in rows
    ]


def top_places(
    source: Readable,
    *,
    since: date | None = None,
    until: date | None = None,
    limit: int = 10,
    level: PlaceLevel = "place",
    dated_by: DatedBy = "published",
) -> list[dict[str, Any]]:
    """The ``limit`` places where the most plain events happened (clusters, at their first
    report's place; ``mentions`` counts their records), as dicts with the keys of
    :data:`PLACE_COLUMNS` (``country``: ISO 3166 alpha-3, ``None`` for a region;
    ``place``: the name; ``geonames_id``); ties in name order. ``level="country"`` counts
    the countries of the places (``place`` and ``geonames_id`` are then ``None``; regions
    without a country are left out). Events without a place are not counted."""
    _choice("level", level, PLACE_LEVELS)
    _choice("date basis", dated_by, DATED_BY)
    limit = _limit(limit)
    columns = PLACE_LEVELS[level]
    where = "{t}.country_iso3 <> ''" if level == "country" else "true"
    counted = _Counted(PLACES, {name: f"{{t}}.{name}" for name in columns}, where, quad=False)
    names = ", ".join(columns)
    if uses_aggregates(source):
        sql, parameters = _summed(counted, dated_by, since, until, None)
    else:
        days = _place_days(DATED_BY[dated_by], since.isoformat() if since else "0",
                           until.isoformat() if until else "9")
        sql = (f"SELECT {names}, count(DISTINCT p.cluster) AS events,"
               f" sum(p.mentions) AS mentions FROM ({days.text}) AS p"
               f" WHERE {counted.condition('p')} GROUP BY {names}")
        parameters = days.parameters
    rows = source.read(f"{sql} ORDER BY events DESC, {names} LIMIT ?", [*parameters, limit])
    return [
        {
            "country": row["country_iso3"] or None,
            "place": row.get("name") or None,
            "geonames_id": row.get("geonames_id") or None,
            "events": int(row["events"]),
            "mentions": int(row["mentions"]),
        }
        for row in rows
    ]
