"""The API's request and response schemas (they make the OpenAPI document).

Rows mirror what :mod:`attache.query` returns; a whole article is the
:class:`attache.model.CodedArticle` dataclass itself, so its schema cannot drift from the
records. Offsets (``start``/``end``) are character offsets into the article text, end
exclusive.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from attache.ingest.articles import FIELD_LIMITS
from attache.model import CodedArticle

Item = TypeVar("Item")


Mentions = Annotated[int, Field(description="The event records behind them (several "
                                "articles reporting one event are one event, several mentions).")]

class Page(BaseModel, Generic[Item]):
    """One page of a list: ask again with ``offset=next_offset`` for the next one."""

    items: list[Item]
    limit: int = Field(description="The page size asked for.")
    offset: int = Field(description="How many items were skipped.")
    next_offset: int | None = Field(
        description="The offset of the next page; null on the last page."
    )


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(
        description="An attache error code (E011...) or a short name: invalid_parameter, "
        "invalid_body, invalid_json, not_found, method_not_allowed, unauthorized, "
        "writes_disabled, body_too_large, unsupported_media_type, internal_error..."
    )
    message: str = Field(description="What went wrong, for a person.")
    details: list[dict] = Field(
        description="For validation errors: one item per problem (location, message, type)."
    )


class ErrorBody(BaseModel):
    """Every 4xx and 5xx response has this shape."""

    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok"]
    version: str = Field(description="The attache version serving.")
    schema_version: int = Field(description="The store schema version.")
    articles: int = Field(description="Articles in the store.")
    writes: bool = Field(description="Whether POST /api/articles is enabled (a token is set).")


class EventRow(BaseModel):
    """One event as :func:`attache.query.find_events` lists it."""

    model_config = ConfigDict(extra="ignore")

    article_id: str
    published: str | None = Field(description="The article's publication date (ISO).")
    sentence_index: int
    start: int = Field(description="Start of the evidence sentence in the article text.")
    end: int = Field(description="End of the evidence sentence (exclusive).")
    evidence_text: str = Field(description="The sentence the event was coded from.")
    source_code: str | None = Field(description="CAMEO actor code of the source.")
    source_country: str | None
    source_text: str | None = Field(description="The words naming the source.")
    target_code: str | None
    target_country: str | None
    target_text: str | None
    cameo_code: str = Field(description="CAMEO event code, a string ('0431').")
    root_code: str
    quad_class: int = Field(description="1 verbal coop., 2 material coop., 3 verbal "
                            "conflict, 4 material conflict.")
    goldstein: float
    plover_type: str | None
    plover_mode: str | None
    modality: str = Field(description="asserted, negated or hypothetical.")
    pattern: str = Field(description="The verb dictionary line (file:line) that matched "
                         "('' when an event rule made the reading).")
    event_rule: str | None = Field(description="The event rule that rewrote the code "
                                   "(rule:intent, rule:refusal...), if any.")
    cluster_id: str | None = Field(description="The event this record reports: records of "
                                   "one event in several articles share it.")
    seq: int = Field(description="The event's position in its article (/articles/ID#"
                                 "span-event-SEQ shows it).")
    dead: int | None = Field(description="People killed in the event, as the text counts.")
    injured: int | None
    arrested: int | None
    size: int | None = Field(description="The size of a crowd (a protest).")
    location_name: str | None = Field(description="Where it happened.")
    location_country_iso3: str | None
    location_precision: str | None = Field(description="place, admin1, country or region: "
                                           "what the coordinates stand for.")
    location_latitude: float | None
    location_longitude: float | None
    title: str | None
    url: str | None


class ArticleFields(BaseModel):
    """What every listed article shows of itself."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None


class ArticleRow(ArticleFields):
    events: int = Field(description="Plain (asserted) events.")
    all_events: int = Field(description="Events of every modality.")
    discarded: str | None = Field(description="Why the coder skipped the article, if it did.")


class ActorRow(BaseModel):
    code: str
    name: str | None = Field(description="The code in words (IRN: Iran; USAGOV: United "
                                         "States government).")
    events: int = Field(description="Plain events with this code on either side.")
    mentions: Mentions
    articles: int = Field(description="Articles holding such events.")


class TopActorRow(BaseModel):
    actor: str
    events: int
    mentions: Mentions


class DyadRow(BaseModel):
    source: str
    target: str
    events: int
    mentions: Mentions
    mean_goldstein: float


class PlaceRow(BaseModel):
    country: str | None = Field(description="ISO 3166 alpha-3; null for a region.")
    place: str | None = Field(description="The place's name; null when counting countries.")
    geonames_id: int | None = Field(description="The GeoNames id, where the place has one.")
    events: int
    mentions: Mentions


class SeriesRow(BaseModel):
    period: str = Field(description="2020, 2020-01 or 2020-01-31.")
    events: int
    mentions: Mentions
    mean_goldstein: float | None = Field(description="None in a period without events.")
    quad1: int
    quad2: int
    quad3: int
    quad4: int


class NameCount(BaseModel):
    text: str
    count: int


class DatedCodeOut(BaseModel):
    code: str
    start: str | None = Field(description="First day the code applies (ISO), or null.")
    end: str | None = Field(description="Last day the code applies (ISO), or null.")


class Role(BaseModel):
    name: str = Field(description="The dictionary entry's name.")
    source: str = Field(description="Where it is defined: file:line.")
    mentions: int = Field(description="Stored mentions coded from this entry.")
    codes: list[DatedCodeOut] = Field(description="Every code of the entry, with its dates.")


class Partner(BaseModel):
    actor: str
    events: int
    mentions: Mentions
    mean_goldstein: float


class ActorProfile(BaseModel):
    code: str
    country: str
    events: int
    mentions: Mentions
    articles: int
    names: list[NameCount]
    roles: list[Role]
    top_partners: list[Partner]
    recent_events: list[EventRow]


class RecordFields(BaseModel):
    """Where a listed quote or quantity stands: its article and its evidence sentence."""

    article_id: str
    seq: int
    published: str | None
    title: str | None
    sentence_index: int
    start: int
    end: int
    evidence_text: str


class QuoteRow(RecordFields):
    seq: int = Field(description="The quote's position in its article's list.")
    content_start: int
    content_end: int
    content: str | None = Field(description="The quoted words.")
    speaker_code: str | None
    speaker_text: str | None
    reporting_verb: str | None
    direct: bool
    chain: list[str] = Field(description="Who relayed the statement, nearest first.")


class QuantityRow(RecordFields):
    value: float
    unit: str
    kind: str
    measures: str | None
    year: int | None
    actors: list[str]


class SearchArticle(ArticleFields):
    snippet: str = Field(description="Article text around the first hit.")
    snippet_start: int = Field(description="Offset of the snippet in the article text.")
    match_start: int | None = Field(description="Offset of the hit; null: the title matched.")
    match_end: int | None


class SearchResult(BaseModel):
    articles: list[SearchArticle]
    events: list[EventRow]
    limit: int
    offset: int


class TopList(BaseModel, Generic[Item]):
    items: list[Item]


class Series(BaseModel):
    a: str
    b: str
    by: str
    both_directions: bool
    items: list[SeriesRow]


class ArticleInput(BaseModel):
    """An article to code and store (the fields of a JSON Lines input line)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article text.")
    id: str | None = Field(default=None, min_length=1, max_length=FIELD_LIMITS["id"],
                           description="The article id (default: derived from the text).")
    title: str | None = Field(default=None, max_length=FIELD_LIMITS["title"])
    published: date | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    source: str | None = Field(default=None, max_length=FIELD_LIMITS["source"])
    url: str | None = Field(default=None, max_length=FIELD_LIMITS["url"])


class Stored(BaseModel):
    status: Literal["inserted", "unchanged", "replaced"]
    article: CodedArticle
