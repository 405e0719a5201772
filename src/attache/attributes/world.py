"""Country outlines (Natural Earth 1:110m, ``attache/data/places/world-110m.tsv``) and the
centroids derived from them.

The outlines draw the dashboard's map; a country's centroid (the area centroid of its
largest outline, so France's is in France, not between Paris and French Guiana) is the
coordinate a country-level place is given. Read once per process; a malformed line is
reported as E002 with ``file:line``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ..datafiles import data_path, read_table, table_error

WORLD_FILE = "world-110m.tsv"

Ring = tuple[tuple[float, float], ...]


class Country(NamedTuple):
    """A country's outline: ISO 3166 alpha-3 code, Natural Earth name, outer rings."""

    iso3: str
    name: str
    rings: tuple[Ring, ...]


@lru_cache(maxsize=1)
def world_outlines() -> dict[str, Country]:
    """ISO3 -> :class:`Country`, from the shipped table."""
    path = data_path("places", WORLD_FILE)
    countries = {}
    for row in read_table(path, 3):
        iso3, name, text = row.fields
        try:
            rings = tuple(tuple((float(lon), float(lat))
                                for lon, lat in (pair.split(",") for pair in ring.split()))
                          for ring in text.split(";"))
        except ValueError as error:
            raise table_error(path, row.line, f"bad ring: {error}") from error
        if any(len(ring) < 3 for ring in rings):
            raise table_error(path, row.line, "a ring needs three points or more")
        countries[iso3] = Country(iso3, name, rings)
    return countries


def unwrapped(ring: Ring) -> Ring:
    """A ring that crosses the antimeridian (Fiji, Chukotka: points at both -180 and 180)
    with its western longitudes moved past 180, so it is one shape, not two far apart."""
    if max(lon for lon, _ in ring) - min(lon for lon, _ in ring) <= 180:
        return ring
    return tuple((lon + 360 if lon < 0 else lon, lat) for lon, lat in ring)


def ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """(area, longitude, latitude) of a ring in plain lon/lat degrees (shoelace formula);
    the area is positive whatever the ring's direction."""
    twice_area = x_sum = y_sum = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        twice_area += cross
        x_sum += (x0 + x1) * cross
        y_sum += (y0 + y1) * cross
    if twice_area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(twice_area) / 2, x_sum / (3 * twice_area), y_sum / (3 * twice_area)


@lru_cache(maxsize=1)
def country_centroids() -> dict[str, tuple[float, float]]:
    """ISO3 -> (latitude, longitude) of the centroid of the country's largest outline."""
    centroids = {}
    for iso3, country in world_outlines().items():
        _, lon, lat = max(ring_area_centroid(unwrapped(ring)) for ring in country.rings)
        centroids[iso3] = (round(lat, 4), round((lon + 180) % 360 - 180, 4))
    return centroids
