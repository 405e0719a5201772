"""Every record type attache produces, in one place.

The :class:`Article` owns the text. Every other record points into it by character offsets
(``start``/``end``, end exclusive, offsets into ``Article.text``) and names the sentence it
came from and the rule or dictionary entry that produced it, so each item can explain itself.
Records are plain frozen dataclasses: they pickle, cross process boundaries and serialise to
JSON without any spaCy object attached.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One news story as it came in: the text every offset refers to."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a record comes from: the span of article text and the rule that produced it.

    ``rule`` names a dictionary entry as ``file:line`` (e.g.
    ``Phoenix.Countries.actors.txt:39797``) or a coder rule as ``rule:name``.
    """

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names (or refers back to) an actor.

    ``kind`` is ``actor`` (dictionary actor), ``agent`` (a role noun such as "foreign
    minister"), ``composite`` (actor + agent, "Russian foreign minister"), or ``reference``
    (a pronoun or short name resolved to an earlier mention) or ``unknown`` (a named person,
    organisation or group the dictionaries do not know; code ``---``, never an event actor).
    """

    evidence: Evidence
    kind: str
    code: str
    entry: str
    antecedent: tuple[int, int] | None = None


#: Organisation prefixes that the actor dictionaries may follow with the organisation's home
#: country ("MNCBRA": a Brazilian company; "NGOUSAHRI"); after "IGO" comes the organisation.
HOME_COUNTRY_PREFIXES = frozenset({"MNC", "NGO", "NGM"})


def actor_country(code: str) -> str:
    """The country part of an actor code: a company's or an NGO's home country when its code
    names one (non-state actors carry their country's code), else the first three letters,
    the country, IGO or region part."""
    if code[:3] in HOME_COUNTRY_PREFIXES and len(code) >= 6:
        from attache.events.tables import country_codes  # the country table, read when needed

        if code[3:6] in country_codes():
            return code[3:6]
    return code[:3]


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved participant of an event: its CAMEO code and the mention it came from."""

    code: str
    mention: Mention

    @property
    def country(self) -> str:
        """The country part of the code (:func:`actor_country`)."""
        return actor_country(self.code)


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: who did what to whom, with its CAMEO and PLOVER reading.

    ``modality`` is ``asserted`` for a plain event; ``negated`` ("did not agree") and
    ``hypothetical`` ("may attack", "if ... would") events are kept for inspection but are
    never counted as plain events. ``pattern`` is the verb dictionary line (``file:line``)
    that gave the code ("" when an event rule made the reading), ``rule`` the event rule
    (:mod:`attache.events.rules`, ``rule:intent``) that rewrote it, if any.
    ``clause_depth`` counts the steps from the verb to the root of the sentence's parse (0:
    the main verb), so the main event of a sentence can be told from the ones in its
    subordinate clauses.

    ``date`` is when the event happened (ISO ``2019-03-12``, ``2019-03``, ``2019`` or a
    decade ``195X``); ``date_basis`` says how it was obtained: ``explicit`` (a date in the
    clause), ``relative`` ("on Monday", resolved against the publication date), ``story``
    (no date in the clause: the date the story last named, "filed on Monday. ... said"),
    ``publication`` (the publication date) or ``none``.
    ``background`` marks history ("have had relations since the 1950s", "has purchased"),
    not a new event of that day. ``location`` is the place where it happened.
    ``dead``, ``injured``, ``arrested`` and ``size`` (a crowd's) are the counts of people
    the text gives for this event (:mod:`attache.attributes.casualties`), None when none.
    """

    evidence: Evidence
    verb_start: int
    verb_end: int
    source: Actor | None
    target: Actor | None
    cameo_code: str
    root_code: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    plover_mode: str | None
    modality: str = "asserted"
    pattern: str = ""
    rule: str | None = None
    clause_depth: int = 0
    date: str | None = None
    date_basis: str = "none"
    background: bool = False
    location: Place | None = None
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    size: int | None = None

    @property
    def is_plain(self) -> bool:
        return self.modality == "asserted"


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or indirect statement with its speaker and relay chain (filled by attributes)."""

    evidence: Evidence
    content_start: int
    content_end: int
    speaker: Actor | None
    reporting_verb: str | None
    direct: bool
    chain: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A temporal expression and its normalised value.

    ``value``: ISO ``2019-03-12`` / ``2019-03`` / ``2019``, a decade ``195X``, or None when it
    cannot be resolved (a relative date with no publication date is never guessed).
    ``resolution``: ``absolute``, ``relative`` (resolved against the publication date) or
    ``unresolved``. ``background``: it sets the scene in the past ("since the 1950s").
    """

    evidence: Evidence
    value: str | None
    resolution: str
    background: bool = False


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount and what it measures.

    ``kind``: ``money`` (``unit`` an ISO currency, ``value`` in units: $2.7 billion ->
    2.7e9 USD), ``people`` (killed, injured, protesters, troops: ``unit`` says which),
    ``measure`` (a physical amount: ``unit`` "tonne", "km"...), ``percent`` (``unit`` "%")
    or ``count``. ``measures`` names the subject (``bilateral trade``, ``arms deal``, ``aid``),
    ``actors`` the CAMEO codes of the actors it concerns, ``year`` the year it refers to,
    ``event_verb`` the ``verb_start`` of the event whose casualties or size it gives.
    """

    evidence: Evidence
    value: float
    unit: str
    kind: str = "count"
    measures: str | None = None
    year: int | None = None
    actors: tuple[str, ...] = ()
    event_verb: int | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A place name resolved offline to a country (and finer where the gazetteer knows it).

    ``kind``: ``country``, ``admin1``, ``city``, ``region`` (a CAMEO region: "Middle East")
    or ``unresolved`` (a name that reads as a place but that the gazetteer cannot place: no
    country, no coordinates, never an event's location); ``dateline`` marks the place a
    story was filed from ("Moscow, MINA -"). ``latitude``/``longitude`` are the city's own,
    or the centroid of the division or country (see :attr:`precision`).
    """

    evidence: Evidence
    name: str
    country_iso3: str | None
    cameo_code: str | None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    kind: str = "city"
    dateline: bool = False

    @property
    def precision(self) -> str | None:
        """What the coordinates stand for, as ACLED's geo-precision: ``place`` (the place
        itself), ``admin1`` or ``country`` (their centroid), ``region`` (none); None for an
        unresolved name."""
        return PLACE_PRECISION.get(self.kind)


#: Place kind -> precision (:attr:`Place.precision`).
PLACE_PRECISION = {"city": "place", "admin1": "admin1", "country": "country",
                   "region": "region"}


@dataclass(frozen=True, slots=True)
class Equipment:
    """Military equipment or another tracked thing ("Su-35 fighter jets", "Mi-17
    helicopters"), with its ``category`` (aircraft, helicopter, missile, ship, vehicle,
    weapon) and the events it is mentioned with (their verb offsets)."""

    evidence: Evidence
    name: str
    category: str
    event_verbs: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejection:
    """An article (or input line) attache could not code, and why.

    ``location`` names the input position (``file:line``) when the article came from a file.
    """

    article_id: str | None
    code: str
    message: str
    location: str | None = None


@dataclass(slots=True)
class CodedArticle:
    """Everything attache found in one article."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    equipment: list[Equipment] = field(default_factory=list)
    discarded: str | None = None
    #: the dictionary set that coded the article (its content hash, ``Dictionaries.version``)
    dictionaries: str | None = None
    #: records of stages outside attache, by the name their stage gives them (serialised
    #: with the rest, not stored: see "The pipeline" in docs/coding.md)
    extensions: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def plain_events(self) -> list[Event]:
        return [event for event in self.events if event.is_plain]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return _jsonable(dataclasses.asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
