"""The dashboard's map: countries shaded by their events and points where the places are
known, as server-rendered SVG over the Natural Earth outlines that attache ships
(:mod:`attache.attributes.world`); no tiles, no script, nothing from the network.

The projection is plate carrée (longitude and latitude as x and y), cut to 60°S-84°N.
Shading: by event count on a logarithmic scale of blues, or by mean Goldstein score from red
(-10) through grey (0) to green (+10).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from attache.attributes.world import unwrapped, world_outlines

WIDTH, HEIGHT = 960, 480
NORTH, SOUTH = 84.0, -60.0
NO_DATA = "#e4e4e4"
MEASURES = ("events", "goldstein")


@dataclass(frozen=True)
class MapCountry:
    iso3: str
    name: str
    path: str
    fill: str
    events: int
    mean_goldstein: float | None


@dataclass(frozen=True)
class MapPoint:
    name: str
    country: str | None
    x: float
    y: float
    radius: float
    events: int


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    countries: list[MapCountry]
    points: list[MapPoint]
    measure: str
    peak: int


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Map coordinates of a point (plate carrée in the map's box)."""
    x = (longitude + 180.0) / 360.0 * WIDTH
    y = (NORTH - latitude) / (NORTH - SOUTH) * HEIGHT
    return x, y


@lru_cache(maxsize=1)
def country_paths() -> dict[str, str]:
    """ISO3 -> the SVG path of the country's outlines (built once per process)."""
    paths = {}
    for iso3, country in world_outlines().items():
        parts = []
        for ring in country.rings:
            points = [project(lon, lat) for lon, lat in unwrapped(ring)]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
        paths[iso3] = "".join(parts)
    return paths


def _blue(share: float) -> str:
    """From a pale to a deep blue as ``share`` goes from 0 to 1."""
    low, high = (0xd6, 0xe6, 0xf4), (0x08, 0x30, 0x6b)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(low, high,
                                                                               strict=True))


def _diverging(goldstein: float) -> str:
    """Red for -10, grey for 0, green for +10."""
    share = max(-1.0, min(1.0, goldstein / 10.0))
    middle = (0xbd, 0xbd, 0xbd)
    end = (0xb2, 0x18, 0x2b) if share < 0 else (0x1a, 0x98, 0x50)
    return "#" + "".join(f"{round(a + (b - a) * abs(share)):02x}"
                         for a, b in zip(middle, end, strict=True))


def world_map(countries: Iterable[Mapping[str, Any]], places: Iterable[Mapping[str, Any]],
              measure: str = "events") -> WorldMap:
    """The map of :func:`attache.query.map_counts` rows: ``countries`` (``country``,
    ``events``, ``mean_goldstein``) shaded by ``measure`` (``events`` or ``goldstein``),
    ``places`` (``name``, ``country``, ``latitude``, ``longitude``, ``events``) as points."""
    by_country = {row["country"]: row for row in countries}
    peak = max((int(row["events"]) for row in by_country.values()), default=0)
    shapes = []
    outlines = world_outlines()
    for iso3, path in country_paths().items():
        row = by_country.get(iso3)
        events = int(row["events"]) if row else 0
        mean = row.get("mean_goldstein") if row else None
        if not events:
            fill = NO_DATA
        elif measure == "goldstein" and mean is not None:
            fill = _diverging(float(mean))
        else:
            fill = _blue(0.25 + 0.75 * math.log1p(events) / math.log1p(max(peak, 1)))
        shapes.append(MapCountry(iso3, outlines[iso3].name, path, fill, events, mean))
    points = []
    place_rows = list(places)
    place_peak = max((int(row["events"]) for row in place_rows), default=1)
    for row in place_rows:
        x, y = project(float(row["longitude"]), float(row["latitude"]))
        radius = 2.0 + 6.0 * math.sqrt(int(row["events"]) / place_peak)
        points.append(MapPoint(row["name"], row.get("country"), x, y, radius,
                               int(row["events"])))
    return WorldMap(WIDTH, HEIGHT, shapes, points, measure, peak)
