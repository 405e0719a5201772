"""A real HTTP server on 127.0.0.1 for the fetching tests: a news site whose pages, feeds
and faults the tests set up, and that logs every request it answers.

Pages answer conditional requests (ETag / Last-Modified) as a real server does, so a test
can assert that a second poll only asked "changed since?" and got 304s.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

SAMPLE = Path(__file__).parents[1] / "src" / "attache" / "data" / "sample" / "wikinews-sample.jsonl"
WEB = Path(__file__).parent / "data" / "web"


@dataclass
class Route:
    """What the site answers for one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: datetime | None = None
    location: str | None = None
    delay: float = 0.0
    send_length: bool = True
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    """One request the site answered: the path, the request headers and the status sent."""

    path: str
    headers: dict[str, str]
    status: int

    @property
    def conditional(self) -> bool:
        return "If-None-Match" in self.headers or "If-Modified-Since" in self.headers


class NewsSite:
    """A threading ``http.server`` on a free loopback port serving :attr:`routes`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    def start(self) -> NewsSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def page(self, path: str, html: str | bytes, **options) -> str:
        """Serve an HTML page at ``path`` with an ETag and a Last-Modified date."""
        body = html.encode("utf-8") if isinstance(html, str) else html
        options.setdefault("etag", f'"{abs(hash(body))}"')
        options.setdefault("last_modified", datetime(2023, 1, 16, 12, 0, tzinfo=UTC))
        return self.add(path, Route(body, **options))

    def requests(self, path: str | None = None) -> list[Request]:
        with self._lock:
            return [request for request in self.log if path is None or request.path == path]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def _record(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)


def _not_modified(route: Route, headers) -> bool:
    if route.etag and headers.get("If-None-Match"):
        return route.etag in [tag.strip() for tag in headers["If-None-Match"].split(",")]
    if route.last_modified and headers.get("If-Modified-Since"):
        try:
            return route.last_modified <= parsedate_to_datetime(headers["If-Modified-Since"])
        except (TypeError, ValueError):
            return False
    return False


def _handler(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            route = site.routes.get(self.path) or Route(b"not found", 404, "text/plain")
            status = route.status
            if status == 200 and _not_modified(route, self.headers):
                status = 304
            site._record(Request(self.path, dict(self.headers), status))
            if route.delay:
                time.sleep(route.delay)
            try:
                self.send_response(status)
                if route.location:
                    self.send_header("Location", route.location)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", format_datetime(route.last_modified,
                                                                      usegmt=True))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                body = b"" if status == 304 else route.body
                if status != 304 and route.content_type:
                    self.send_header("Content-Type", route.content_type)
                if route.send_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (a size limit): that is the test

        def log_message(self, *args) -> None:
            pass

    return Handler


# -- fixture content ----------------------------------------------------------------------


def html_page(title: str, paragraphs: list[str], *, published: str | None = None,
              extra_head: str = "", lang: str = "en") -> str:
    """A plain news page: the title as heading, the paragraphs, an optional date."""
    meta = (f'<meta property="article:published_time" content="{published}">'
            if published else "")
    body = "".join(f"<p>{escape(paragraph)}</p>\n" for paragraph in paragraphs)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title>{meta}{extra_head}</head>\n<body><main><article>"
            f"<h1>{escape(title)}</h1>\n{body}</article></main></body></html>\n")


def sample_stories(count: int = 50) -> list[dict]:
    """``count`` short stories cut from the bundled Wikinews sample (title, the first two
    paragraphs, the date), then paragraphs three and four of the first ones, so each text
    differs."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    stories = []
    for part in range(3):
        for record in records:
            paragraphs = [p for p in record["text"].split("\n\n")[1:] if len(p) > 80]
            chosen = paragraphs[2 * part: 2 * part + 2]
            if len(chosen) == 2:
                stories.append({"title": f"{record['title']} ({part + 1})",
                                "paragraphs": chosen, "published": record["published"]})
            if len(stories) == count:
                return stories
    raise AssertionError(f"the sample gives fewer than {count} stories")


def rss_feed(site: NewsSite, items: list[tuple[str, str, str | None]]) -> bytes:
    """An RSS 2.0 feed of (path, title, RFC 822 date or None) items."""
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{site.url(path)}</link>"
        f"<guid isPermaLink=\"false\">story{path}</guid>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + "</item>\n"
        for path, title, date in items
    )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Test Wire</title><link>{site.origin}/</link>"
            f"<description>Test feed</description>\n{entries}</channel></rss>\n").encode()


def serve_feed_of_stories(site: NewsSite, stories: list[dict], path: str = "/feed.xml",
                          delay: float = 0.0) -> str:
    """Serve each story as a page and a feed listing them all; returns the feed's URL."""
    items = []
    for number, story in enumerate(stories):
        page_path = f"/news/story-{number}.html"
        site.page(page_path, html_page(story["title"], story["paragraphs"],
                                       published=story["published"]), delay=delay)
        items.append((page_path, story["title"], None))
    return site.add(path, Route(rss_feed(site, items), content_type="application/rss+xml",
                                etag='"feed-v1"',
                                last_modified=datetime(2023, 1, 16, 12, 0, tzinfo=UTC)))


ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: attache\nDisallow: /no-attache/\n"
