"""A codebook written next to an export: its columns and the codes its rows hold, each with
its name, so the file can be read without attache.

Columns are described from the store schema's own comments (``data/store/schema.sql``: one
home for what a column means); the code tables list every code the exported rows carry
(actors, CAMEO events, PLOVER types, quad classes, location countries and precisions) with
the names of :mod:`attache.query.names`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

_COLUMN = re.compile(r'^\s*"?(?P<name>[a-z_0-9]+)"?\s+[A-Z]+[^-]*?(?:--\s*(?P<note>.*))?$')


@lru_cache(maxsize=1)
def column_notes() -> dict[str, str]:
    """Column of the ``events`` table -> the schema's comment on it ("" when none)."""
    from attache.store.sqlite import schema_statements

    statement = next(text for text in schema_statements() if "CREATE TABLE events" in text)
    notes = {}
    for line in statement.splitlines()[1:]:
        match = _COLUMN.match(line)
        if match and match["name"] not in ("primary",):
            notes[match["name"]] = (match["note"] or "").strip()
    return notes


@dataclass
class CodesSeen:
    """The codes of the exported rows, gathered as they are written."""

    actors: set[str] = field(default_factory=set)
    cameo: set[str] = field(default_factory=set)
    plover: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    precisions: set[str] = field(default_factory=set)
    events: int = 0

    def watch(self, events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """``events``, unchanged, noting their codes."""
        for event in events:
            self.events += 1
            self.actors.update(code for code in (event.get("source_code"),
                                                 event.get("target_code")) if code)
            self.cameo.add(event["cameo_code"])
            if event.get("plover_type"):
                self.plover.add(event["plover_type"])
            if event.get("location_country_iso3"):
                self.countries.add(event["location_country_iso3"])
            if event.get("location_precision"):
                self.precisions.add(event["location_precision"])
            yield event


#: What the columns the schema does not comment on hold (the schema's comments win).
NOTES = {
    "article_id": "the article the event was coded from", "seq": "its position there",
    "sentence_index": "the sentence (0 first)", "start": "evidence start (character offset)",
    "end": "evidence end (exclusive)", "evidence_text": "the evidence sentence",
    "rule": "the rule that found the evidence", "verb_start": "the verb's offsets",
    "source_code": "CAMEO code of the actor who acts",
    "target_code": "CAMEO code of the actor acted on",
    "source_text": "the words naming the source", "target_text": "the words naming the target",
    "source_country": "country part of source_code (first three letters; a company's or "
                      "NGO's home country when its code names one)",
    "target_country": "country part of target_code, likewise",
    "attache_event_ids": "the stored events (dyads) this record of one act brings together",
    "root_code": "CAMEO root (01-20)", "quad_class": "see Quad classes",
    "goldstein": "Goldstein score, -10 (conflict) to +10 (cooperation)",
    "plover_type": "see PLOVER event types", "plover_mode": "PLOVER mode",
    "pattern": "verb dictionary line (file:line) that coded it",
    "location_name": "where it happened", "location_country_iso3": "its country",
    "location_latitude": "latitude (see location_precision)",
    "location_longitude": "longitude (see location_precision)",
    "location_kind": "country, admin1, city or region", "location_geonames_id": "GeoNames id",
    "cluster_id": "the event all reports of it share",
    "num_mentions": "event records of the cluster", "num_articles": "articles reporting it",
    "num_sources": "outlets reporting it", "source_name": "source_code in words",
    "target_name": "target_code in words", "cameo_name": "cameo_code in words",
    "plover_label": "plover_type in words", "location_country_name": "its country's name",
}

PRECISIONS = {"place": "the place itself (a city or town)",
              "admin1": "the centroid of a first-level division (province, state)",
              "country": "the centroid of the country's largest outline",
              "region": "a CAMEO region (Middle East): no coordinates"}


def write_codebook(path: Path, fmt: str, columns: list[tuple[str, str]], seen: CodesSeen
                   ) -> None:
    """Write the Markdown codebook of an export in format ``fmt`` with ``columns`` (name,
    type) to ``path``."""
    from attache.events.tables import QUAD_CLASS_NAMES
    from attache.query.names import actor_name, cameo_name, country_name, plover_label

    notes = {**NOTES, **{name: note for name, note in column_notes().items() if note}}
    lines = [f"# attache export codebook ({fmt})", "",
             f"{seen.events} events. Codes are CAMEO's (actors, events), PLOVER's (event "
             "types) and ISO 3166 alpha-3 (countries); names come from attache's tables."
             + (" The columns are GDELT 2.0's (see the GDELT 2.0 Event Codebook)."
                if fmt == "gdelt" else ""), "",
             "## Columns", "", "| column | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {kind} | {notes.get(name, '')} |" for name, kind in columns]
    tables = [
        ("Quad classes", {str(quad): name for quad, name in QUAD_CLASS_NAMES.items()}),
        ("Actor codes", {code: actor_name(code) for code in seen.actors}),
        ("CAMEO event codes", {code: cameo_name(code) for code in seen.cameo}),
        ("PLOVER event types", {code: plover_label(code) for code in seen.plover}),
        ("Location countries", {code: country_name(code) for code in seen.countries}),
        ("Location precisions", {code: PRECISIONS.get(code, "") for code in seen.precisions}),
    ]
    for title, codes in tables:
        lines += ["", f"## {title}", "", "| code | name |", "| --- | --- |"]
        lines += [f"| `{code}` | {name or ''} |" for code, name in sorted(codes.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
