"""The read endpoints: thin wrappers over :mod:`attache.query`.

Each request opens its own read-only store (``open_store(path, read_only=True)``, SQLite
``mode=ro``) and closes it when done, so a read can never write and readers never wait for
the writer (WAL). The handlers are plain functions: FastAPI runs them in its threadpool.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BeforeValidator

from attache import attache_version
from attache.errors import AttacheError, ErrorCode
from attache.export import NAME_COLUMNS, with_names
from attache.model import CodedArticle
from attache.query import (
    EVENT_COLUMNS,
    EventFilter,
    actor_profile,
    dyad_series,
    find_events,
    list_actors,
    list_articles,
    list_quantities,
    list_quotes,
    map_counts,
    search,
    top_actors,
    top_dyads,
    top_places,
)
from attache.query.catalog import MAX_CODE, MAX_PAGE, MAX_TEXT, QUANTITY_KINDS
from attache.query.events import SORT_ORDERS
from attache.query.names import actor_name, match_actors
from attache.server.errors import ApiError
from attache.server.models import (
    ActorProfile,
    ActorRow,
    ArticleRow,
    DyadRow,
    ErrorBody,
    EventRow,
    Health,
    Page,
    PlaceRow,
    QuantityRow,
    QuoteRow,
    SearchResult,
    Series,
    TopActorRow,
    TopList,
)
from attache.store.sqlite import SCHEMA_VERSION, Store

OpenReader = Callable[[], Store]

MAX_LIMIT = MAX_PAGE
"""The largest page (``limit``) a list endpoint returns."""

MAX_OFFSET = 1_000_000_000

READ_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter the library rejects (E011, E009)."},
    422: {"model": ErrorBody, "description": "A parameter of the wrong type or range."},
    503: {"model": ErrorBody, "description": "The store cannot be read (E010)."},
}

NOT_BLANK = (
    r"[^\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
    r"\u3000\ufeff]"
)
"""A text parameter must hold a character that is not a space. Spelt out: Python's
``str.strip`` (the library's test), pydantic's regex and the JSON Schema (ECMA) ``\\s`` each
count different characters as spaces."""

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD``: pydantic alone would also take ``0`` as a Unix timestamp."""
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("a date must be written YYYY-MM-DD")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day)]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1-{MAX_PAGE}).")]
TopLimit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many.")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description="Items to skip (0 or more): the page start.")
]
Since = Annotated[
    IsoDay | None, Query(description="Only dated on or after this day (YYYY-MM-DD).")
]
Until = Annotated[
    IsoDay | None, Query(description="Only dated on or before this day (YYYY-MM-DD).")
]
QuantityKind = Literal[QUANTITY_KINDS]  # the library's list, spelt out in the spec

Code = Annotated[str | None, Query(min_length=1, max_length=MAX_CODE, pattern=NOT_BLANK)]
ArticleFilter = Annotated[
    str | None,
    Query(min_length=1, max_length=MAX_TEXT, pattern=NOT_BLANK, description="Only this article's."),
]
DatedBy = Annotated[
    Literal["published", "event"],
    Query(description="Date events by the article's publication date or by their own date "
                      "when it is a full day."),
]
Level = Annotated[
    Literal["code", "country"],
    Query(description="Full actor codes, or their three-letter country parts."),
]


def _page(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """The envelope of one page, from ``limit + 1`` fetched rows (the extra one tells
    whether there is a next page)."""
    more = len(rows) > limit
    return {
        "items": rows[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


MAX_DOWNLOAD = 100_000
"""The most events one download holds (a larger filter is E011: narrow it)."""


def event_filter_of(
    actor: Annotated[Code, Query(description="Actor code prefix on either side "
                                             "(RUS matches RUSGOV).")] = None,
    source: Annotated[Code, Query(description="Source actor code prefix.")] = None,
    target: Annotated[Code, Query(description="Target actor code prefix.")] = None,
    code: Annotated[Code, Query(description="CAMEO code prefix (19 matches 190-196).")]
    = None,
    root: Annotated[Code, Query(description="CAMEO root code, 01-20.")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description=(
        "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
        "4 material conflict."))] = None,
    since: Annotated[IsoDay | None, Query(description="Published on or after (YYYY-MM-DD).")]
    = None,
    until: Annotated[IsoDay | None, Query(description="Published on or before (YYYY-MM-DD).")]
    = None,
    modality: Annotated[
        Literal["asserted", "negated", "hypothetical", "any"],
        Query(description="asserted (plain events, the default), negated, hypothetical, "
                          "or any."),
    ] = "asserted",
    plover_type: Annotated[Code, Query(description="PLOVER event type (ASSAULT).")] = None,
    country: Annotated[Code, Query(description="ISO3 code of the country the event "
                                               "happened in.")] = None,
    text: Annotated[Code, Query(description="Words the evidence sentence holds.")] = None,
    order: Annotated[Literal[SORT_ORDERS] | None, Query(  # type: ignore[valid-type]
        description="Sort by published, goldstein, cameo_code, source_code, target_code, "
                    "quad_class, dead, injured or size; - first: descending.")] = None,
) -> EventFilter:
    """The event filter of a request's query (``/api/events`` and its download)."""
    return EventFilter(
        actor=actor, source=source, target=target, code=code, root=root,
        quad_class=quad_class, since=since, until=until,
        modality=None if modality == "any" else modality, plover_type=plover_type,
        location_country=country, text=text, order=order,
    )


def read_router(open_reader: OpenReader, *, writes: bool) -> APIRouter:
    """The ``/api`` read endpoints over the stores ``open_reader`` opens."""
    router = APIRouter(prefix="/api", responses=READ_ERRORS)
    version = attache_version()

    @router.get("/health", response_model=Health, tags=["meta"], summary="Health and version")
    def health(request: Request) -> dict[str, Any]:
        """The attache and schema versions, the number of stored articles, and whether
        writes are enabled. Answers 503 when the store cannot be read, and (E022) once any
        request has found it damaged."""
        fault = getattr(request.app.state, "store_fault", None)
        if fault is not None:
            raise fault
        with open_reader() as store:
            articles = store.read("SELECT count(*) AS n FROM articles")[0]["n"]
        return {
            "status": "ok",
            "version": version,
            "schema_version": SCHEMA_VERSION,
            "articles": articles,
            "writes": writes,
        }

    @router.get("/events", response_model=Page[EventRow], tags=["events"],
                summary="List and filter events")
    def events(
        event_filter: Annotated[EventFilter, Depends(event_filter_of)],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Events in publication order (oldest first, then article and position; ``order``
        sorts otherwise), with their evidence sentence, casualties, location and the
        article's title and URL."""
        paged = replace(event_filter, limit=limit + 1, offset=offset)
        with open_reader() as store:
            return _page(find_events(store, paged), limit, offset)

    @router.get("/events/download", tags=["events"], response_class=Response,
                summary="Every event of a filter, as a CSV or JSON file")
    def events_download(
        event_filter: Annotated[EventFilter, Depends(event_filter_of)],
        format: Annotated[Literal["csv", "json"], Query(  # noqa: A002 (the query's name)
            description="csv (a header, then one row per event) or json (a list).")] = "csv",
    ) -> Response:
        """Exactly the events ``/api/events`` pages through for the same filter, in the same
        order, all of them (at most :data:`MAX_DOWNLOAD`), with the names of their actors,
        CAMEO code, PLOVER type and location country beside the codes
        (:data:`attache.export.NAME_COLUMNS`)."""
        with open_reader() as store:
            rows = find_events(store, replace(event_filter, limit=MAX_DOWNLOAD + 1))
        if len(rows) > MAX_DOWNLOAD:
            raise AttacheError(ErrorCode.E011, kind="download size", value=f">{MAX_DOWNLOAD}",
                               known=f"at most {MAX_DOWNLOAD} events: narrow the filter")
        named = [with_names(row) for row in rows]
        if format == "json":
            body = json.dumps(named, ensure_ascii=False)
            media = "application/json"
        else:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=[*EVENT_COLUMNS, *NAME_COLUMNS],
                                    lineterminator="\n")
            writer.writeheader()
            writer.writerows(named)
            body, media = buffer.getvalue(), "text/csv; charset=utf-8"
        disposition = f'attachment; filename="attache-events.{format}"'
        return Response(body, media_type=media,
                        headers={"Content-Disposition": disposition})

    @router.get("/map", tags=["analytics"], summary="Events by country and place")
    def map_view(
        event_filter: Annotated[EventFilter, Depends(event_filter_of)],
    ) -> dict[str, Any]:
        """Where the filtered events happened (what the dashboard's map draws): per country
        of the place (events, mean Goldstein) and per place known to the city (name,
        coordinates, events)."""
        with open_reader() as store:
            return map_counts(store, event_filter)

    @router.get("/actors", response_model=Page[ActorRow], tags=["actors"],
                summary="List actor codes")
    def actors(
        prefix: Annotated[Code, Query(description="Only codes starting with this.")] = None,
        q: Annotated[Code, Query(description="A code prefix or the start of a word of the "
                                             "actor's name ('Ira' finds IRN, Iran).")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Actor codes seen in plain events, busiest first, with their name, event and
        article counts."""
        with open_reader() as store:
            if q:
                rows = match_actors(store, q, limit=offset + limit + 1)[offset:]
            else:
                rows = [{**row, "name": actor_name(row["code"])} for row in
                        list_actors(store, prefix=prefix, limit=limit + 1, offset=offset)]
            return _page(rows, limit, offset)

    @router.get("/actors/top", response_model=TopList[TopActorRow], tags=["actors"],
                summary="The busiest actors")
    def actors_top(
        since: Since = None,
        until: Until = None,
        limit: TopLimit = 10,
        level: Level = "code",
        side: Annotated[Literal["either", "source", "target"],
                        Query(description="Count the source, the target or either side.")]
        = "either",
        dated_by: DatedBy = "published",
    ) -> dict[str, Any]:
        """Actors by plain event count, ties in code order (``attache top actors``)."""
        with open_reader() as store:
            return {"items": top_actors(store, since=since, until=until, limit=limit,
                                        level=level, side=side, dated_by=dated_by)}

    @router.get("/actors/{code}", response_model=ActorProfile, tags=["actors"],
                summary="One actor's profile",
                responses={404: {"model": ErrorBody, "description": "The code is not stored."}})
    def actor(
        code: Annotated[str, Path(min_length=1, max_length=MAX_CODE, pattern=NOT_BLANK,
                                  description="An exact actor code (RUSGOV).")],
        partners: Annotated[int, Query(ge=0, le=100, description="Top partners to list.")]
        = 10,
        recent: Annotated[int, Query(ge=0, le=MAX_LIMIT, description="Latest events to list.")]
        = 20,
    ) -> dict[str, Any]:
        """The names the actor goes by in the store, the dictionary entries behind them
        with every dated code (roles over time), its top partners and its latest events."""
        with open_reader() as store:
            profile = actor_profile(store, code, partners=partners, recent=recent)
        if profile is None:
            raise ApiError(404, f"No stored event, mention or quote has the code '{code}'.")
        return profile

    @router.get("/quotes", response_model=Page[QuoteRow], tags=["records"],
                summary="List quotes")
    def quotes(
        speaker: Annotated[Code, Query(description="Speaker code prefix.")] = None,
        article_id: ArticleFilter = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Quotes with their speaker, reporting verb and relay chain, in publication
        order."""
        with open_reader() as store:
            rows = list_quotes(store, speaker=speaker, article_id=article_id,
                               limit=limit + 1, offset=offset)
        return _page(rows, limit, offset)

    @router.get("/quantities", response_model=Page[QuantityRow], tags=["records"],
                summary="List quantities")
    def quantities(
        kind: Annotated[QuantityKind | None,
                        Query(description=", ".join(QUANTITY_KINDS) + ".")] = None,
        actor: Annotated[Code, Query(description="Code prefix of one of its actors.")] = None,
        article_id: ArticleFilter = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Amounts (money, people, measures...) with what they measure and the actors they
        concern, in publication order."""
        with open_reader() as store:
            rows = list_quantities(store, kind=kind, actor=actor, article_id=article_id,
                                   limit=limit + 1, offset=offset)
        return _page(rows, limit, offset)

    @router.get("/series", response_model=Series, tags=["analytics"],
                summary="A dyad's event time series")
    def series(
        a: Annotated[str, Query(min_length=1, max_length=MAX_CODE, pattern=NOT_BLANK,
                                description="Source actor code prefix.")],
        b: Annotated[str, Query(min_length=1, max_length=MAX_CODE, pattern=NOT_BLANK,
                                description="Target actor code prefix.")],
        since: Since = None,
        until: Until = None,
        by: Annotated[Literal["day", "month", "year"], Query(description="The period.")]
        = "month",
        both_directions: Annotated[bool, Query(description="Count b -> a events too.")]
        = False,
        dated_by: DatedBy = "published",
        zero_fill: Annotated[bool, Query(description="A row for every period of the range, "
                                                     "0 where there are no events.")] = True,
    ) -> dict[str, Any]:
        """Plain events from ``a`` to ``b`` per period, oldest first: count, mean Goldstein
        score and events per quad class (``attache series``). Periods without events have
        0 events (from ``since``, else the first period with events, to ``until``, else the
        last) unless ``zero_fill=false``."""
        with open_reader() as store:
            rows = dyad_series(store, a, b, since=since, until=until, by=by,
                               both_directions=both_directions, dated_by=dated_by,
                               zero_fill=zero_fill)
        return {"a": a, "b": b, "by": by, "both_directions": both_directions, "items": rows}

    @router.get("/dyads/top", response_model=TopList[DyadRow], tags=["analytics"],
                summary="The busiest dyads")
    def dyads_top(
        since: Since = None,
        until: Until = None,
        limit: TopLimit = 10,
        level: Level = "code",
        actor: Annotated[Code, Query(description="Only dyads with this code prefix on "
                                                 "either side.")] = None,
        dated_by: DatedBy = "published",
    ) -> dict[str, Any]:
        """Directed dyads by plain event count, ties in code order (``attache top
        dyads``)."""
        with open_reader() as store:
            return {"items": top_dyads(store, since=since, until=until, limit=limit,
                                       level=level, actor=actor, dated_by=dated_by)}

    @router.get("/places/top", response_model=TopList[PlaceRow], tags=["analytics"],
                summary="The places where the most events happened")
    def places_top(
        since: Since = None,
        until: Until = None,
        limit: TopLimit = 10,
        level: Annotated[Literal["place", "country"],
                         Query(description="Places, or the countries they are in.")]
        = "place",
        dated_by: DatedBy = "published",
    ) -> dict[str, Any]:
        """Places by plain event count (an event at its first report's place), ties in
        name order (``attache top places``)."""
        with open_reader() as store:
            return {"items": top_places(store, since=since, until=until, limit=limit,
                                        level=level, dated_by=dated_by)}

    @router.get("/articles", response_model=Page[ArticleRow], tags=["articles"],
                summary="List articles")
    def articles(
        since: Annotated[IsoDay | None, Query(description="Published on or after (YYYY-MM-DD).")]
        = None,
        until: Annotated[IsoDay | None, Query(description="Published on or before (YYYY-MM-DD).")]
        = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Stored articles, newest first, with their event counts."""
        with open_reader() as store:
            rows = list_articles(store, since=since, until=until, limit=limit + 1,
                                 offset=offset)
        return _page(rows, limit, offset)

    @router.get("/articles/{article_id:path}", response_model=CodedArticle, tags=["articles"],
                summary="One article with all its records",
                responses={200: {"description": "The article and its records."},
                           404: {"model": ErrorBody, "description": "No such article."}})
    def article(
        article_id: Annotated[str, Path(description="The article id (URL-encoded).")],
    ) -> Any:
        """The article text and every record coded from it: sentences, mentions, events,
        quotes (with relay chains), dates, quantities, places and equipment, each with its
        evidence span (character offsets into the text) and the rule that produced it."""
        with open_reader() as store:
            coded = store.article(article_id)
        if coded is None:
            raise ApiError(404, f"No stored article has the id '{article_id}'.")
        return coded

    @router.get("/search", response_model=SearchResult, tags=["search"],
                summary="Search articles and events")
    def search_text(
        q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT, pattern=NOT_BLANK,
                                description="Text to find (case-insensitive substring).")],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per list.")] = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Articles whose title or text contains ``q`` (with a snippet around the hit)
        and plain events whose sentence or actor words contain it."""
        with open_reader() as store:
            found = search(store, q, limit=limit, offset=offset)
        return {**found, "limit": limit, "offset": offset}

    return router
