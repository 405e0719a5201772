"""Records <-> table rows: how each record type of :mod:`attache.model` is flattened.

Each per-article table row is a dict keyed by column name (see ``data/store/schema.sql``).
An actor becomes prefixed columns (``source_code``, ``source_text``, ...); an evidence span
becomes ``sentence_index``, ``start``, ``end``, ``evidence_text`` and ``rule``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from attache.dedup.clusters import event_day
from attache.ingest.articles import content_hash
from attache.model import (
    Actor,
    CodedArticle,
    DateExpression,
    Equipment,
    Event,
    Evidence,
    Mention,
    Place,
    Quantity,
    Quote,
    Rejection,
    Sentence,
)

Row = dict[str, Any]


def _evidence_columns(prefix: str) -> tuple[str, ...]:
    """The columns of an evidence span: a record's own, or those of the actor or place
    flattened into ``<prefix>_*`` columns (its text in ``<prefix>_text``)."""
    if not prefix:
        return ("sentence_index", "start", "end", "evidence_text", "rule")
    return tuple(f"{prefix}_{name}" for name in ("sentence_index", "start", "end", "text", "rule"))


def _evidence_row(evidence: Evidence, prefix: str = "") -> Row:
    values = (evidence.sentence_index, evidence.start, evidence.end, evidence.text, evidence.rule)
    return dict(zip(_evidence_columns(prefix), values, strict=True))


def _evidence(row: Mapping[str, Any], article_id: str, prefix: str = "") -> Evidence:
    return Evidence(article_id, *(row[column] for column in _evidence_columns(prefix)))


def _antecedent(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


def _actor_row(prefix: str, actor: Actor | None) -> Row:
    if actor is None:
        names = (
            "code country text start end entry kind mention_code rule sentence_index "
            "antecedent_start antecedent_end"
        ).split()
        return {f"{prefix}_{name}": None for name in names}
    mention = actor.mention
    antecedent = mention.antecedent or (None, None)
    return {
        f"{prefix}_code": actor.code,
        f"{prefix}_country": actor.country,
        **_evidence_row(mention.evidence, prefix),
        f"{prefix}_entry": mention.entry,
        f"{prefix}_kind": mention.kind,
        f"{prefix}_mention_code": mention.code,
        f"{prefix}_antecedent_start": antecedent[0],
        f"{prefix}_antecedent_end": antecedent[1],
    }


def _actor(row: Mapping[str, Any], prefix: str, article_id: str) -> Actor | None:
    if row[f"{prefix}_code"] is None:
        return None
    mention = Mention(
        _evidence(row, article_id, prefix),
        row[f"{prefix}_kind"],
        row[f"{prefix}_mention_code"],
        row[f"{prefix}_entry"],
        _antecedent(row[f"{prefix}_antecedent_start"], row[f"{prefix}_antecedent_end"]),
    )
    return Actor(row[f"{prefix}_code"], mention)


def _sentence_row(sentence: Sentence, published: str | None) -> Row:
    return {
        "sentence_index": sentence.index,
        "start": sentence.start,
        "end": sentence.end,
        "text": sentence.text,
    }


def _sentence_record(row: Mapping[str, Any], article_id: str) -> Sentence:
    return Sentence(article_id, row["sentence_index"], row["start"], row["end"], row["text"])


def _mention_row(mention: Mention, published: str | None) -> Row:
    antecedent = mention.antecedent or (None, None)
    return {
        **_evidence_row(mention.evidence),
        "kind": mention.kind,
        "code": mention.code,
        "entry": mention.entry,
        "antecedent_start": antecedent[0],
        "antecedent_end": antecedent[1],
    }


def _mention_record(row: Mapping[str, Any], article_id: str) -> Mention:
    return Mention(
        _evidence(row, article_id),
        row["kind"],
        row["code"],
        row["entry"],
        _antecedent(row["antecedent_start"], row["antecedent_end"]),
    )


def _event_row(event: Event, published: str | None) -> Row:
    return {
        **_evidence_row(event.evidence),
        **_actor_row("source", event.source),
        **_actor_row("target", event.target),
        **{name: getattr(event, name) for name in _EVENT_FIELDS},
        "event_rule": event.rule,
        "background": int(event.background),
        **_location_row(event.location),
        "published": published,
        "cluster_id": None,  # the SQLite store links clusters as it writes (dedup.sqlite)
        "day": event_day(event.date, published),
        **{name: getattr(event, name) for name in SIZE_COLUMNS},
    }


def _event_record(row: Mapping[str, Any], article_id: str) -> Event:
    return Event(
        evidence=_evidence(row, article_id),
        source=_actor(row, "source", article_id),
        target=_actor(row, "target", article_id),
        rule=row["event_rule"],
        background=bool(row["background"]),
        location=_location(row, article_id),
        **{name: row[name] for name in (*_EVENT_FIELDS, *SIZE_COLUMNS)},
    )


_EVENT_FIELDS = ("verb_start", "verb_end", "cameo_code", "root_code", "quad_class", "goldstein",
                 "plover_type", "plover_mode", "modality", "pattern", "clause_depth", "date",
                 "date_basis")
"""The event fields stored as they are, each in the column of its name."""

SIZE_COLUMNS = ("dead", "injured", "arrested", "size")
"""The counts of people an event carries (:mod:`attache.attributes.casualties`)."""


_PLACE_FIELDS = ("name", "country_iso3", "cameo_code", "admin1", "latitude", "longitude",
                 "geonames_id", "kind")


def _location_row(place: Place | None) -> Row:
    """An event's place, flattened into ``location_*`` columns (all NULL when unknown)."""
    if place is None:
        names = (*_PLACE_FIELDS, "dateline", "sentence_index", "start", "end", "text", "rule",
                 "precision")
        return {f"location_{name}": None for name in names}
    return {
        **{f"location_{name}": getattr(place, name) for name in _PLACE_FIELDS},
        "location_dateline": int(place.dateline),
        **_evidence_row(place.evidence, "location"),
        "location_precision": place.precision,
    }


def _location(row: Mapping[str, Any], article_id: str) -> Place | None:
    if row["location_name"] is None:
        return None
    return Place(_evidence(row, article_id, "location"), dateline=bool(row["location_dateline"]),
                 **{name: row[f"location_{name}"] for name in _PLACE_FIELDS})


def _quote_row(quote: Quote, published: str | None) -> Row:
    return {
        **_evidence_row(quote.evidence),
        "content_start": quote.content_start,
        "content_end": quote.content_end,
        **_actor_row("speaker", quote.speaker),
        "reporting_verb": quote.reporting_verb,
        "direct": int(quote.direct),
        "chain": json.dumps(list(quote.chain), ensure_ascii=False),
    }


def _quote_record(row: Mapping[str, Any], article_id: str) -> Quote:
    return Quote(
        evidence=_evidence(row, article_id),
        content_start=row["content_start"],
        content_end=row["content_end"],
        speaker=_actor(row, "speaker", article_id),
        reporting_verb=row["reporting_verb"],
        direct=bool(row["direct"]),
        chain=tuple(json.loads(row["chain"])),
    )


def _date_row(expression: DateExpression, published: str | None) -> Row:
    return {
        **_evidence_row(expression.evidence),
        "value": expression.value,
        "resolution": expression.resolution,
        "background": int(expression.background),
    }


def _date_record(row: Mapping[str, Any], article_id: str) -> DateExpression:
    return DateExpression(
        _evidence(row, article_id), row["value"], row["resolution"], bool(row["background"])
    )


def _quantity_row(quantity: Quantity, published: str | None) -> Row:
    return {
        **_evidence_row(quantity.evidence),
        **{name: getattr(quantity, name) for name in _QUANTITY_FIELDS},
        "actors": json.dumps(list(quantity.actors)),
    }


def _quantity_record(row: Mapping[str, Any], article_id: str) -> Quantity:
    return Quantity(_evidence(row, article_id), actors=tuple(json.loads(row["actors"])),
                    **{name: row[name] for name in _QUANTITY_FIELDS})


_QUANTITY_FIELDS = ("value", "unit", "kind", "measures", "year", "event_verb")
"""The quantity fields stored as they are, each in the column of its name."""


def _place_row(place: Place, published: str | None) -> Row:
    return {
        **_evidence_row(place.evidence),
        **{name: getattr(place, name) for name in _PLACE_FIELDS},
        "dateline": int(place.dateline),
        "precision": place.precision,
    }


def _place_record(row: Mapping[str, Any], article_id: str) -> Place:
    return Place(
        evidence=_evidence(row, article_id),
        dateline=bool(row["dateline"]),
        **{name: row[name] for name in _PLACE_FIELDS},
    )


def _equipment_row(item: Equipment, published: str | None) -> Row:
    return {
        **_evidence_row(item.evidence),
        "name": item.name,
        "category": item.category,
        "event_verbs": json.dumps(list(item.event_verbs)),
    }


def _equipment_record(row: Mapping[str, Any], article_id: str) -> Equipment:
    return Equipment(_evidence(row, article_id), row["name"], row["category"],
                     tuple(json.loads(row["event_verbs"])))


@dataclass(frozen=True)
class Table:
    """One per-article table: its name, the CodedArticle list it holds, and the converters."""

    name: str
    attribute: str
    to_row: Callable[[Any, str | None], Row]
    to_record: Callable[[Mapping[str, Any], str], Any]

    def records(self, coded: CodedArticle) -> list[Any]:
        return getattr(coded, self.attribute)

    def rows(self, coded: CodedArticle) -> list[Row]:
        """The table's rows for one article, keyed ``(article_id, seq)`` as stored."""
        published = published_text(coded)
        return [
            {"article_id": coded.article.id, "seq": seq, **self.to_row(record, published)}
            for seq, record in enumerate(self.records(coded))
        ]


TABLES: tuple[Table, ...] = (
    Table("sentences", "sentences", _sentence_row, _sentence_record),
    Table("mentions", "mentions", _mention_row, _mention_record),
    Table("events", "events", _event_row, _event_record),
    Table("quotes", "quotes", _quote_row, _quote_record),
    Table("dates", "dates", _date_row, _date_record),
    Table("quantities", "quantities", _quantity_row, _quantity_record),
    Table("places", "places", _place_row, _place_record),
    Table("equipment", "equipment", _equipment_row, _equipment_record),
)
"""Every per-article table, in the order they are written and read."""


def published_text(coded: CodedArticle) -> str | None:
    """The article's publication date as stored: ISO ``YYYY-MM-DD`` or None."""
    published = coded.article.published
    return published.isoformat() if published else None


def utc_now() -> str:
    """A UTC ISO timestamp to the second, as stored in ``coded_at`` and ``seen_at``."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_row(coded: CodedArticle, *, attache_version: str, coded_at: str) -> Row:
    """The ``articles`` row of one coded article (the columns of ``schema.sql``)."""
    article = coded.article
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "published": published_text(coded),
        "source": article.source,
        "url": article.url,
        "content_hash": content_hash(article),
        "attache_version": attache_version,
        "coded_at": coded_at,
        "discarded": coded.discarded,
        "duplicate_of": None,  # the SQLite store links duplicates as it writes (dedup.sqlite)
        "duplicate_similarity": None,
        "dictionaries": coded.dictionaries,
    }


def rejection_row(rejection: Rejection, *, seen_at: str) -> Row:
    """The ``rejections`` row of one rejection (without the SQLite row ``id``)."""
    return {
        "article_id": rejection.article_id,
        "code": rejection.code,
        "message": rejection.message,
        "location": rejection.location,
        "seen_at": seen_at,
    }
