"""Browse a store: articles, actors (with a profile), quotes, quantities and text search.

What the HTTP API and the dashboard list, kept here so both (and any script) answer the
same way. Every function takes a :class:`~attache.query.sources.Readable` (a
:class:`~attache.store.sqlite.Store`; :func:`list_actors` reads only the ``events`` table,
so a Parquet :class:`~attache.query.sources.EventSource` works for it too), runs
parameterised SQL only and raises :class:`~attache.errors.AttacheError` E011 for a bad
argument (a negative ``limit``, an unknown quantity kind, an empty search), so a caller can
tell a bad request from an empty answer.

Counts are of plain events (``modality = 'asserted'``), as everywhere else in attache, and
``events`` counts event clusters (the reports of one event by several articles count once;
see :data:`~attache.query.events.CLUSTER`) while ``mentions`` counts the event records.
Lists of records are in publication order (oldest first, undated last, then article and
position), like :func:`~attache.query.find_events`; articles are listed newest first.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from attache.dictionaries.actors import DatedCode
from attache.errors import AttacheError, ErrorCode
from attache.ingest.articles import parse_published
from attache.model import actor_country
from attache.query.events import CLUSTER, EVENT_COLUMNS, PLAIN, _contains, _like, _prefix
from attache.query.sources import Readable

QUANTITY_KINDS = ("money", "people", "measure", "percent", "count")
"""The values of ``Quantity.kind`` (see :class:`attache.model.Quantity`)."""

MAX_COUNT = 2**62
"""The largest ``limit`` or ``offset`` accepted (SQLite integers are 64-bit)."""

MAX_TEXT = 200
"""The longest search text or actor code accepted: longer ones are E011, not a slow scan."""

MAX_CODE = 64
"""The longest actor or CAMEO code (prefix) the API and the dashboard take."""

MAX_PAGE = 500
"""The most items one page of the API (its ``limit``) holds."""

SNIPPET_BEFORE, SNIPPET_AFTER = 80, 160
"""Characters of article text shown before the search hit and from it on."""

_EVENT_SELECT = ", ".join(
    f"a.{name}" if name in ("title", "url")
    else f"{CLUSTER} AS cluster_id" if name == "cluster_id"
    else f'e."{name}"'
    for name in EVENT_COLUMNS
)  # the columns of find_events, in its order
_EVENT_FROM = "FROM events AS e LEFT JOIN articles AS a ON a.id = e.article_id"
_EVENT_ORDER = "e.published IS NULL, e.published, e.article_id, e.seq"


# -- validation ---------------------------------------------------------------------------


def _bad(kind: str, value: Any, known: str) -> AttacheError:
    return AttacheError(ErrorCode.E011, kind=kind, value=value, known=known)


def _count(value: Any, kind: str) -> int:
    """A non-negative int (``limit``, ``offset``, ``partners``...) SQLite can bind, else
    E011."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise _bad(kind, value, f"0 to {MAX_COUNT}")
    return value


def _text(value: Any, kind: str) -> str:
    """A non-empty string of at most :data:`MAX_TEXT` characters (stripped), else E011."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise _bad(kind, value if isinstance(value, str) else repr(value),
                   f"1 to {MAX_TEXT} characters")
    return value.strip()


def _optional_text(value: Any, kind: str) -> str | None:
    return None if value is None else _text(value, kind)


def _page(limit: Any, offset: Any, parameters: list[Any]) -> str:
    parameters.extend([_count(limit, "limit"), _count(offset, "offset")])
    return " LIMIT ? OFFSET ?"


def _date_bounds(
    column: str, since: date | str | None, until: date | str | None, parameters: list[Any]
) -> list[str]:
    clauses = []
    for bound, operator in ((since, ">="), (until, "<=")):
        day = parse_published(bound)
        if day is not None:
            clauses.append(f"{column} {operator} ?")
            parameters.append(day.isoformat())
    return clauses


def _where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


# -- articles -----------------------------------------------------------------------------


def list_articles(
    store: Readable,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored articles, newest first (undated last, then by id): ``id``, ``title``,
    ``published``, ``source``, ``url``, ``events`` (plain events), ``all_events`` (every
    modality) and ``discarded`` (why the coder skipped it, or None). ``since``/``until``
    bound the publication date (inclusive)."""
    parameters: list[Any] = []
    where = _where(_date_bounds("a.published", since, until, parameters))
    page = _page(limit, offset, parameters)
    sql = (
        "SELECT a.id, a.title, a.published, a.source, a.url, a.discarded,"
        " coalesce(c.events, 0) AS events, coalesce(c.all_events, 0) AS all_events"
        " FROM articles AS a LEFT JOIN ("
        f"  SELECT e.article_id, count(CASE WHEN {PLAIN} THEN 1 END) AS events,"
        "   count(*) AS all_events FROM events AS e GROUP BY e.article_id"
        " ) AS c ON c.article_id = a.id"
        f"{where} ORDER BY a.published IS NULL, a.published DESC, a.id{page}"
    )
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "published": row["published"],
            "source": row["source"],
            "url": row["url"],
            "events": int(row["events"]),
            "all_events": int(row["all_events"]),
            "discarded": row["discarded"],
        }
        for row in store.read(sql, parameters)
    ]


# -- actors -------------------------------------------------------------------------------


def store_totals(store: Readable) -> dict[str, Any]:
    """What the store holds at a glance: ``articles``, plain ``events`` (clusters) and their
    ``mentions`` (records), ``actors`` (distinct codes), and the ``first`` and ``last``
    publication dates (None when no article is dated)."""
    articles = store.read("SELECT count(*) AS n, min(published) AS first,"
                          " max(published) AS last FROM articles")[0]
    events = store.read(
        f"SELECT count(DISTINCT {CLUSTER}) AS events, count(*) AS mentions FROM events AS e"
        f" WHERE {PLAIN}")[0]
    actors = store.read(
        "SELECT count(*) AS n FROM (SELECT source_code AS code FROM events AS e"
        f" WHERE {PLAIN} AND source_code IS NOT NULL UNION SELECT target_code FROM events"
        f" AS e WHERE {PLAIN} AND target_code IS NOT NULL) AS codes")[0]
    return {"articles": int(articles["n"]), "events": int(events["events"] or 0),
            "mentions": int(events["mentions"] or 0), "actors": int(actors["n"]),
            "first": articles["first"], "last": articles["last"]}


def list_actors(
    store: Readable, *, prefix: str | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Actor codes in plain events, busiest first (ties in code order): ``code``,
    ``events`` (plain events with the code on either side, clusters counted once; once for
    an actor acting on itself), ``mentions`` (their event records) and ``articles``
    (articles holding them). ``prefix`` keeps codes that start with it (``RUS`` keeps
    ``RUSGOV``). Reads only ``events``: a Parquet dataset works too."""
    prefix = _optional_text(prefix, "actor prefix")
    parameters: list[Any] = []
    sides = []
    for column in ("source_code", "target_code"):
        clauses = [PLAIN, f"e.{column} IS NOT NULL"]
        if prefix:
            clauses.append(_prefix(column, prefix, parameters))
        sides.append(
            f"SELECT e.{column} AS code, {CLUSTER} AS cluster, e.article_id, e.seq"
            f" FROM events AS e{_where(clauses)}"
        )
    page = _page(limit, offset, parameters)
    sql = (  # UNION, not UNION ALL: an event with the code on both sides counts once
        "SELECT sides.code AS code, count(DISTINCT sides.cluster) AS events,"
        " count(*) AS mentions, count(DISTINCT sides.article_id) AS articles"
        f" FROM ({' UNION '.join(sides)}) AS sides"
        f" GROUP BY sides.code ORDER BY events DESC, code{page}"
    )
    return [
        {
            "code": row["code"],
            "events": int(row["events"]),
            "mentions": int(row["mentions"]),
            "articles": int(row["articles"]),
        }
        for row in store.read(sql, parameters)
    ]


_ENTRY_MAPS: dict[str, dict[str, Any]] = {}


def _entries_by_source(dictionaries: Any) -> dict[str, Any]:
    """``file:line`` -> actor entry, built once per dictionary set (keyed by its digest)."""
    found = _ENTRY_MAPS.get(dictionaries.version)
    if found is None:
        found = {entry.source: entry for entry in dictionaries.actors}
        _ENTRY_MAPS.clear()  # one set at a time: the map is large
        _ENTRY_MAPS[dictionaries.version] = found
    return found


def _roles(store: Readable, code: str, dictionaries: Any) -> list[dict[str, Any]]:
    """The dictionary entries behind the stored mentions of ``code`` whose codes include
    it (a composite "Russian minister" names the RUS entry: not a role of RUSGOV)."""
    rows = store.read(
        "SELECT m.entry, count(*) AS mentions FROM mentions AS m WHERE m.code = ?"
        " GROUP BY m.entry ORDER BY m.entry",
        [code],
    )
    if not rows:
        return []
    if dictionaries is None:
        from attache.dictionaries import default_dictionaries

        dictionaries = default_dictionaries()
    entries = _entries_by_source(dictionaries)
    roles = []
    for row in rows:
        entry = entries.get(row["entry"])
        if entry is None or all(dated.code != code for dated in entry.codes):
            continue
        roles.append(
            {
                "name": entry.name,
                "source": entry.source,
                "mentions": int(row["mentions"]),
                "codes": [
                    {
                        "code": dated.code,
                        "start": dated.start.isoformat() if dated.start else None,
                        "end": dated.end.isoformat() if dated.end else None,
                    }
                    for dated in sorted(entry.codes, key=_chronological)
                ],
            }
        )
    return sorted(roles, key=lambda role: (-role["mentions"], role["name"], role["source"]))


def _chronological(dated: DatedCode) -> tuple[bool, date, date]:
    """Dated codes oldest first; the undated code (the entry's general one) last."""
    undated = dated.start is None and dated.end is None
    return undated, dated.start or date.min, dated.end or date.max


def actor_profile(
    store: Readable,
    code: str,
    *,
    dictionaries: Any = None,
    partners: int = 10,
    recent: int = 20,
) -> dict[str, Any] | None:
    """Everything the store says about one actor code (exact, upper-cased), or None when
    it appears in no event, mention or quote:

    * ``code``, ``country`` (its country part, :func:`attache.model.actor_country`),
      ``events``, ``mentions`` and ``articles`` (plain events with it on either side, their
      records and articles);
    * ``names``: the surface texts of its stored mentions (``text``, ``count``), most
      frequent first;
    * ``roles``: the dictionary entries (of ``dictionaries``, default the shipped set)
      behind those mentions that can yield this code: ``name``, ``source`` (``file:line``),
      ``mentions`` and every dated code ``{code, start, end}`` of the entry, so a leader's
      roles over time show (RUSGOV until 2008, then RUSELI);
    * ``top_partners``: the ``partners`` codes it has most plain events with, either
      direction (``actor``, ``events``, ``mentions``, ``mean_goldstein``);
    * ``recent_events``: its ``recent`` latest plain events (rows of
      :func:`~attache.query.find_events`), newest first.
    """
    code = _text(code, "actor code").upper()
    partners, recent = _count(partners, "partners"), _count(recent, "recent")
    seen = store.read(
        "SELECT (SELECT count(*) FROM events AS e"
        "         WHERE e.source_code = ? OR e.target_code = ?) AS events,"
        " (SELECT count(*) FROM mentions AS m WHERE m.code = ?) AS mentions,"
        " (SELECT count(*) FROM quotes AS q WHERE q.speaker_code = ?) AS quotes",
        [code, code, code, code],
    )[0]
    if not any(seen.values()):
        return None
    either = "(e.source_code = ? OR e.target_code = ?)"
    totals = store.read(
        f"SELECT count(DISTINCT {CLUSTER}) AS events, count(*) AS mentions,"
        f" count(DISTINCT e.article_id) AS articles FROM events AS e WHERE {PLAIN} AND {either}",
        [code, code],
    )[0]
    names = store.read(
        "SELECT m.evidence_text AS text, count(*) AS count FROM mentions AS m"
        " WHERE m.code = ? GROUP BY m.evidence_text ORDER BY count DESC, text LIMIT 100",
        [code],
    )
    partner_rows = store.read(  # per partner, per cluster first (members share the code)
        "SELECT c.partner AS actor, count(*) AS events, sum(c.mentions) AS mentions,"
        " sum(CAST(round(c.goldstein * 100) AS BIGINT)) AS goldstein_hundredths FROM ("
        "  SELECT sides.partner, sides.cluster, count(*) AS mentions,"
        "  min(sides.goldstein) AS goldstein FROM ("
        f"   SELECT e.target_code AS partner, {CLUSTER} AS cluster, e.goldstein"
        f"   FROM events AS e WHERE {PLAIN} AND e.source_code = ? AND e.target_code IS NOT NULL"
        "   UNION ALL"
        f"   SELECT e.source_code AS partner, {CLUSTER} AS cluster, e.goldstein"
        f"   FROM events AS e WHERE {PLAIN} AND e.target_code = ?"
        "   AND e.source_code IS NOT NULL AND e.source_code <> ?"
        "  ) AS sides GROUP BY sides.partner, sides.cluster"
        ") AS c GROUP BY c.partner ORDER BY events DESC, actor LIMIT ?",
        [code, code, code, partners],
    )
    recent_events = store.read(
        f"SELECT {_EVENT_SELECT} {_EVENT_FROM} WHERE {PLAIN} AND {either}"
        " ORDER BY e.published IS NULL, e.published DESC, e.article_id DESC, e.seq DESC"
        " LIMIT ?",
        [code, code, recent],
    )
    return {
        "code": code,
        "country": actor_country(code),
        "events": int(totals["events"]),
        "mentions": int(totals["mentions"]),
        "articles": int(totals["articles"]),
        "names": [{"text": row["text"], "count": int(row["count"])} for row in names],
        "roles": _roles(store, code, dictionaries),
        "top_partners": [
            {
                "actor": row["actor"],
                "events": int(row["events"]),
                "mentions": int(row["mentions"]),
                "mean_goldstein": round(
                    int(row["goldstein_hundredths"]) / 100 / int(row["events"]), 4
                ),
            }
            for row in partner_rows
        ],
        "recent_events": recent_events,
    }


# -- quotes and quantities ------------------------------------------------------------------


def _records(store: Readable, table: str, columns: tuple[str, ...], clauses: list[str],
             parameters: list[Any], article_id: str | None, limit: int, offset: int
             ) -> list[dict[str, Any]]:
    """Records of a per-article ``table`` (aliased ``x``) of the article ``article_id``
    (exact; any when None) that ``clauses`` (over ``x``, their values in ``parameters``)
    keep, in publication order: where each stands (``article_id``, ``seq``, ``published``,
    ``title``, ``sentence_index``, ``start``, ``end``, ``evidence_text``), then the
    ``columns`` of ``x``."""
    if article_id:
        clauses.append("x.article_id = ?")
        parameters.append(article_id)
    where = _where(clauses)
    page = _page(limit, offset, parameters)
    sql = (
        "SELECT x.article_id, x.seq, a.published, a.title, x.sentence_index, x.start,"
        f' x."end", x.evidence_text, {", ".join(f"x.{name}" for name in columns)}'
        f" FROM {table} AS x JOIN articles AS a ON a.id = x.article_id{where}"
        f" ORDER BY a.published IS NULL, a.published, x.article_id, x.seq{page}"
    )
    return store.read(sql, parameters)


def _content(row: dict[str, Any]) -> str | None:
    """The quoted words, cut from the evidence text when they lie inside it."""
    start = row["content_start"] - row["start"]
    end = row["content_end"] - row["start"]
    text = row["evidence_text"]
    return text[start:end] if 0 <= start <= end <= len(text) else None


def list_quotes(
    store: Readable,
    *,
    speaker: str | None = None,
    article_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quotes in publication order: where they are (``article_id``, ``seq``,
    ``published``, ``title``, ``sentence_index``, ``start``, ``end``, ``evidence_text``),
    what was said (``content_start``, ``content_end``, ``content``), who said it
    (``speaker_code``, ``speaker_text``, ``reporting_verb``, ``direct``) and through whom
    (``chain``, a list of names). ``speaker`` is a code prefix, ``article_id`` exact."""
    speaker = _optional_text(speaker, "speaker")
    article_id = _optional_text(article_id, "article id")
    parameters: list[Any] = []
    clauses = []
    if speaker:
        clauses.append(_prefix("speaker_code", speaker, parameters, alias="x"))
    columns = ("content_start", "content_end", "speaker_code", "speaker_text", "reporting_verb",
               "direct", "chain")
    rows = []
    for row in _records(store, "quotes", columns, clauses, parameters, article_id, limit,
                        offset):
        row["content"] = _content(row)
        row["direct"] = bool(row["direct"])
        row["chain"] = json.loads(row["chain"])
        rows.append(row)
    return rows


def list_quantities(
    store: Readable,
    *,
    kind: str | None = None,
    actor: str | None = None,
    article_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quantities in publication order: ``article_id``, ``seq``, ``published``, ``title``,
    ``sentence_index``, ``start``, ``end``, ``evidence_text``, ``value``, ``unit``,
    ``kind``, ``measures``, ``year`` and ``actors`` (a list of codes). ``kind`` is one of
    :data:`QUANTITY_KINDS`; ``actor`` a code prefix one of its actors starts with."""
    if kind is not None and kind not in QUANTITY_KINDS:
        raise _bad("quantity kind", kind, ", ".join(QUANTITY_KINDS))
    actor = _optional_text(actor, "actor")
    article_id = _optional_text(article_id, "article id")
    parameters: list[Any] = []
    clauses = []
    if kind is not None:
        clauses.append("x.kind = ?")
        parameters.append(kind)
    if actor:
        # actors is a JSON list of codes: an element starting with the prefix follows '"'.
        clauses.append("x.actors LIKE ? ESCAPE '\\'")
        parameters.append('%"' + _like(actor.upper())[1:])
    columns = ("value", "unit", "kind", "measures", "year", "actors")
    rows = []
    for row in _records(store, "quantities", columns, clauses, parameters, article_id, limit,
                        offset):
        row["actors"] = json.loads(row["actors"])
        rows.append(row)
    return rows


# -- search -------------------------------------------------------------------------------


def _snippet(text: str, query: str) -> dict[str, Any]:
    """The text around the first case-insensitive hit of ``query`` (the start of the text
    when only the title matched), with the hit's offsets into the article text."""
    found = re.search(re.escape(query), text, re.IGNORECASE)
    if found is None:
        return {"snippet": text[: SNIPPET_BEFORE + SNIPPET_AFTER], "snippet_start": 0,
                "match_start": None, "match_end": None}
    start = max(0, found.start() - SNIPPET_BEFORE)
    return {
        "snippet": text[start : found.start() + SNIPPET_AFTER],
        "snippet_start": start,
        "match_start": found.start(),
        "match_end": found.end(),
    }


def search(store: Readable, text: str, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Articles and plain events containing ``text`` (case-insensitive substring; ``%``
    and ``_`` match themselves). ``articles``: ``id``, ``title``, ``published``,
    ``source``, ``url`` and a ``snippet`` of the text around the first hit
    (``snippet_start``, ``match_start``, ``match_end`` are offsets into the article text;
    ``match_*`` are None when only the title matched), newest first. ``events``: rows of
    :func:`~attache.query.find_events` whose evidence sentence or actor texts match.
    ``limit``/``offset`` page both lists. Empty or over-long text is E011."""
    query = _text(text, "search text")
    pattern = _like(query)
    parameters: list[Any] = [pattern, pattern]
    page = _page(limit, offset, parameters)
    article_rows = store.read(
        "SELECT a.id, a.title, a.published, a.source, a.url, a.text FROM articles AS a"
        f" WHERE {_contains('a.title')} OR {_contains('a.text')}"
        f" ORDER BY a.published IS NULL, a.published DESC, a.id{page}",
        parameters,
    )
    articles = []
    for row in article_rows:
        body = row.pop("text")
        articles.append({**row, **_snippet(body, query)})
    parameters = [pattern, pattern, pattern]
    page = _page(limit, offset, parameters)
    events = store.read(
        f"SELECT {_EVENT_SELECT} {_EVENT_FROM} WHERE {PLAIN} AND ("
        f"{_contains('e.evidence_text')} OR {_contains('e.source_text')}"
        f" OR {_contains('e.target_text')}) ORDER BY {_EVENT_ORDER}{page}",
        parameters,
    )
    return {"articles": articles, "events": events}


def story_links(store: Readable, article_id: str) -> dict[str, Any]:
    """Where an article's story and events were reported too (the dedup stage's links):
    ``duplicate_of`` (the earlier article this one copies, with its ``similarity``, or
    None), ``copies`` (later articles that copy this one) and ``reports`` (``seq`` -> the
    cluster of each event that other articles report as well: ``cluster_id``,
    ``num_articles``, ``num_sources``). Needs a SQLite store (schema 3)."""
    article_id = _text(article_id, "article id")
    original = store.read(
        "SELECT o.id, o.title, o.source, o.published, a.duplicate_similarity AS similarity"
        " FROM articles AS a JOIN articles AS o ON o.id = a.duplicate_of WHERE a.id = ?",
        [article_id],
    )
    copies = store.read(
        "SELECT id, title, source, published, duplicate_similarity AS similarity"
        " FROM articles WHERE duplicate_of = ? ORDER BY published IS NULL, published, id",
        [article_id],
    )
    reports = store.read(
        "SELECT e.seq, c.cluster_id, c.num_articles, c.num_sources FROM events AS e"
        " JOIN event_clusters AS c ON c.cluster_id = e.cluster_id"
        " WHERE e.article_id = ? AND c.num_articles > 1 ORDER BY e.seq",
        [article_id],
    )
    return {
        "duplicate_of": original[0] if original else None,
        "copies": copies,
        "reports": {row.pop("seq"): row for row in reports},
    }
