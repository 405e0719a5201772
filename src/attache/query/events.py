"""Find events by actor, code, class and date, and summarise a store. Parameterised SQL only.

:func:`find_events` reads a SQLite store or any :class:`~attache.query.sources.EventSource`
(a Parquet dataset too); :func:`summary` needs a store (it counts articles and rejections).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from attache.dedup.clusters import CLUSTER
from attache.errors import AttacheError, ErrorCode
from attache.query.sources import Readable
from attache.store.sqlite import Store

EVENT_COLUMNS: tuple[str, ...] = (
    "article_id",
    "published",
    "sentence_index",
    "start",
    "end",
    "evidence_text",
    "source_code",
    "source_country",
    "source_text",
    "target_code",
    "target_country",
    "target_text",
    "cameo_code",
    "root_code",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "modality",
    "pattern",
    "event_rule",
    "cluster_id",
    "seq",
    "dead",
    "injured",
    "arrested",
    "size",
    "location_name",
    "location_country_iso3",
    "location_precision",
    "location_latitude",
    "location_longitude",
    "title",
    "url",
)
"""The keys of each dict :func:`find_events` returns, in order (also the CSV header)."""

SORT_KEYS: tuple[str, ...] = ("published", "goldstein", "cameo_code", "source_code",
                              "target_code", "quad_class", "dead", "injured", "size")
"""What :class:`EventFilter` ``order`` may sort by (``-`` first: descending)."""
SORT_ORDERS: tuple[str, ...] = (*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS))
"""Every ``order`` :class:`EventFilter` takes."""

_LIKE_ESCAPE = "\\"

_PREFIX_END = "\U0010ffff"  # sorts after every character a code can hold


@dataclass(frozen=True)
class EventFilter:
    """Which events to return. Every field left ``None`` matches everything.

    ``actor`` matches either side, ``source``/``target`` one side; all three match a code
    prefix (``RUS`` matches ``RUSGOV``). ``code`` is a CAMEO code prefix (``19`` matches
    ``190``-``196``), ``root`` a root code exactly (``9`` means ``09``). ``since``/``until``
    bound the publication date (inclusive). ``modality`` is ``asserted`` (plain events) by
    default; ``None`` returns negated and hypothetical events too. ``limit`` and ``offset``
    page through the ordered result.

    ``plover_type`` is a PLOVER event type (``ASSAULT``), ``location_country`` the ISO3 code
    of the country the event happened in, ``text`` words the evidence sentence holds (case
    aside). ``order`` is one of :data:`SORT_KEYS`, ``-`` first for descending (``-dead``);
    ties, and the default, go by publication date, article and position.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    code: str | None = None
    root: str | None = None
    quad_class: int | None = None
    since: date | None = None
    until: date | None = None
    modality: str | None = "asserted"
    limit: int | None = None
    offset: int = 0
    plover_type: str | None = None
    location_country: str | None = None
    text: str | None = None
    order: str | None = None


PLAIN = "e.modality = 'asserted'"
"""Plain events (neither negated nor hypothetical): what every count in attache counts."""


def _prefix(column: str, value: str, parameters: list[Any], alias: str = "e") -> str:
    """``alias.column`` starts with the code prefix ``value`` (stripped, upper-cased), as a
    range test an index can serve."""
    value = value.strip().upper()
    parameters.extend([value, value + _PREFIX_END])
    return f"({alias}.{column} >= ? AND {alias}.{column} < ?)"


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, ``%``, ``_`` and the escape escaped
    (used with ``ESCAPE '\\'``)."""
    escaped = (
        text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
        .replace("%", _LIKE_ESCAPE + "%")
        .replace("_", _LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def _contains(column: str) -> str:
    """Case-insensitive substring test of ``column`` against a bound :func:`_like` pattern;
    both sides go through the engine's ``lower`` so they fold the same way."""
    return f"lower({column}) LIKE lower(?) ESCAPE '\\'"


def _where(event_filter: EventFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    parameters: list[Any] = []
    if event_filter.actor:
        either = _prefix("source_code", event_filter.actor, parameters)
        clauses.append(f"({either} OR {_prefix('target_code', event_filter.actor, parameters)})")
    if event_filter.source:
        clauses.append(_prefix("source_code", event_filter.source, parameters))
    if event_filter.target:
        clauses.append(_prefix("target_code", event_filter.target, parameters))
    if event_filter.code:
        clauses.append(_prefix("cameo_code", event_filter.code, parameters))
    if event_filter.root:
        root = event_filter.root.strip()
        clauses.append("e.root_code = ?")
        parameters.append(root.zfill(2) if root.isdigit() else root)
    if event_filter.quad_class is not None:
        clauses.append("e.quad_class = ?")
        parameters.append(int(event_filter.quad_class))
    if event_filter.since is not None:
        clauses.append("e.published >= ?")
        parameters.append(event_filter.since.isoformat())
    if event_filter.until is not None:
        clauses.append("e.published <= ?")
        parameters.append(event_filter.until.isoformat())
    if event_filter.modality is not None:
        clauses.append("e.modality = ?")
        parameters.append(event_filter.modality)
    if event_filter.plover_type:
        clauses.append("e.plover_type = ?")
        parameters.append(event_filter.plover_type.strip().upper())
    if event_filter.location_country:
        clauses.append("e.location_country_iso3 = ?")
        parameters.append(event_filter.location_country.strip().upper())
    if event_filter.text and event_filter.text.strip():
        clauses.append(_contains("e.evidence_text"))
        parameters.append(_like(" ".join(event_filter.text.split())))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", parameters


def find_events(store: Readable, event_filter: EventFilter | None = None) -> list[dict[str, Any]]:
    """Events matching ``event_filter``, ordered by date, article and position in it.

    Each is a dict with the keys of :data:`EVENT_COLUMNS` (the article's title and URL
    included, so a row can be checked against its source; ``None`` where a Parquet dataset
    has no ``articles`` table; ``cluster_id`` as :data:`CLUSTER` gives it: the
    ``event_clusters`` row of the SQLite store counts its articles and sources).
    ``store`` is a :class:`~attache.store.sqlite.Store` or an
    :class:`~attache.query.sources.EventSource` (see :func:`~attache.query.open_events`).
    """
    event_filter = event_filter or EventFilter()
    where, parameters = _where(event_filter)
    columns = ", ".join(
        f"a.{name}" if name in ("title", "url")
        else f"{CLUSTER} AS cluster_id" if name == "cluster_id"
        else f'e."{name}"'
        for name in EVENT_COLUMNS
    )
    sql = (
        f"SELECT {columns} FROM events AS e LEFT JOIN articles AS a ON a.id = e.article_id{where}"
        f" ORDER BY {_order(event_filter.order)}e.published IS NULL, e.published, e.article_id,"
        " e.seq"
    )
    if event_filter.limit is not None:
        if event_filter.limit < 0:
            raise AttacheError(
                ErrorCode.E011, kind="limit", value=event_filter.limit, known="0 or more"
            )
        sql += " LIMIT ?"
        parameters.append(int(event_filter.limit))
    if event_filter.offset:
        if event_filter.offset < 0:
            raise AttacheError(
                ErrorCode.E011, kind="offset", value=event_filter.offset, known="0 or more"
            )
        if event_filter.limit is None:  # SQLite needs a LIMIT before OFFSET
            sql += f" LIMIT {2**62:d}"
        sql += " OFFSET ?"
        parameters.append(int(event_filter.offset))
    return store.read(sql, parameters)


def map_counts(store: Readable, event_filter: EventFilter | None = None) -> dict[str, Any]:
    """Where the events of ``event_filter`` (its ``limit``, ``offset`` and ``order`` aside)
    happened: ``countries``, per country of the place (``country`` ISO3, ``events``
    clusters, ``mean_goldstein`` over their records), busiest first; ``places``, per place
    known to the city (``name``, ``country``, ``latitude``, ``longitude``, ``events``)."""
    where, parameters = _where(event_filter or EventFilter())
    where = (where + " AND" if where else " WHERE") + " e.location_country_iso3 IS NOT NULL"
    countries = store.read(
        f"SELECT e.location_country_iso3 AS country, count(DISTINCT {CLUSTER}) AS events,"
        f" avg(e.goldstein) AS mean_goldstein FROM events AS e{where}"
        " GROUP BY e.location_country_iso3 ORDER BY events DESC, country", parameters)
    places = store.read(
        f"SELECT e.location_name AS name, e.location_country_iso3 AS country,"
        f" e.location_latitude AS latitude, e.location_longitude AS longitude,"
        f" count(DISTINCT {CLUSTER}) AS events FROM events AS e{where}"
        " AND e.location_precision = 'place' AND e.location_latitude IS NOT NULL"
        " GROUP BY e.location_name, e.location_country_iso3, e.location_latitude,"
        " e.location_longitude ORDER BY events DESC, name", parameters)
    return {
        "countries": [{"country": row["country"], "events": int(row["events"]),
                       "mean_goldstein": round(float(row["mean_goldstein"]), 4)}
                      for row in countries],
        "places": [{**row, "events": int(row["events"])} for row in places],
    }


def _order(order: str | None) -> str:
    """The ORDER BY terms of ``order`` before the default ones ("" for the default)."""
    if not order:
        return ""
    key = order[1:] if order.startswith("-") else order
    if order not in SORT_ORDERS:
        raise AttacheError(ErrorCode.E011, kind="sort order", value=order,
                           known=", ".join(SORT_KEYS) + " (- first: descending)")
    direction = " DESC" if order.startswith("-") else ""
    return f"e.{key} IS NULL, e.{key}{direction}, "


def summary(store: Store, top: int = 10) -> dict[str, Any]:
    """Counts over the whole store: articles (and ``duplicate_articles``, copies of an
    earlier stored story), rejections (by code), plain events (total, by quad class, by
    PLOVER type; ``clusters``: distinct events once the reports of one event are linked),
    events of other modalities, and the ``top`` dyads (source -> target code pairs) and
    actors (either side) by plain clusters (``events``) and records (``mentions``)."""

    def scalar(sql: str) -> int:
        return next(iter(store.read(sql)[0].values()))

    plain = "modality = 'asserted'"
    by_quad = store.read(
        f"SELECT quad_class, count(*) AS n FROM events WHERE {plain} "
        "GROUP BY quad_class ORDER BY quad_class"
    )
    by_plover = store.read(
        f"SELECT coalesce(plover_type, '(none)') AS t, count(*) AS n FROM events WHERE {plain} "
        "GROUP BY t ORDER BY n DESC, t"
    )
    by_rejection = store.read(
        "SELECT code, count(*) AS n FROM rejections GROUP BY code ORDER BY code"
    )
    dyads = store.read(
        "SELECT source, target, count(*) AS events, sum(n) AS mentions FROM ("
        f" SELECT e.source_code AS source, e.target_code AS target, {CLUSTER} AS cluster,"
        f" count(*) AS n FROM events AS e WHERE e.{plain} AND e.source_code IS NOT NULL"
        " AND e.target_code IS NOT NULL GROUP BY source, target, cluster)"
        " GROUP BY source, target ORDER BY events DESC, source, target LIMIT ?",
        (top,),
    )
    actors = store.read(
        "SELECT code AS actor, count(*) AS events, sum(n) AS mentions FROM ("
        " SELECT side, code, cluster, count(*) AS n FROM ("
        f" SELECT 0 AS side, e.source_code AS code, {CLUSTER} AS cluster FROM events AS e"
        f" WHERE e.{plain} AND e.source_code IS NOT NULL"
        " UNION ALL"
        f" SELECT 1 AS side, e.target_code AS code, {CLUSTER} AS cluster FROM events AS e"
        f" WHERE e.{plain} AND e.target_code IS NOT NULL"
        ") GROUP BY side, code, cluster) GROUP BY code ORDER BY events DESC, actor LIMIT ?",
        (top,),
    )
    return {
        "articles": scalar("SELECT count(*) FROM articles"),
        "rejections": scalar("SELECT count(*) FROM rejections"),
        "rejections_by_code": {row["code"]: row["n"] for row in by_rejection},
        "duplicate_articles": scalar(
            "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"
        ),
        "events": scalar(f"SELECT count(*) FROM events WHERE {plain}"),
        "clusters": scalar(
            f"SELECT count(DISTINCT {CLUSTER}) FROM events AS e WHERE e.{plain}"
        ),
        "events_other_modalities": scalar(f"SELECT count(*) FROM events WHERE NOT ({plain})"),
        "events_by_quad_class": {str(row["quad_class"]): row["n"] for row in by_quad},
        "events_by_plover_type": {row["t"]: row["n"] for row in by_plover},
        "top_dyads": dyads,
        "top_actors": actors,
    }
