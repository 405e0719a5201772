"""The aggregates the analytics read instead of the events, kept exact as the store changes.

Three tables (``data/store/schema.sql`` says what each column holds):

* :data:`DYADS` (``dyad_periods``): per dated-by choice, month (or all time), source code,
  target code and quad class (0 on the all-time rows), the plain event clusters with a
  report in the period (``events``), those reports (``mentions``) and the clusters' summed
  Goldstein scores in hundredths. Actors per period are its rows summed over one side.
* :data:`COUNTRIES` (``country_periods``): the same per source and target country (what a
  dyad of country codes, ``RUS`` -> ``UKR``, and the country-level top lists read).
* :data:`PLACES` (``place_periods``): the same per place (a cluster's place is its first
  stored report's, as in the GDELT export).
* :data:`DAYS` (``cluster_days``): the publication days of every cluster reported on more
  than one day. A cluster counts once per month in :data:`DYADS`; a question about several
  months (or days within one) must count it once over all of them, and these rows say by
  how much a sum of months counts it too often (:mod:`attache.query.analytics`). Dated by
  the event, a cluster has one day (its key), so it never needs them.

Every number is a function of the clusters: :func:`rows_sql` computes the rows of some
clusters' contributions from the events (nothing but the ``events`` table or view), with
the SQL that also fills the tables from scratch (:func:`rebuild`, ``attache aggregate``)
and builds a Parquet folder's (:func:`attache.store.parquet.build_aggregates`), in SQLite
and DuckDB alike. A write to the SQLite
store takes a :func:`snapshot` of the contributions of the clusters it is about to touch,
changes the events, takes another and :func:`apply`-s the difference, in the same
transaction: the tables then equal a rebuild after any sequence of writes, replacements,
deletions and ``attache dedup`` (the tests check it).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from attache.dedup.clusters import CLUSTER, EVENT_DAY_SQL

DYADS = "dyad_periods"
COUNTRIES = "country_periods"
PLACES = "place_periods"
DAYS = "cluster_days"
TABLES = (DYADS, COUNTRIES, PLACES, DAYS)

ALL_TIME = ""
"""The ``period`` of the rows that count over all time."""

MONTH = 7
"""The length of the ``period`` of a month row (``2020-01``)."""

DATED_BY: dict[str, str] = {
    "published": "e.published",
    "event": EVENT_DAY_SQL,  # the day events are clustered on
}
"""How each ``dated_by`` choice reads an event's date, as an SQL expression over
``events AS e``."""

KEYS: dict[str, tuple[str, ...]] = {
    DYADS: ("dated_by", "period", "source_code", "target_code", "quad_class"),
    COUNTRIES: ("dated_by", "period", "source_country", "target_country", "quad_class"),
    PLACES: ("dated_by", "period", "country_iso3", "name", "geonames_id"),
    DAYS: ("cluster_id", "published"),
}
"""Each table's primary key."""

COLUMNS: dict[str, tuple[str, ...]] = {
    DYADS: (*KEYS[DYADS], "source_country", "target_country", "events", "mentions",
            "goldstein_hundredths"),
    COUNTRIES: (*KEYS[COUNTRIES], "events", "mentions", "goldstein_hundredths"),
    PLACES: (*KEYS[PLACES], "events", "mentions"),
    DAYS: (*KEYS[DAYS], "source_code", "target_code", "quad_class", "source_country",
           "target_country", "goldstein_hundredths", "country_iso3", "name", "geonames_id"),
}
"""Each table's columns, in order."""

COUNTS: dict[str, tuple[str, ...]] = {
    DYADS: ("events", "mentions", "goldstein_hundredths"),
    COUNTRIES: ("events", "mentions", "goldstein_hundredths"),
    PLACES: ("events", "mentions"),
}
"""The columns that add up, in the tables that hold sums."""


NAMED = f"e.article_id || ':' || CAST(e.seq AS VARCHAR) = {CLUSTER}"
"""Whether an event over ``events AS e`` is the one its cluster is named after: its first
stored report, which stands for it where a cluster needs one place (as in the GDELT
export)."""


def _parts(where: str) -> list[tuple[str, str]]:
    """What every table is computed from, in order, each ``(name, SELECT)``: ``m``, the
    plain events matching ``where`` with their cluster and dates; ``k``, each cluster's
    actors, quad class, Goldstein score in hundredths (the smallest of its members', as the
    analytics read them: members share their CAMEO code) and place (its first report's);
    ``u``, one row per cluster, dated-by choice and period in which it has a report, with
    the number of those reports; ``d``, each cluster's publication days."""
    dated = " UNION ALL ".join(
        f"SELECT '{name}' AS dated_by, cluster, {period} AS period,"
        f" count(*) AS mentions FROM m WHERE {column} IS NOT NULL GROUP BY cluster{group}"
        for name, column in (("published", "published"), ("event", "event_day"))
        for period, group in ((f"substr({column}, 1, {MONTH:d})",
                               f", substr({column}, 1, {MONTH:d})"), (f"'{ALL_TIME}'", ""))
    )
    named = ", ".join(
        f"max(CASE WHEN named THEN {value} END) AS {name}"
        for name, value in (("country_iso3", "coalesce(location_country_iso3, '')"),
                            ("name", "location_name"),
                            ("geonames_id", "coalesce(location_geonames_id, 0)"))
    )
    return [
        ("m", f"SELECT {CLUSTER} AS cluster, {NAMED} AS named,"
              f" e.published AS published, {EVENT_DAY_SQL} AS event_day,"
              " e.source_code AS source_code, e.target_code AS target_code,"
              " e.source_country AS source_country, e.target_country AS target_country,"
              " e.quad_class AS quad_class, e.goldstein AS goldstein,"
              " e.location_country_iso3 AS location_country_iso3,"
              " e.location_name AS location_name,"
              " e.location_geonames_id AS location_geonames_id"
              f" FROM events AS e WHERE e.modality = 'asserted' AND ({where})"),
        ("k", "SELECT cluster, coalesce(min(source_code), '') AS source_code,"
              " coalesce(min(target_code), '') AS target_code,"
              " coalesce(min(source_country), '') AS source_country,"
              " coalesce(min(target_country), '') AS target_country,"
              " min(quad_class) AS quad_class,"
              " CAST(round(min(goldstein) * 100) AS BIGINT) AS goldstein_hundredths,"
              f" {named} FROM m GROUP BY cluster"),
        ("u", dated),
        ("d", "SELECT cluster, published FROM m WHERE published IS NOT NULL"
              " GROUP BY cluster, published"),
    ]


_QUAD = f"(CASE WHEN u.period = '{ALL_TIME}' THEN 0 ELSE k.quad_class END)"
"""The quad class of a dyad row: 0 on the all-time rows, which only the top dyads and actors
read (a third as many rows to sum)."""


def _final_sql(table: str) -> str:
    """The SELECT of ``table``'s rows from the parts of :func:`_parts` (its
    :data:`COLUMNS`, in order)."""
    if table == DYADS:
        return (
            "SELECT u.dated_by, u.period, k.source_code, k.target_code,"
            f" {_QUAD} AS quad_class, min(k.source_country) AS source_country,"
            " min(k.target_country) AS target_country, count(*) AS events,"
            " sum(u.mentions) AS mentions, sum(k.goldstein_hundredths) AS goldstein_hundredths"
            " FROM u JOIN k ON k.cluster = u.cluster"
            f" GROUP BY u.dated_by, u.period, k.source_code, k.target_code, {_QUAD}"
        )
    if table == COUNTRIES:
        return (
            "SELECT u.dated_by, u.period, k.source_country, k.target_country,"
            f" {_QUAD} AS quad_class, count(*) AS events, sum(u.mentions) AS mentions,"
            " sum(k.goldstein_hundredths) AS goldstein_hundredths"
            " FROM u JOIN k ON k.cluster = u.cluster"
            f" GROUP BY u.dated_by, u.period, k.source_country, k.target_country, {_QUAD}"
        )
    if table == PLACES:
        return (
            "SELECT u.dated_by, u.period, k.country_iso3, k.name, k.geonames_id,"
            " count(*) AS events, sum(u.mentions) AS mentions"
            " FROM u JOIN k ON k.cluster = u.cluster WHERE k.name IS NOT NULL"
            " GROUP BY u.dated_by, u.period, k.country_iso3, k.name, k.geonames_id"
        )
    if table == DAYS:
        return (
            "SELECT k.cluster AS cluster_id, d.published, k.source_code, k.target_code,"
            " k.quad_class, k.source_country, k.target_country, k.goldstein_hundredths,"
            " coalesce(k.country_iso3, '') AS country_iso3, coalesce(k.name, '') AS name,"
            " coalesce(k.geonames_id, 0) AS geonames_id"
            " FROM d JOIN k ON k.cluster = d.cluster WHERE d.cluster IN"
            " (SELECT cluster FROM d GROUP BY cluster HAVING count(*) > 1)"
        )
    raise ValueError(f"not an aggregate table: {table}")


def rows_sql(table: str, where: str = "true") -> str:
    """A SELECT of the rows of ``table`` (its :data:`COLUMNS`, in order) that the clusters
    of the events matching ``where`` (an SQL condition over ``events AS e``) contribute;
    over all events, the table's whole content. SQLite and DuckDB both run it, over the
    ``events`` table or view. The definition of the aggregates: everything else here
    computes the same (the tests hold them equal)."""
    parts = ", ".join(f"{name} AS ({select})" for name, select in _parts(where))
    return f"WITH {parts} {_final_sql(table)}"


@contextmanager
def computed(connection: Any) -> Iterator[Callable[[str], str]]:
    """The parts of :func:`rows_sql` over all events computed once, as temporary tables of
    ``connection`` (SQLite or DuckDB), rather than once per table: yields the SELECT of a
    table's whole content over them. The temporary tables go when the block ends."""
    try:
        for name, select in _parts("true"):
            connection.execute(f"CREATE TEMP TABLE {name} AS {select}")
        yield _final_sql
    finally:
        for name, _ in _parts("true"):
            connection.execute(f"DROP TABLE IF EXISTS temp.{name}")


@dataclass(frozen=True)
class AggregateReport:
    """Rows of each aggregate table after :func:`rebuild`, and the plain events counted."""

    dyad_rows: int
    country_rows: int
    place_rows: int
    day_rows: int
    events: int

    def line(self) -> str:
        """The one-line summary ``attache aggregate`` prints."""
        return (f"aggregated {self.events} plain events: {self.dyad_rows} dyad rows, "
                f"{self.country_rows} country rows, {self.place_rows} place rows, "
                f"{self.day_rows} multi-day cluster rows")


def _insert_sql(table: str) -> str:
    marks = ", ".join("?" * len(COLUMNS[table]))
    return f"INSERT INTO {table} ({', '.join(COLUMNS[table])}) VALUES ({marks})"


def rebuild(connection: sqlite3.Connection) -> AggregateReport:
    """Fill the aggregate tables of a SQLite store from scratch (inside the caller's
    transaction)."""
    with computed(connection) as select:
        for table in TABLES:
            connection.execute(f"DELETE FROM {table}")
            connection.execute(
                f"INSERT INTO {table} ({', '.join(COLUMNS[table])}) {select(table)}")
    return report(connection)


def report(connection: Any) -> AggregateReport:
    """Row counts of the aggregate tables (SQLite or DuckDB views of the same names)."""

    def count(sql: str) -> int:
        return int(connection.execute(sql).fetchone()[0])

    return AggregateReport(
        dyad_rows=count(f"SELECT count(*) FROM {DYADS}"),
        country_rows=count(f"SELECT count(*) FROM {COUNTRIES}"),
        place_rows=count(f"SELECT count(*) FROM {PLACES}"),
        day_rows=count(f"SELECT count(*) FROM {DAYS}"),
        events=count(f"SELECT coalesce(sum(mentions), 0) FROM {DYADS}"
                     f" WHERE dated_by = 'published' AND period = '{ALL_TIME}'"),
    )


# -- keeping them exact as the SQLite store changes -------------------------------------------

Snapshot = dict[str, dict[tuple, tuple]]
"""Table -> primary key -> the other columns: some clusters' contributions."""

_MEMBERS = (
    f"SELECT cluster_id, article_id || ':' || seq, published, {EVENT_DAY_SQL}, source_code,"
    " target_code, source_country, target_country, quad_class, goldstein,"
    " location_country_iso3, location_name, location_geonames_id FROM events AS e"
    " WHERE modality = 'asserted' AND cluster_id IN (SELECT value FROM json_each(?))"
)


def snapshot(connection: sqlite3.Connection, clusters: Iterable[str]) -> Snapshot:
    """What the clusters named contribute to each aggregate table, now: what
    :func:`rows_sql` gives for them, computed in Python from their events (a write touches a
    few clusters, and one indexed read of their events costs a tenth of the three
    statements; the tests hold the two equal after every kind of change)."""
    members = connection.execute(_MEMBERS, (json.dumps(sorted(set(clusters))),)).fetchall()
    return contributions(members)


def _hundredths(score: float) -> int:
    """``CAST(round(score * 100) AS BIGINT)`` as SQL computes it (halves away from zero)."""
    value = score * 100
    return int(math.floor(abs(value) + 0.5)) * (1 if value >= 0 else -1)


def contributions(members: Iterable[Sequence[Any]]) -> Snapshot:
    """:func:`snapshot` of the plain events ``members`` (rows of :data:`_MEMBERS`: cluster,
    own id, published, event day, actors, quad class, Goldstein score, place), whole
    clusters only."""
    clusters: dict[str, list[Sequence[Any]]] = defaultdict(list)
    for member in members:
        clusters[member[0]].append(member)
    taken: Snapshot = {DYADS: {}, COUNTRIES: {}, PLACES: {}, DAYS: {}}
    for cluster, rows in clusters.items():
        def least(index: int, rows=rows) -> Any:
            return min((row[index] for row in rows if row[index] is not None), default=None)

        source, target = least(4) or "", least(5) or ""
        countries = (least(6) or "", least(7) or "")
        quad, goldstein = least(8), _hundredths(least(9))
        named = [row for row in rows if row[1] == cluster]
        place = None
        if named:
            place = (max((row[10] or "" for row in named), default=""),
                     max((row[11] for row in named if row[11] is not None), default=None),
                     max((row[12] or 0 for row in named), default=0))
        for dated_by, index in (("published", 2), ("event", 3)):
            periods: Counter[str] = Counter()
            for row in rows:
                if row[index] is not None:
                    periods[row[index][:MONTH]] += 1
                    periods[ALL_TIME] += 1
            for period, mentions in periods.items():
                quad_of = 0 if period == ALL_TIME else quad
                key = (dated_by, period, source, target, quad_of)
                old = taken[DYADS].get(key)
                taken[DYADS][key] = (
                    min(old[0], countries[0]) if old else countries[0],
                    min(old[1], countries[1]) if old else countries[1],
                    (old[2] if old else 0) + 1, (old[3] if old else 0) + mentions,
                    (old[4] if old else 0) + goldstein)
                key = (dated_by, period, *countries, quad_of)
                events, count, hundredths = taken[COUNTRIES].get(key, (0, 0, 0))
                taken[COUNTRIES][key] = (events + 1, count + mentions, hundredths + goldstein)
                if place is not None and place[1] is not None:
                    key = (dated_by, period, *place)
                    events, count = taken[PLACES].get(key, (0, 0))
                    taken[PLACES][key] = (events + 1, count + mentions)
        days = {row[2] for row in rows if row[2] is not None}
        if len(days) > 1:
            where = (place[0], place[1] or "", place[2]) if place else ("", "", 0)
            for day in days:
                taken[DAYS][(cluster, day)] = (source, target, quad, *countries, goldstein,
                                               *where)
    return taken


def apply(connection: sqlite3.Connection, before: Snapshot, after: Snapshot) -> None:
    """Change the aggregate tables by what the clusters contribute ``after`` a change, less
    what they contributed ``before`` it (both :func:`snapshot`-s of the same clusters)."""
    for table in COUNTS:
        _add_differences(connection, table, before[table], after[table])
    gone = [key for key in before[DAYS] if key not in after[DAYS]]
    where = " AND ".join(f"{name} = ?" for name in KEYS[DAYS])
    connection.executemany(f"DELETE FROM {DAYS} WHERE {where}", gone)
    connection.executemany(
        _insert_sql(DAYS).replace("INSERT", "INSERT OR REPLACE", 1),
        [(*key, *values) for key, values in after[DAYS].items()
         if before[DAYS].get(key) != values],
    )


def _add_differences(connection: sqlite3.Connection, table: str,
                     before: dict[tuple, tuple], after: dict[tuple, tuple]) -> None:
    keys, counts = KEYS[table], COUNTS[table]
    width = len(COLUMNS[table]) - len(keys) - len(counts)  # descriptive columns first
    changes: list[tuple] = []
    emptied: list[tuple] = []
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        reference = new if new is not None else old
        delta = [
            (new[width + index] if new else 0) - (old[width + index] if old else 0)
            for index in range(len(counts))
        ]
        if any(delta):
            changes.append((*key, *reference[:width], *delta))
            if delta[counts.index("mentions")] < 0:
                emptied.append(key)
    added = ", ".join(f"{name} = {name} + excluded.{name}" for name in counts)
    connection.executemany(
        f"{_insert_sql(table)} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}", changes
    )
    where = " AND ".join(f"{name} = ?" for name in keys)
    connection.executemany(f"DELETE FROM {table} WHERE {where} AND mentions = 0", emptied)


def clusters_of_keys(connection: sqlite3.Connection, keys: Iterable[Sequence[Any]]) -> set[str]:
    """The clusters of the stored events with these cluster keys (source, target, CAMEO
    code, day, modality: see :mod:`attache.dedup.sqlite`)."""
    found: set[str] = set()
    for key in keys:
        found.update(row[0] for row in connection.execute(
            "SELECT DISTINCT cluster_id FROM events WHERE source_code IS ? AND target_code IS ?"
            " AND cameo_code = ? AND day IS ? AND modality = ? AND cluster_id IS NOT NULL",
            tuple(key),
        ))
    return found


__all__ = [
    "ALL_TIME",
    "COLUMNS",
    "COUNTRIES",
    "DATED_BY",
    "DAYS",
    "DYADS",
    "KEYS",
    "MONTH",
    "PLACES",
    "TABLES",
    "AggregateReport",
    "apply",
    "clusters_of_keys",
    "computed",
    "contributions",
    "rebuild",
    "report",
    "rows_sql",
    "snapshot",
]
