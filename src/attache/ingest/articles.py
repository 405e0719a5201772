"""Check article text and build :class:`~attache.model.Article` records with stable ids."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime

from attache.errors import ArticleError, ErrorCode
from attache.model import Article

DEFAULT_MAX_CHARS = 1_000_000
"""The default longest article (in characters) attache accepts; the coder uses the same."""

BINARY_SHARE = 0.10
"""Text with more than this share of control characters (other than newline, carriage
return and tab) is taken to be binary junk, not prose."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Return ``text`` unchanged if attache can code it, else raise :class:`ArticleError`.

    E003: empty or whitespace only; E006: longer than ``max_chars``; E005: more than 10% of
    the characters are control characters (binary data decoded as text).
    """
    if not text.strip():
        raise ArticleError(ErrorCode.E003)
    if len(text) > max_chars:
        raise ArticleError(ErrorCode.E006, length=len(text), limit=max_chars)
    controls = len(_CONTROL.findall(text))
    if controls and controls / len(text) > BINARY_SHARE:
        raise ArticleError(ErrorCode.E005, share=controls / len(text))
    return text


def parse_published(value: str | date | None) -> date | None:
    """Read a publication date: ``None``/``""`` -> ``None``, a ``date``, or an ISO string.

    Accepts ``YYYY-MM-DD`` and ISO date-times (the time is dropped); raises
    :class:`ArticleError` E009 on anything else.
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
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise ArticleError(ErrorCode.E009, value=value)


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

    ``published`` may be a date or an ISO string (E009 if it is neither); ``article_id``
    defaults to :func:`default_article_id`. Empty optional strings become ``None``.
    """
    checked = check_text(text, max_chars)
    return Article(
        id=article_id or default_article_id(checked),
        text=checked,
        title=title or None,
        published=parse_published(published),
        source=source or None,
        url=url or None,
    )


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
