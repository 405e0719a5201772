"""RSS 0.9x/1.0/2.0 and Atom feeds, read with feedparser, and the feed lists of
``attache watch``."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin

from attache.errors import ErrorCode, InputError, WebError


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: ``key`` names it within the feed (its id or guid, else its
    link), ``link`` is its page, ``title`` and ``published`` what the feed says of it."""

    key: str
    link: str
    title: str | None = None
    published: date | None = None


def _published(entry) -> date | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if not moment:
        return None
    return datetime.fromtimestamp(calendar.timegm(moment), UTC).date()


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> list[FeedEntry]:
    """The entries of the feed document ``body`` fetched from ``url``, in feed order, with
    their links made absolute; entries without a link are left out, and an entry repeated
    in the feed is given once. feedparser reads through small faults (a feed whose XML is
    broken but whose entries can be recovered still gives them); a document that is not a
    feed, or whose entries cannot be recovered, raises E036."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    if not parsed.get("version") and not parsed.entries:
        problem = "it is not an RSS or Atom feed"
        if parsed.get("bozo"):
            problem += f" ({parsed.get('bozo_exception')})"
        raise WebError(ErrorCode.E036, url=url, problem=problem)
    if parsed.get("bozo") and not parsed.entries:
        raise WebError(ErrorCode.E036, url=url,
                       problem=f"no entry can be read from it ({parsed.get('bozo_exception')})")
    entries: dict[str, FeedEntry] = {}
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        link = urljoin(url, link.strip())
        key = (entry.get("id") or "").strip() or link
        entries.setdefault(key, FeedEntry(key, link, entry.get("title") or None,
                                          _published(entry)))
    return list(entries.values())


def read_feed_list(path: str | Path) -> list[str]:
    """The feed URLs listed in a text file, one a line; blank lines and lines starting
    with ``#`` are skipped, and a URL listed twice is polled once. E013 when the file
    cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem = getattr(error, "strerror", None) or str(error)
        raise InputError(ErrorCode.E013, path=path, problem=problem) from error
    urls = (line.strip() for line in text.splitlines())
    return list(dict.fromkeys(url for url in urls if url and not url.startswith("#")))
