"""An article's text cut into pieces at every record boundary, for highlighting.

Records overlap (an event's verb sits inside a quote, an actor mention inside a place
name), so the text is cut at every start and end offset and each piece lists the records
covering it. The page escapes each piece on its own and wraps it in one link to its
innermost record; nothing of the text is ever rendered as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from attache.model import CodedArticle, Mention

KINDS = ("event", "actor", "quote", "date", "quantity", "place", "equipment")
"""The kinds of highlighted record, in the order the record lists are shown."""

_PRIORITY = {kind: rank for rank, kind in enumerate(
    ("event", "actor", "date", "quantity", "equipment", "place", "quote")
)}  # fmt: skip
"""Which record a piece links to when two of the same length cover it."""


@dataclass(frozen=True)
class Mark:
    """One record's span of text: ``ref`` names it on the page (``event-3`` is
    ``CodedArticle.events[3]``), ``label`` is the short tooltip."""

    ref: str
    kind: str
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Piece:
    """A stretch of text no record boundary falls inside."""

    start: int
    text: str
    marks: tuple[Mark, ...]
    """The records covering it, innermost first."""
    anchors: tuple[str, ...]
    """The page ids placed where it starts: ``span-<ref>`` for each record starting here
    (what a record's "in the text" link points at), and any extra anchors asked for."""

    @property
    def link(self) -> str | None:
        return self.marks[0].ref if self.marks else None

    @property
    def classes(self) -> str:
        kinds = dict.fromkeys(mark.kind for mark in self.marks)
        return " ".join(["hl", *(f"k-{kind}" for kind in kinds)])

    @property
    def refs(self) -> str:
        return " ".join(mark.ref for mark in self.marks)

    @property
    def title(self) -> str:
        return "; ".join(mark.label for mark in self.marks)


def _mention_label(mention: Mention) -> str:
    return f"actor {mention.code} ({mention.kind})"


def _evidence_marks(kind: str, records: Sequence[Any], label: Callable[[Any], str]
                    ) -> list[Mark]:
    """A mark over each record's evidence span, ``ref`` ``<kind>-<index>``."""
    return [Mark(f"{kind}-{index}", kind, record.evidence.start, record.evidence.end,
                 label(record)) for index, record in enumerate(records)]


def marks(coded: CodedArticle) -> list[Mark]:
    """The highlighted span of every record: an event's verb, an actor mention, a quote's
    content, a date, a quantity, a place, a piece of equipment."""
    found: list[Mark] = []
    for index, event in enumerate(coded.events):
        start, end = event.verb_start, event.verb_end
        if not start < end:
            start, end = event.evidence.start, event.evidence.end
        source = event.source.code if event.source else "?"
        target = event.target.code if event.target else "?"
        found.append(
            Mark(f"event-{index}", "event", start, end,
                 f"event {event.cameo_code} {source} \u2192 {target}")  # fmt: skip
        )
    found += _evidence_marks("actor", coded.mentions, _mention_label)
    for index, quote in enumerate(coded.quotes):
        start, end = quote.content_start, quote.content_end
        if not start < end:
            start, end = quote.evidence.start, quote.evidence.end
        speaker = quote.speaker.code if quote.speaker else "unknown speaker"
        found.append(Mark(f"quote-{index}", "quote", start, end, f"quote of {speaker}"))
    evidenced: tuple[tuple[str, Sequence[Any], Callable[[Any], str]], ...] = (
        ("date", coded.dates, lambda expression: f"date {expression.value or 'unresolved'}"),
        ("quantity", coded.quantities,
         lambda quantity: f"quantity {quantity.value:g} {quantity.unit}"),
        ("place", coded.places, lambda place: f"place {place.name} ({place.country_iso3 or '?'})"),
        ("equipment", coded.equipment, lambda item: f"equipment {item.name} ({item.category})"),
    )
    for kind, records, label in evidenced:
        found += _evidence_marks(kind, records, label)
    return found


def pieces(
    text: str, spans: Iterable[Mark], anchors: Mapping[int, str] | None = None
) -> list[Piece]:
    """``text`` cut at every mark boundary; marks outside the text or empty are dropped.
    ``anchors`` maps offsets to extra page ids (``sentence-2``) to place there."""
    spans = [mark for mark in spans if 0 <= mark.start < mark.end <= len(text)]
    anchors = {at: name for at, name in (anchors or {}).items() if 0 <= at < len(text)}
    cuts = sorted({0, len(text), *anchors, *(m.start for m in spans), *(m.end for m in spans)})
    starting: dict[int, list[Mark]] = {}
    for mark in spans:
        starting.setdefault(mark.start, []).append(mark)
    active: list[Mark] = []
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        active = [mark for mark in active if mark.end > start]
        opened = starting.get(start, [])
        active.extend(opened)
        covering = sorted(
            active, key=lambda m: (m.end - m.start, _PRIORITY[m.kind], m.start, m.ref)
        )
        ids = ([anchors[start]] if start in anchors else []) + [f"span-{m.ref}" for m in opened]
        out.append(Piece(start, text[start:end], tuple(covering), tuple(ids)))
    return out


def mention_refs(coded: CodedArticle) -> dict[tuple[int, int], str]:
    """(start, end) of each mention -> its ref, so an event or quote can link to the
    mention its actor came from."""
    refs: dict[tuple[int, int], str] = {}
    for index, mention in enumerate(coded.mentions):
        refs.setdefault((mention.evidence.start, mention.evidence.end), f"actor-{index}")
    return refs
