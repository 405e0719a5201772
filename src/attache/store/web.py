"""What ``attache fetch`` and ``attache watch`` remember between runs, in the store: each
URL's validators and outcome (``web_resources``) and each feed entry seen
(``feed_entries``). Reached as :attr:`attache.store.Store.web`; every write is its own
transaction, so a killed run keeps everything written before it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date

from attache.ingest.feeds import FeedEntry
from attache.ingest.fetch import Validators
from attache.store.records import utc_now

Transaction = Callable[[], AbstractContextManager[sqlite3.Connection]]


@dataclass(frozen=True)
class WebResource:
    """A URL's row of ``web_resources``."""

    url: str
    kind: str
    validators: Validators
    checked_at: str
    changed_at: str | None
    article_id: str | None
    text_hash: str | None
    error: str | None


@dataclass(frozen=True)
class PendingEntry:
    """A feed entry still to fetch, with what the feed said of it."""

    feed_url: str
    entry: FeedEntry
    attempts: int


class WebState:
    """Reads and writes the web tables of one open store (see the module)."""

    def __init__(self, connection: sqlite3.Connection, transaction: Transaction) -> None:
        self._connection = connection
        self._transaction = transaction

    # -- URLs ------------------------------------------------------------------------------

    def resource(self, url: str) -> WebResource | None:
        row = self._connection.execute(
            "SELECT url, kind, etag, last_modified, checked_at, changed_at, article_id,"
            " text_hash, error FROM web_resources WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        return WebResource(row["url"], row["kind"], Validators(row["etag"], row["last_modified"]),
                           row["checked_at"], row["changed_at"], row["article_id"],
                           row["text_hash"], row["error"])

    def save_resource(self, url: str, kind: str, *, validators: Validators | None = None,
                      article_id: str | None = None, text_hash: str | None = None,
                      author: str | None = None, error: str | None = None,
                      body: str | None = None) -> None:
        """Record an answer with content for ``url`` and what came of it (``error``: the
        code it was rejected with). A success clears the rejections earlier failures at
        ``url`` left."""
        now = utc_now()
        validators = validators or Validators()
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO web_resources (url, kind, etag, last_modified,"
                " checked_at, changed_at, article_id, text_hash, author, error, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (url, kind, validators.etag, validators.last_modified, now, now, article_id,
                 text_hash, author, error, body),
            )
            if error is None:
                connection.execute("DELETE FROM rejections WHERE location = ?", (url,))

    def save_failure(self, url: str, kind: str, error: str) -> None:
        """Record that asking for ``url`` failed with the code ``error``, keeping what an
        earlier answer left (its validators and article)."""
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO web_resources (url, kind, checked_at, error) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at,"
                " error = excluded.error",
                (url, kind, utc_now(), error),
            )

    def touch(self, url: str) -> None:
        """Record that ``url`` answered 304 (not modified) just now."""
        with self._transaction() as connection:
            connection.execute("UPDATE web_resources SET checked_at = ? WHERE url = ?",
                               (utc_now(), url))

    def robots(self, robots_url: str) -> tuple[str, Validators] | None:
        """The robots.txt kept for ``robots_url`` with its validators (for
        :class:`~attache.ingest.fetch.PoliteClient`)."""
        row = self._connection.execute(
            "SELECT body, etag, last_modified FROM web_resources"
            " WHERE url = ? AND kind = 'robots'", (robots_url,)
        ).fetchone()
        if row is None or row["body"] is None:
            return None
        return row["body"], Validators(row["etag"], row["last_modified"])

    def save_robots(self, robots_url: str, text: str, validators: Validators) -> None:
        self.save_resource(robots_url, "robots", validators=validators, body=text)

    def article_with_text(self, text_hash: str, other_than: str) -> str | None:
        """A stored article, other than ``other_than``, that a page with this text hash
        gave: the same story at another address."""
        return self._article_id(
            "SELECT w.article_id FROM web_resources AS w JOIN articles AS a"
            " ON a.id = w.article_id WHERE w.text_hash = ? AND w.article_id != ? LIMIT 1",
            (text_hash, other_than),
        )

    def article_at(self, url: str) -> str | None:
        """The stored article a page at ``url`` gave, or whose URL is ``url``."""
        return self._article_id(
            "SELECT a.id FROM web_resources AS w JOIN articles AS a ON a.id = w.article_id"
            " WHERE w.url = ? UNION ALL SELECT id FROM articles WHERE url = ? LIMIT 1",
            (url, url),
        )

    def _article_id(self, sql: str, parameters: tuple[str, ...]) -> str | None:
        """The article id the first row of ``sql`` starts with, or None when it has none."""
        row = self._connection.execute(sql, parameters).fetchone()
        return row[0] if row else None

    # -- feed entries ----------------------------------------------------------------------

    def add_entries(self, feed_url: str, entries: Iterable[FeedEntry]) -> int:
        """Record the entries of ``feed_url`` not seen before as pending; returns how many
        were new."""
        now = utc_now()
        with self._transaction() as connection:
            before = connection.total_changes
            connection.executemany(
                "INSERT OR IGNORE INTO feed_entries (feed_url, entry_key, link, title,"
                " published, first_seen) VALUES (?, ?, ?, ?, ?, ?)",
                [(feed_url, entry.key, entry.link, entry.title,
                  entry.published.isoformat() if entry.published else None, now)
                 for entry in entries],
            )
            return connection.total_changes - before

    def pending_entries(self, feed_url: str, max_attempts: int) -> list[PendingEntry]:
        """The entries of ``feed_url`` still to fetch (tried fewer than ``max_attempts``
        times), in the order they were found."""
        rows = self._connection.execute(
            "SELECT entry_key, link, title, published, attempts FROM feed_entries"
            " WHERE feed_url = ? AND done_at IS NULL AND attempts < ? ORDER BY rowid",
            (feed_url, max_attempts),
        ).fetchall()
        return [
            PendingEntry(feed_url, FeedEntry(
                row["entry_key"], row["link"], row["title"],
                date.fromisoformat(row["published"]) if row["published"] else None,
            ), row["attempts"])
            for row in rows
        ]

    def finish_entry(self, pending: PendingEntry, outcome: str, article_id: str | None, *,
                     done: bool) -> None:
        """Record one try of an entry: its ``outcome`` (and article); ``done=False`` leaves
        it pending for the next pass (a transient failure)."""
        with self._transaction() as connection:
            connection.execute(
                "UPDATE feed_entries SET outcome = ?, article_id = ?, attempts = attempts + 1,"
                " done_at = ? WHERE feed_url = ? AND entry_key = ?",
                (outcome, article_id, utc_now() if done else None, pending.feed_url,
                 pending.entry.key),
            )
