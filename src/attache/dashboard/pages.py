"""The dashboard's pages: each reads the store through :mod:`attache.query` and renders one
Jinja2 template (autoescaped: article text is untrusted input and is never marked safe)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from attache.dashboard.chart import dyad_chart, timeline_bars
from attache.dashboard.highlight import KINDS, marks, mention_refs, pieces
from attache.dashboard.worldmap import MEASURES, world_map
from attache.errors import AttacheError, ErrorCode
from attache.events.tables import QUAD_CLASS_NAMES
from attache.ingest.articles import parse_published
from attache.query import (
    actor_profile,
    dyad_series,
    find_events,
    list_articles,
    map_counts,
    search,
    story_links,
    top_actors,
    top_dyads,
)
from attache.query.analytics import timeline
from attache.query.catalog import MAX_CODE, MAX_PAGE, store_totals
from attache.query.dyads import dyad_events
from attache.query.events import EventFilter
from attache.query.names import (
    actor_name,
    cameo_name,
    country_code,
    country_name,
    plover_label,
    plover_types,
    resolve_actor,
)
from attache.store.sqlite import Store

PER_PERIOD = 10
"""Events listed under the chart per month (the newest); the rest are a link away."""
PAGE_SIZE = 20
"""Articles, and search hits of each kind, per page."""
API_EVENTS = "/api/events"

TEMPLATES = "templates"
STATIC = "static"


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("attache.dashboard", TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["part"] = lambda value: quote(str(value), safe="")
    environment.filters["signed"] = lambda value: "" if value is None else f"{value:+.1f}"
    environment.filters["counted"] = counted
    environment.globals.update(
        quad_names=QUAD_CLASS_NAMES, cameo_name=cameo_name, query_url=query_url,
        evidence_parts=evidence_parts, safe_url=safe_url, actor_name=actor_name,
        country_name=country_name, plover_label=plover_label,
    )  # fmt: skip
    return environment


def counted(number: int, noun: str) -> str:
    """``1 article``, ``2 articles``: the number with its noun in the right number."""
    return f"{number} {noun if number == 1 else noun + 's'}"


class BadRequest(Exception):
    """A request the page cannot answer: shown as a message with status 400."""


def query_url(path: str, **parameters: Any) -> str:
    """``path`` with the parameters that are set, URL-encoded."""
    kept = {
        key: "1" if value is True else value
        for key, value in parameters.items()
        if value is not None and value != "" and value is not False
    }
    return f"{path}?{urlencode(kept)}" if kept else path


def safe_url(url: str | None) -> str | None:
    """An article's URL when it is http(s), else None: a stored ``javascript:`` URL must
    never become a link."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def evidence_parts(row: dict[str, Any]) -> tuple[str, str, str]:
    """An event's evidence sentence cut around its verb (before, verb, after)."""
    text = row.get("evidence_text") or ""
    start, verb_start, verb_end = row.get("start"), row.get("verb_start"), row.get("verb_end")
    if None in (start, verb_start, verb_end):
        return text, "", ""
    begin, end = verb_start - start, verb_end - start
    if not 0 <= begin < end <= len(text):
        return text, "", ""
    return text[:begin], text[begin:end], text[end:]


def api_links(
    actor_a: str, actor_b: str, month: str, both: bool,
    first: date | None = None, last: date | None = None,
) -> list[tuple[str, str]]:  # fmt: skip
    """Links to every event of one month of a dyad in the HTTP API, one per direction;
    ``first``/``last`` (the page's range) narrow the month."""
    year, number = int(month[:4]), int(month[5:7])
    start = date(year, number, 1)
    end = date(year, number, calendar.monthrange(year, number)[1])
    since, until = max(start, first or start), min(end, last or end)
    pairs = [(actor_a, actor_b), (actor_b, actor_a)] if both else [(actor_a, actor_b)]
    return [
        (f"{source} \u2192 {target}",
         query_url(API_EVENTS, source=source, target=target, since=since.isoformat(),
                   until=until.isoformat(), limit=MAX_PAGE))
        for source, target in pairs
    ]  # fmt: skip


def _code(value: str | None, what: str) -> str:
    code = (value or "").strip().upper()
    if not code:
        raise BadRequest(f"Give {what}: an actor code or code prefix (RUS, USAGOV).")
    if len(code) > MAX_CODE or any(ch.isspace() for ch in code):
        raise BadRequest(f"{what.capitalize()} '{value}' is not an actor code.")
    return code


def _date(value: str | None, what: str) -> date | None:
    try:
        return parse_published(value)
    except AttacheError as error:
        raise BadRequest(f"{what.capitalize()}: {error.message}") from error


def _offset(value: str | None) -> int:
    if not value:
        return 0
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise BadRequest(f"Offset '{value}' is not a whole number of 0 or more.")
    return int(value)


class Dashboard:
    """The pages, bound to a way of opening a read-only store."""

    def __init__(self, open_reader: Callable[[], Store]) -> None:
        self.open_reader = open_reader
        self.templates = _environment()

    def render(self, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("message", None)
        context.setdefault("query", "")
        html = self.templates.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code)

    def error(self, status: int, message: str, **context: Any) -> HTMLResponse:
        return self.render("error.html", status, message=message, status=status, **context)

    # -- pages ---------------------------------------------------------------------------

    def home(self, request: Request) -> HTMLResponse:
        with self.open_reader() as store:
            dyads = top_dyads(store, limit=15)
            actors = top_actors(store, limit=15)
            articles = list_articles(store, limit=PAGE_SIZE)
            totals = store_totals(store)
            months = timeline(store)
        return self.render("home.html", dyads=dyads, actors=actors, articles=articles,
                           totals=totals, timeline=timeline_bars(months))

    def articles(self, request: Request, offset: str | None = None) -> HTMLResponse:
        try:
            start = _offset(offset)
        except BadRequest as error:
            return self.error(400, str(error))
        with self.open_reader() as store:
            rows = list_articles(store, limit=PAGE_SIZE + 1, offset=start)
        return self.render(
            "articles.html", articles=rows[:PAGE_SIZE], offset=start, page_size=PAGE_SIZE,
            more=len(rows) > PAGE_SIZE,
        )  # fmt: skip

    def dyad(
        self,
        request: Request,
        a: str | None = None,
        b: str | None = None,
        since: str | None = None,
        until: str | None = None,
        both: str | None = None,
        dated: str | None = None,
    ) -> HTMLResponse:
        form = {"a": a or "", "b": b or "", "since": since or "", "until": until or "",
                "both": bool(both), "dated": dated or "published"}  # fmt: skip
        if not (a or b):
            return self.render("dyad.html", form=form, chart=None, periods=[], series=[])
        try:
            first, last = _date(since, "since"), _date(until, "until")
            if first and last and first > last:
                raise BadRequest(f"Since ({first}) is after until ({last}).")
            if form["dated"] not in ("published", "event"):
                raise BadRequest(f"Date events by publication or event, not '{dated}'.")
            with self.open_reader() as store:
                actor_a = _actor_code(store, a, "actor A")
                actor_b = _actor_code(store, b, "actor B")
                options = dict(since=first, until=last, both_directions=form["both"],
                               dated_by=form["dated"])
                series = dyad_series(store, actor_a, actor_b, zero_fill=True, **options)
                unknown = [] if any(row["events"] for row in series) else [
                    code for code in (actor_a, actor_b) if not _known(store, code)
                ]  # fmt: skip
                if unknown:
                    raise BadRequest(
                        "No events name an actor with the code "
                        + " or ".join(f"'{code}'" for code in unknown) + "."
                    )
                events = dyad_events(store, actor_a, actor_b, per_period=PER_PERIOD, **options)
        except BadRequest as error:
            return self.render("dyad.html", 400, form=form, chart=None, periods=[], series=[],
                               message=str(error))  # fmt: skip
        by_period: dict[str, list[dict[str, Any]]] = {}
        for event in events:
            by_period.setdefault(event["period"], []).append(event)
        periods = [
            {**row, "shown": by_period.get(row["period"], []),
             "api": api_links(actor_a, actor_b, row["period"], form["both"], first, last)
             if form["dated"] == "published" else []}
            for row in reversed(series)
        ]  # fmt: skip
        return self.render(
            "dyad.html", form=form, chart=dyad_chart(series, first, last), series=series,
            periods=periods, actor_a=actor_a, actor_b=actor_b,
        )  # fmt: skip

    def article(self, request: Request, article_id: str) -> HTMLResponse:
        with self.open_reader() as store:
            coded = store.article(article_id)
            links = story_links(store, article_id) if coded is not None else None
        if coded is None:
            return self.error(404, f"No article with the id '{article_id}' is stored.")
        sentence_starts = {s.start: f"sentence-{s.index}" for s in coded.sentences}
        found = marks(coded)
        counts = {kind: sum(mark.kind == kind for mark in found) for kind in KINDS}
        return self.render(
            "article.html", coded=coded, article=coded.article, counts=counts,
            pieces=pieces(coded.article.text, found, sentence_starts),
            mentions=mention_refs(coded), links=links,
        )  # fmt: skip

    def explore(self, request: Request) -> HTMLResponse:
        """The event explorer: every filter of ``/api/events``, a sortable page of events,
        and the download of exactly the filtered events (the API's download link)."""
        form = {name: (request.query_params.get(name) or "").strip() for name in EXPLORE_FIELDS}
        choices = {"roots": ROOT_CHOICES, "plover_types": plover_types(),
                   "orders": ORDER_CHOICES}
        try:
            start = _offset(request.query_params.get("offset"))
            with self.open_reader() as store:
                api = _explore_filter(store, form)
                event_filter = EventFilter(**api.as_filter(), limit=PAGE_SIZE + 1,
                                           offset=start)
                rows = find_events(store, event_filter)
        except (BadRequest, AttacheError) as error:
            if isinstance(error, AttacheError) and error.code is not ErrorCode.E011:
                raise
            message = error.message if isinstance(error, AttacheError) else str(error)
            return self.render("explore.html", 400, form=form, choices=choices, rows=[],
                               api={}, offset=0, more=False, page_size=PAGE_SIZE,
                               message=message)  # fmt: skip
        return self.render(
            "explore.html", form=form, choices=choices, rows=rows[:PAGE_SIZE],
            api=api.parameters, offset=start, more=len(rows) > PAGE_SIZE, page_size=PAGE_SIZE,
        )  # fmt: skip

    def map(self, request: Request) -> HTMLResponse:
        """The map: the explorer's filters, countries shaded by events or mean Goldstein,
        points where the place is known to the city."""
        form = {name: (request.query_params.get(name) or "").strip() for name in EXPLORE_FIELDS}
        measure = request.query_params.get("measure") or "events"
        choices = {"roots": ROOT_CHOICES, "plover_types": plover_types(),
                   "orders": ORDER_CHOICES}
        try:
            if measure not in MEASURES:
                raise BadRequest(f"Shade by events or goldstein, not '{measure}'.")
            with self.open_reader() as store:
                api = _explore_filter(store, form)
                counts = map_counts(store, EventFilter(**api.as_filter()))
        except (BadRequest, AttacheError) as error:
            if isinstance(error, AttacheError) and error.code is not ErrorCode.E011:
                raise
            message = error.message if isinstance(error, AttacheError) else str(error)
            return self.render("map.html", 400, form=form, choices=choices, world=None,
                               measure="events", api={}, top=[], message=message)
        return self.render(
            "map.html", form=form, choices=choices, measure=measure, api=api.parameters,
            world=world_map(counts["countries"], counts["places"], measure),
            top=counts["countries"][:15],
        )  # fmt: skip

    def find_actor(self, request: Request, q: str | None = None) -> Response:
        """The actor box: to the actor page of the code the text names ("Iran": IRN)."""
        try:
            with self.open_reader() as store:
                code = _actor_code(store, q, "an actor")
        except BadRequest as error:
            return self.error(400, str(error))
        return RedirectResponse(f"/actors/{quote(code, safe='')}", status_code=303)

    def actor(self, request: Request, code: str) -> HTMLResponse:
        try:
            code = _code(code, "the actor")
        except BadRequest as error:
            return self.error(400, str(error))
        with self.open_reader() as store:
            profile = actor_profile(store, code)
        if profile is None:
            return self.error(404, f"No event, mention or quote names the actor '{code}'.")
        return self.render("actor.html", profile=profile)

    def search(self, request: Request, q: str | None = None,
               offset: str | None = None) -> HTMLResponse:  # fmt: skip
        text = (q or "").strip()
        if not text:
            return self.render("search.html", results=None, offset=0, page_size=PAGE_SIZE)
        try:
            start = _offset(offset)
            with self.open_reader() as store:
                results = search(store, text, limit=PAGE_SIZE, offset=start)
        except (BadRequest, AttacheError) as error:
            if isinstance(error, AttacheError) and error.code is not ErrorCode.E011:
                raise  # not the request's fault (a missing store): the server's error answer
            message = error.message if isinstance(error, AttacheError) else str(error)
            return self.render("search.html", 400, results=None, offset=0, query=text,
                               page_size=PAGE_SIZE, message=message)  # fmt: skip
        return self.render("search.html", results=results, offset=start, query=text,
                           page_size=PAGE_SIZE)  # fmt: skip


def _actor_code(store: Store, text: str | None, what: str) -> str:
    """The code an actor box's text stands for: a stored code (prefix), else the busiest
    stored code whose name it names ("Iran" -> IRN); the text as a code when neither (the
    page then says no event names it)."""
    if text and text.strip():
        found = resolve_actor(store, text[:MAX_CODE])
        if found:
            return found
    return _code(text, what)


#: The explorer's form fields (the API's filter names, ``actor``/``source``/``target`` and
#: ``country`` also taking names).
EXPLORE_FIELDS = ("actor", "source", "target", "plover_type", "root", "quad_class", "since",
                  "until", "country", "text", "order")
ROOT_CHOICES = tuple((f"{number:02d}", cameo_name(f"{number:02d}") or "")
                     for number in range(1, 21))
ORDER_CHOICES = (("", "date (oldest first)"), ("-published", "date (newest first)"),
                 ("goldstein", "Goldstein (most hostile first)"),
                 ("-goldstein", "Goldstein (most cooperative first)"),
                 ("-dead", "dead (most first)"), ("-injured", "injured (most first)"),
                 ("-size", "crowd size (largest first)"), ("source_code", "source code"),
                 ("target_code", "target code"), ("cameo_code", "CAMEO code"))


class ExploreFilter:
    """An explorer form read into the API's query parameters (codes for names)."""

    def __init__(self, parameters: dict[str, Any]) -> None:
        self.parameters = parameters

    def as_filter(self) -> dict[str, Any]:
        """The :class:`EventFilter` fields of the parameters."""
        renamed = {"country": "location_country"}
        values = {renamed.get(key, key): value for key, value in self.parameters.items()}
        for key in ("since", "until"):
            if key in values:
                values[key] = _date(values[key], key)
        if "quad_class" in values:
            values["quad_class"] = int(values["quad_class"])
        return values


def _explore_filter(store: Store, form: dict[str, str]) -> ExploreFilter:
    parameters: dict[str, Any] = {}
    for key in ("actor", "source", "target"):
        if form[key]:
            parameters[key] = _actor_code(store, form[key], f"the {key}")
    if form["country"]:
        iso3 = country_code(form["country"])
        if iso3 is None:
            raise BadRequest(f"No country is called or coded '{form['country']}'.")
        parameters["country"] = iso3
    if form["quad_class"] and form["quad_class"] not in ("1", "2", "3", "4"):
        raise BadRequest(f"Quad class '{form['quad_class']}' is not 1, 2, 3 or 4.")
    for key in ("plover_type", "root", "quad_class", "since", "until", "text", "order"):
        if form[key]:
            parameters[key] = form[key]
    explore = ExploreFilter(parameters)
    explore.as_filter()  # the dates checked now: a bad one is the form's message
    return explore


def _known(store: Store, code: str) -> bool:
    """Whether any event (of any modality) has an actor starting with ``code``."""
    return bool(find_events(store, EventFilter(actor=code, modality=None, limit=1)))


def static_folder() -> Path:
    """The packaged static files (CSS, JS)."""
    return Path(str(resources.files("attache.dashboard") / STATIC))


def install(app: FastAPI, open_reader: Callable[[], Store]) -> None:
    """Add the dashboard's HTML pages and ``/static`` to ``app``. ``open_reader()`` returns
    a read-only store, used as a context manager once per request."""
    dashboard = Dashboard(open_reader)
    app.mount("/static", StaticFiles(directory=static_folder()), name="static")
    for path, endpoint in (
        ("/", dashboard.home),
        ("/articles", dashboard.articles),
        ("/articles/{article_id:path}", dashboard.article),
        ("/actors/find", dashboard.find_actor),
        ("/actors/{code}", dashboard.actor),
        ("/dyad", dashboard.dyad),
        ("/explore", dashboard.explore),
        ("/map", dashboard.map),
        ("/search", dashboard.search),
    ):
        app.add_api_route(path, endpoint, methods=["GET"], response_class=HTMLResponse,
                          include_in_schema=False)  # fmt: skip
