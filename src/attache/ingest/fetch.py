"""Polite, robust HTTP for ``attache fetch`` and ``attache watch``.

:class:`PoliteClient` is the one way attache downloads anything. It names itself (a
User-Agent starting ``attache/``), obeys robots.txt (RFC 9309, parsed with Protego, Scrapy's
parser), asks conditionally when it holds validators (ETag, Last-Modified), sends one
request at a time to a host and waits ``delay`` seconds (or the site's Crawl-delay) between
them, times out, retries network failures and server errors with exponential back-off,
stops reading past a size limit, follows a bounded number of redirects and speaks http(s)
only. Every failure is a :class:`~attache.errors.WebError` with its code (E030-E035).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import urllib3
from protego import Protego

from attache import attache_version
from attache.closing import Closing
from attache.errors import ErrorCode, WebError

ROBOTS_AGENT = "attache"
"""The product token robots.txt groups are matched against (``User-agent: attache``)."""

ROBOTS_MAX_BYTES = 512 * 1024
"""How much of a robots.txt is read (RFC 9309 asks crawlers to parse at least 500 KiB)."""

ROBOTS_MAX_REDIRECTS = 5
"""Redirects followed for a robots.txt (RFC 9309: at least five)."""

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Answers worth asking again after a wait: overload and server errors."""

ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,*/*;q=0.5"
)
CHUNK = 64 * 1024

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""The largest page or feed read, after decompression (E033 beyond); saved pages too."""


def user_agent(contact: str | None = None) -> str:
    """The User-Agent attache sends: ``attache/VERSION (...)``, with the operator's
    ``contact`` (a URL or e-mail address) when given, as site owners like to have one."""
    agent = f"{ROBOTS_AGENT}/{attache_version()} (news event coder; obeys robots.txt"
    return agent + (f"; +{contact})" if contact else ")")


@dataclass(frozen=True)
class FetchSettings:
    """How :class:`PoliteClient` behaves. Times are in seconds; tests make them small."""

    user_agent: str = field(default_factory=user_agent)
    delay: float = 1.0
    """Least time between the end of one request to a host and the start of the next (a
    robots.txt Crawl-delay for attache, up to ``max_crawl_delay``, lengthens it)."""
    timeout: float = 20.0
    """To connect, and between two reads of an answer."""
    total_timeout: float = 120.0
    """For a whole answer, so a server dripping bytes cannot hold a pass forever."""
    retries: int = 2
    """Extra tries after a network failure, a timeout, HTTP 429 or a 5xx answer."""
    backoff: float = 2.0
    """The wait before the first retry, doubled before each next one (a Retry-After
    header can ask for longer, up to ``max_backoff``)."""
    max_backoff: float = 60.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    max_crawl_delay: float = 60.0


@dataclass(frozen=True)
class Validators:
    """What a server said identifies a version of a resource, to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The conditional request headers these validators make."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Response:
    """A final answer: 2xx with its body, or 304 (not modified) with none.
    ``final_url`` is where the redirects (if any) ended."""

    url: str
    final_url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The first value of the header ``name`` (any case), or ``None``."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def validators(self) -> Validators:
        return Validators(self.header("ETag"), self.header("Last-Modified"))


class RobotsMemory(Protocol):
    """Where robots.txt files are kept between runs (the store), so that asking for one
    again is a conditional request."""

    def robots(self, robots_url: str) -> tuple[str, Validators] | None: ...

    def save_robots(self, robots_url: str, text: str, validators: Validators) -> None: ...


@dataclass(frozen=True)
class _Rules:
    """One site's robots.txt as read: its parsed rules (``None``: none, allow all), or the
    failure that makes the site count as disallowing everything for now."""

    parser: Protego | None = None
    unreachable: str | None = None


def check_url(url: str) -> None:
    """Raise E035 unless ``url`` is an absolute http or https URL with a host."""
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise WebError(ErrorCode.E035, url=url)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class PoliteClient(Closing):
    """Downloads pages and feeds politely (see the module). One client keeps the per-host
    clocks and the robots.txt files read; use one per pass, as a context manager.
    ``robots_memory`` keeps robots.txt files across runs; ``sleep`` and ``clock`` are
    there for tests."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        robots_memory: RobotsMemory | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._robots_memory = robots_memory
        self._sleep = sleep
        self._clock = clock
        self._headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
        }
        self._pool = urllib3.PoolManager(
            retries=False,
            timeout=urllib3.Timeout(connect=self.settings.timeout, read=self.settings.timeout),
        )
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._last_request: dict[str, float] = {}
        self._guard = threading.Lock()

    def close(self) -> None:
        self._pool.clear()

    def get(self, url: str, validators: Validators | None = None) -> Response:
        """GET ``url`` (conditionally when ``validators`` are given), following redirects;
        raises :class:`~attache.errors.WebError` E030-E035."""
        return self._follow(url, validators, self.settings.max_redirects, robots=True,
                            max_bytes=self.settings.max_bytes)

    # -- redirects and robots.txt ----------------------------------------------------------

    def _follow(self, url: str, validators: Validators | None, max_redirects: int, *,
                robots: bool, max_bytes: int) -> Response:
        visited = [url]
        current = url
        while True:
            check_url(current)
            if robots:
                self._check_robots(current)
            response = self._request(current, validators, max_bytes)
            location = response.header("Location")
            if response.status not in REDIRECT_STATUSES or not location:
                if response.status not in REDIRECT_STATUSES:
                    return Response(url, current, response.status, response.headers,
                                    response.body)
                raise WebError(ErrorCode.E031, url=current, status=response.status,
                               reason=" without a Location header")
            target = urljoin(current, location.strip())
            if target in visited:
                loop = " -> ".join([*visited[visited.index(target):], target])
                raise WebError(ErrorCode.E034, url=url, problem=f"a redirect loop ({loop})")
            if len(visited) > max_redirects:
                raise WebError(ErrorCode.E034, url=url,
                               problem=f"more than {max_redirects} redirects")
            visited.append(target)
            current = target

    def _check_robots(self, url: str) -> None:
        rules = self._robots(_origin(url))
        if rules.unreachable:
            raise WebError(
                ErrorCode.E030,
                url=url,
                problem=f"its robots.txt cannot be read ({rules.unreachable}), so the site "
                "counts as disallowing everything for now (RFC 9309)",
            )
        if rules.parser is not None and not rules.parser.can_fetch(url, ROBOTS_AGENT):
            raise WebError(ErrorCode.E032, url=url, robots=_origin(url) + "/robots.txt")

    def _robots(self, origin: str) -> _Rules:
        """The robots.txt rules of ``origin``, read once per client (conditionally when the
        memory holds a copy). A missing robots.txt (4xx) allows everything; one that cannot
        be read (network failure, 5xx) disallows everything (RFC 9309, section 2.3.1)."""
        with self._guard:
            known = self._rules.get(origin)
        if known is not None:
            return known
        robots_url = origin + "/robots.txt"
        remembered = self._robots_memory.robots(robots_url) if self._robots_memory else None
        try:
            response = self._follow(
                robots_url, remembered[1] if remembered else None, ROBOTS_MAX_REDIRECTS,
                robots=False, max_bytes=ROBOTS_MAX_BYTES,
            )
        except WebError as error:
            rules = _Rules(unreachable=error.message) if error.transient else _Rules()
        else:
            if response.not_modified and remembered:
                text = remembered[0]
            else:
                text = response.body.decode("utf-8", errors="replace")
                if self._robots_memory is not None:
                    self._robots_memory.save_robots(robots_url, text, response.validators)
            rules = _Rules(parser=Protego.parse(text))
        with self._guard:
            self._rules[origin] = rules
        return rules

    def _delay(self, origin: str) -> float:
        rules = self._rules.get(origin)
        crawl_delay = rules.parser.crawl_delay(ROBOTS_AGENT) if rules and rules.parser else None
        return max(self.settings.delay, min(crawl_delay or 0.0, self.settings.max_crawl_delay))

    @contextmanager
    def _turn(self, origin: str) -> Iterator[None]:
        """Hold ``origin`` for one request: wait for the ones before it and for the delay."""
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            wait = self._last_request.get(origin, -math.inf) + self._delay(origin) - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                self._last_request[origin] = self._clock()

    # -- one request, with retries ---------------------------------------------------------

    def _request(self, url: str, validators: Validators | None, max_bytes: int) -> Response:
        """One URL, no redirects followed: retried on network failures and on
        :data:`RETRY_STATUSES`; 2xx, 3xx and 304 come back, other answers raise E031."""
        settings = self.settings
        headers = {**self._headers, **(validators.headers() if validators else {})}
        tries = settings.retries + 1
        for attempt in range(tries):
            retry_after = None
            with self._turn(_origin(url)):
                try:
                    raw = self._pool.request(
                        "GET", url, headers=headers, redirect=False, preload_content=False
                    )
                except (urllib3.exceptions.HTTPError, OSError) as error:
                    problem = _describe(error, settings.timeout)
                else:
                    try:
                        if raw.status in RETRY_STATUSES:
                            problem = f"HTTP {raw.status} {raw.reason or ''}".strip()
                            retry_after = _seconds(raw.headers.get("Retry-After"))
                        elif raw.status >= 400 or raw.status < 200:
                            raise WebError(ErrorCode.E031, url=url, status=raw.status,
                                           reason=f" {raw.reason}" if raw.reason else "")
                        else:
                            body = b"" if raw.status >= 300 else self._read(raw, url, max_bytes)
                            return Response(url, url, raw.status, tuple(raw.headers.items()),
                                            body)
                    except (urllib3.exceptions.HTTPError, OSError) as error:
                        problem = _describe(error, settings.timeout)
                    finally:
                        raw.close()
            if attempt + 1 < tries:
                wait = settings.backoff * 2**attempt
                self._sleep(min(settings.max_backoff, max(wait, retry_after or 0.0)))
        raise WebError(ErrorCode.E030, url=url,
                       problem=f"{problem} ({tries} {'try' if tries == 1 else 'tries'})")

    def _read(self, raw: urllib3.BaseHTTPResponse, url: str, max_bytes: int) -> bytes:
        """The decompressed body, at most ``max_bytes`` of it (E033 beyond), within the
        total timeout (E030 beyond)."""
        declared = raw.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise WebError(ErrorCode.E033, url=url, limit=max_bytes)
        deadline = self._clock() + self.settings.total_timeout
        chunks, size = [], 0
        while chunk := raw.read(CHUNK, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise WebError(ErrorCode.E033, url=url, limit=max_bytes)
            if self._clock() > deadline:
                raise WebError(ErrorCode.E030, url=url, problem="the answer took longer than "
                               f"{self.settings.total_timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)


def _describe(error: Exception, timeout: float) -> str:
    """A short reason for a network failure."""
    if isinstance(error, urllib3.exceptions.TimeoutError | TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(error, urllib3.exceptions.NameResolutionError):
        return "the host name cannot be resolved"
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "the connection was refused or failed"
    if isinstance(error, urllib3.exceptions.ProtocolError):
        return "the connection broke off"
    if isinstance(error, urllib3.exceptions.SSLError):
        return "TLS failed"
    if isinstance(error, urllib3.exceptions.DecodeError):
        return "the compressed answer is corrupt"
    return type(error).__name__


def _seconds(retry_after: str | None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from now."""
    if not retry_after:
        return None
    if retry_after.strip().isdigit():
        return float(retry_after)
    try:
        moment = parsedate_to_datetime(retry_after)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
