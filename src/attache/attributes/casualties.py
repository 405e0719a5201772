"""Casualties and sizes: counts of people linked to the event they describe.

A count of people (:mod:`attache.attributes.quantities`, ``kind="people"``) whose unit says
what happened to them (``killed``, ``injured``, ``arrested``) or how many took part
(``protesters``; ``people`` too when the event is a protest) describes the conflict event
(quad class 3 or 4) of the clause it is counted in:

1. the event whose verb the count hangs on ("Gunmen killed 12 civilians", "At least 35
   people were killed in the attack", "5,000 people protested");
2. else the event of a clause the count's verb depends on, up to :data:`CLAUSE_STEPS`
   clauses up ("attacked a mosque, killing 20 people": the attack killed them; "the bombing,
   which killed 35");
3. else the event whose object (target mention) holds the count ("detained 40 of the
   protesters").

The event gets the number in :data:`SIZE_FIELDS` (``dead``, ``injured``, ``arrested``,
``size``; the largest when several counts of one kind describe it: "12 people, including
three children"), and the quantity names the event it describes (``event_verb``, the
event's ``verb_start``), so each number can be traced back to its words.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Event, Quantity
from ..nlp import ParsedUnit
from ..nlp.syntax import CLAUSE_DEPS, nearest_verb
from .quantities import VERB_REACH

#: Quantity unit -> the event field it fills.
SIZE_FIELDS = {"killed": "dead", "injured": "injured", "arrested": "arrested",
               "protesters": "size"}
#: CAMEO root code of protests: a plain count of people taking part is the crowd's size.
PROTEST_ROOT = "14"
#: Quad classes of the events counts of people describe: verbal (a protest) and material
#: conflict. A statement that reports deaths ("reports sixteen deaths") is not their event.
CONFLICT_QUADS = frozenset({3, 4})
#: How many clauses up from the count's verb an event may be (the count's own clause first).
CLAUSE_STEPS = 2


def size_field(quantity: Quantity, event: Event) -> str | None:
    """The event field a quantity fills, or None when it describes nothing of the event."""
    if quantity.kind != "people" or event.quad_class not in CONFLICT_QUADS:
        return None
    if quantity.unit == "people" and event.root_code == PROTEST_ROOT:
        return "size"
    return SIZE_FIELDS.get(quantity.unit)


def link_sizes(unit: ParsedUnit, events: list[Event], quantities: list[Quantity]
               ) -> tuple[list[Event], list[Quantity]]:
    """``events`` with their sizes set and ``quantities`` with ``event_verb`` set, for the
    quantities of this paragraph (see the module docstring). Both lists keep their order."""
    by_verb: dict[int, list[int]] = {}  # verb token -> indexes into events
    for number, event in enumerate(events):
        if not unit.contains(event.verb_start):
            continue
        span = unit.span(event.verb_start, event.verb_end)
        if span is not None and len(span):
            by_verb.setdefault(span.root.i, []).append(number)
    sizes: dict[int, dict[str, int]] = {}
    linked = []
    for quantity in quantities:
        number = _event_of(unit, quantity, events, by_verb)
        field = None if number is None else size_field(quantity, events[number])
        if field is None:
            linked.append(quantity)
            continue
        found = sizes.setdefault(number, {})
        found[field] = max(found.get(field, 0), round(quantity.value))
        linked.append(replace(quantity, event_verb=events[number].verb_start))
    updated = [replace(event, **sizes[number]) if number in sizes else event
               for number, event in enumerate(events)]
    return updated, linked


def _event_of(unit: ParsedUnit, quantity: Quantity, events: list[Event],
              by_verb: dict[int, list[int]]) -> int | None:
    if quantity.kind != "people" or not unit.contains(quantity.evidence.start):
        return None
    span = unit.span(quantity.evidence.start, quantity.evidence.end)
    if span is None or not len(span):
        return None
    token = nearest_verb(span.root, VERB_REACH)
    steps = 0
    while token is not None and steps <= CLAUSE_STEPS:
        if token.i in by_verb:
            return _best(by_verb[token.i], events, quantity)
        if token.dep_ not in CLAUSE_DEPS or token.head.i == token.i:
            break
        token = token.head  # a verb, or the noun a relative clause describes
        steps += 1
    for number, event in enumerate(events):
        target = event.target
        if target is not None and unit.contains(event.verb_start) \
                and target.mention.evidence.start <= quantity.evidence.start \
                and quantity.evidence.end <= target.mention.evidence.end:
            return number
    return None


def _best(numbers: list[int], events: list[Event], quantity: Quantity) -> int:
    """Of the events of one verb, the first plain one that the quantity sizes."""
    fitting = [number for number in numbers if size_field(quantity, events[number])]
    plain = [number for number in fitting if events[number].is_plain]
    return (plain or fitting or numbers)[0]
