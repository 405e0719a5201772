"""Check article text and build :class:`~attache.model.Article` records with stable ids."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from attache.errors import ArticleError, ErrorCode
from attache.model import Article

DEFAULT_MAX_CHARS = 1_000_000
"""The default longest article (in characters) attache accepts; the coder uses the same."""

FIELD_LIMITS: dict[str, int] = {
    "id": 500,
    "title": 2_000,
    "source": 500,
    "url": 2_000,
}
"""The longest value (in characters) of each article field but the text (whose limit is
``max_chars``). The one table the readers, ``attache code``, the HTTP API's schema and the
store all use, so an article one of them takes can be fetched and shown by the others."""

MAX_JSON_DEPTH = 32
"""The deepest nesting of arrays and objects accepted in a JSON input line or request body
(an article record needs 1): deeper JSON is refused before it is parsed (E018)."""



def max_record_bytes(max_chars: int = DEFAULT_MAX_CHARS) -> int:
    """The largest JSON article record, in bytes, for texts of up to ``max_chars``: the
    longest text fits even with every character escaped as ``\\uXXXX`` (6 bytes, what
    Python's ``json`` does to non-ASCII text), plus 1 MiB for the other fields."""
    return 6 * max_chars + 1024 * 1024


MAX_RECORD_BYTES = max_record_bytes()
"""A JSON Lines line and an HTTP request body are refused past it (7,048,576 bytes)."""

BINARY_SHARE = 0.10
"""Text with more than this share of control characters (other than newline, carriage
return and tab) is taken to be binary junk, not prose."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""A lone UTF-16 surrogate: what a JSON escape such as ``\\ud800`` without its pair decodes to.
It is no character: it cannot be encoded (hashed, stored, sent) as UTF-8."""


def check_unicode(value: str, field: str) -> str:
    """Return ``value`` unchanged, or raise :class:`ArticleError` E016 when it holds a lone
    surrogate (see :data:`_SURROGATE`)."""
    found = _SURROGATE.search(value)
    if found is not None:
        raise ArticleError(
            ErrorCode.E016, field=field, codepoint=ord(found.group()), offset=found.start()
        )
    return value


def printable(value: str) -> str:
    """``value`` with any lone surrogate written as a ``\\udXXX`` escape: safe to store and
    show in a message about the value that holds it."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def check_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Return ``text`` unchanged if attache can code it, else raise :class:`ArticleError`.

    E003: empty or whitespace only; E006: longer than ``max_chars``; E005: more than 10% of
    the characters are control characters (binary data decoded as text); E016: a lone
    surrogate.
    """
    if not text.strip():
        raise ArticleError(ErrorCode.E003)
    if len(text) > max_chars:
        raise ArticleError(ErrorCode.E006, length=len(text), limit=max_chars)
    check_unicode(text, "text")
    controls = len(_CONTROL.findall(text))
    if controls and controls / len(text) > BINARY_SHARE:
        raise ArticleError(ErrorCode.E005, share=controls / len(text))
    return text


def check_field(value: str, field: str) -> str:
    """Return ``value`` unchanged if it fits the field (:data:`FIELD_LIMITS`, E017) and is
    valid Unicode (E016), else raise :class:`ArticleError`."""
    check_unicode(value, field)
    limit = FIELD_LIMITS[field]
    if len(value) > limit:
        raise ArticleError(ErrorCode.E017, field=field, length=len(value), limit=limit)
    return value


def parse_published(value: str | date | None) -> date | None:
    """Read a publication date: ``None``/``""`` -> ``None``, a ``date``, or a string.

    Strings may be ISO 8601 (``2020-01-07``, ``2020-01-07T10:00:00Z``, ``20200107``), RFC 2822
    as in RSS and e-mail (``Tue, 07 Jan 2020 10:00:00 GMT``), or a common news form with the
    month written out (``7 January 2020``, ``Jan. 7, 2020``, ``January 7, 2020 10:00 EST``) or
    the year first (``2020/01/07``). The day is the one written (a time zone does not move
    it). Raises :class:`ArticleError` E009 on anything else, also on a date that misses its
    year, month or day, or whose day and month could be read either way (``07/01/2020``).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        found = _iso_date(text) or _rfc2822_date(text) or _news_date(text)
        if found is not None:
            return found
    shown = printable(value) if isinstance(value, str) else value
    raise ArticleError(ErrorCode.E009, value=shown)


def _iso_date(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _rfc2822_date(text: str) -> date | None:
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


_YEAR_FIRST = re.compile(r"\d{4}[-/.]\d")
"""A numeric date that starts with its year is read year, month, day (2020/01/07)."""

_FAR_APART = (datetime(2001, 2, 3), datetime(2004, 5, 6))
"""Two defaults with no field in common: a part the text leaves out comes from the default,
so reading it with each tells whether it names a year, a month and a day."""


def _news_date(text: str) -> date | None:
    """A date with the month as a word, or year first, read with python-dateutil (which knows
    English month and weekday names and their abbreviations whatever the locale); ``None``
    when it lacks a part or its day and month could be swapped."""
    from dateutil import parser

    readings = set()
    for default in _FAR_APART:
        for dayfirst in (False,) if _YEAR_FIRST.match(text) else (False, True):
            try:
                readings.add(parser.parse(text, default=default, dayfirst=dayfirst).date())
            except (ValueError, OverflowError):
                return None
    return readings.pop() if len(readings) == 1 else None


def default_article_id(text: str) -> str:
    """The id of an article that came without one: ``sha1:`` + 16 hex digits of its text."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def new_article(
    text: str,
    *,
    article_id: str | None = None,
    title: str | None = None,
    published: str | date | None = None,
    source: str | None = None,
    url: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """Check ``text`` (see :func:`check_text`) and build an :class:`Article`.

    ``published`` may be a date or a string :func:`parse_published` reads (E009 if it is
    neither); ``article_id`` defaults to :func:`default_article_id`. The other fields are
    checked against :data:`FIELD_LIMITS` (E017) and for lone surrogates (E016). Empty
    optional strings become ``None``.
    """
    checked = check_text(text, max_chars)
    return check_fields(Article(
        id=article_id or default_article_id(checked),
        text=checked,
        title=title or None,
        published=parse_published(published),
        source=source or None,
        url=url or None,
    ))


def check_fields(article: Article) -> Article:
    """Return ``article`` unchanged if its id, title, source and url fit
    :data:`FIELD_LIMITS` (E017) and none of them or its text holds a lone surrogate (E016),
    else raise :class:`ArticleError`: what the store and the ingest loop check of an
    article built by hand, not by :func:`new_article`."""
    for field in FIELD_LIMITS:
        value = getattr(article, field)
        if value:
            check_field(value, field)
    check_unicode(article.text, "text")
    return article


def content_hash(article: Article) -> str:
    """A SHA-256 over the article's text and metadata: equal hashes mean nothing changed.

    The store uses it to tell an unchanged re-ingested article (skip) from a corrected one
    (re-code and replace).
    """
    payload = json.dumps(
        [
            article.text,
            article.title,
            article.published.isoformat() if article.published else None,
            article.source,
            article.url,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def article_record(article: Article) -> dict:
    """The article as a JSON Lines input record (the fields ``read_jsonl`` reads back)."""
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "url": article.url,
    }
