"""Live news in: fetch pages and poll feeds, code what is new, store it as it arrives.

The Python API under ``attache fetch`` and ``attache watch``:

* :func:`fetch_pages` fetches pages and codes them;
* :func:`poll_feeds` makes one pass over feeds: each feed is asked for conditionally, its
  new entries are recorded as pending, then each pending entry's page is fetched, coded
  and stored;
* :func:`watch` repeats :func:`poll_feeds` every so often.

Everything goes through :class:`~attache.ingest.fetch.PoliteClient` and
:func:`~attache.ingest.web.extract_page`; articles and rejections are stored with
:func:`attache.store.ingest`, one page at a time (the polite delay between two requests to
a site is longer than coding a page takes, so nothing is gained by batching). What was
seen, and each URL's validators, are kept in the store (:mod:`attache.store.web`) and each
write is a transaction of its own, in an order that makes a killed pass lose nothing
already coded: an entry is recorded as pending before its feed's validators are, and done
only after its article is stored.

A page is skipped, not fetched, when its URL already gave a stored article; after fetching,
a page whose text a stored article from another address has is recorded as a duplicate of
it and not coded again.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from attache.errors import WebError
from attache.ingest.archive import WebArchive
from attache.ingest.articles import DEFAULT_MAX_CHARS
from attache.ingest.feeds import parse_feed
from attache.ingest.fetch import FetchSettings, PoliteClient
from attache.ingest.web import PageHints, WebPage, extraction_item, text_hash
from attache.model import Article, CodedArticle, Rejection
from attache.store.loader import IngestReport, OnItem, StreamCoder, ingest
from attache.store.records import utc_now
from attache.store.sqlite import Store
from attache.store.web import PendingEntry

STORED = frozenset({"inserted", "unchanged", "replaced", "duplicate"})
"""Outcomes of a page whose article is in the store."""

MAX_ATTEMPTS = 3
"""Passes in which a feed entry whose page failed for now (E030) is tried."""


@dataclass
class WebReport:
    """What one fetch run or watch pass did. ``pages`` counts answers with content,
    ``not_modified`` 304 answers, ``known`` entries whose page was stored before (not
    fetched), ``duplicates`` pages whose text a page stored before had, ``failed`` feeds
    and pages that could not be fetched or read (``feeds_failed`` of them feeds);
    ``articles`` is the ingest of the rest."""

    feeds: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    new_entries: int = 0
    pages: int = 0
    not_modified: int = 0
    known: int = 0
    duplicates: int = 0
    failed: int = 0
    articles: IngestReport = field(default_factory=IngestReport)

    @property
    def fetched_nothing(self) -> bool:
        """True when every feed failed, or (without feeds) when pages failed and none
        answered (with content or 304)."""
        if self.feeds:
            return self.feeds_failed == self.feeds
        return self.failed > 0 and self.pages + self.not_modified == 0

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        parts = []
        if self.feeds:
            parts.append(f"{self.feeds} feeds polled ({self.feeds_not_modified} not modified, "
                         f"{self.feeds_failed} failed), {self.new_entries} new entries")
        parts.append(f"{self.pages} pages fetched ({self.not_modified} not modified, "
                     f"{self.known} already stored, {self.duplicates} duplicates, "
                     f"{self.failed} failed)")
        parts.append(self.articles.line())
        return "; ".join(parts)


class LazyCoder:
    """A coder built on first need (``factory()``, e.g. :class:`attache.pipeline.Coder`),
    so a pass in which nothing is new never loads the model. It codes like the coder it
    wraps; Rejections before the first article pass through without building it."""

    def __init__(self, factory: Callable[[], StreamCoder]) -> None:
        self._factory = factory
        self._coder: StreamCoder | None = None

    def code_stream(self, items: Iterable[Article | Rejection],
                    batch_size: int = 16) -> Iterator[CodedArticle | Rejection]:
        iterator = iter(items)
        for item in iterator:
            if isinstance(item, Rejection):
                yield item
                continue
            if self._coder is None:
                self._coder = self._factory()
            yield from self._coder.code_stream(itertools.chain([item], iterator), batch_size)
            return


def _add(total: IngestReport, part: IngestReport) -> None:
    for name in (spec.name for spec in dataclasses.fields(IngestReport)):
        setattr(total, name, getattr(total, name) + getattr(part, name))


class _Run:
    """One fetch run or watch pass: the store, coder, client and archive it uses."""

    def __init__(self, store: Store, coder: StreamCoder, client: PoliteClient,
                 archive: WebArchive | None, max_chars: int, on_item: OnItem | None) -> None:
        self.store = store
        self.state = store.web
        self.coder = coder
        self.client = client
        self.archive = archive
        self.max_chars = max_chars
        self.on_item = on_item
        self.report = WebReport()

    def _ingest(self, item: Article | Rejection) -> str:
        """Code and store one item; returns its outcome: inserted, unchanged, replaced,
        or the code it was rejected with."""
        outcomes: list[str] = []

        def note(outcome: str, result: Article | CodedArticle | Rejection) -> None:
            outcomes.append(result.code if isinstance(result, Rejection) else outcome)
            if self.on_item is not None:
                self.on_item(outcome, result)

        _add(self.report.articles, ingest(self.store, [item], self.coder, batch_size=1,
                                          on_item=note))
        return outcomes[-1]

    def _failed(self, url: str, kind: str, error: WebError) -> None:
        self.report.failed += 1
        self._ingest(Rejection(None, error.code.name, error.message, url))
        self.state.save_failure(url, kind, error.code.name)

    def page(self, url: str, hints: PageHints | None = None) -> tuple[str, str | None, bool]:
        """Fetch, code and store the page at ``url``: (outcome, article id, whether it is
        worth trying again later)."""
        known = self.state.resource(url)
        try:
            response = self.client.get(url, known.validators if known else None)
        except WebError as error:
            self._failed(url, "page", error)
            return error.code.name, None, error.transient
        if response.not_modified:
            self.report.not_modified += 1
            self.state.touch(url)
            return "not modified", known.article_id if known else None, False
        self.report.pages += 1
        page = WebPage(url, response.body, response.final_url, response.headers, utc_now(),
                       hints or PageHints())
        if self.archive is not None:
            self.archive.save(page)
        extracted = extraction_item(page, self.max_chars)
        if isinstance(extracted, Rejection):
            item, author, digest, same = extracted, None, None, None
        else:
            item, author = extracted.article, extracted.author
            digest = text_hash(item.text)
            same = self.state.article_with_text(digest, item.id)
        if same is not None:
            self.report.duplicates += 1
            outcome, article_id = "duplicate", same
        else:
            outcome = self._ingest(item)
            article_id = item.id if outcome in STORED else None
        self.state.save_resource(url, "page", validators=response.validators,
                                 article_id=article_id, text_hash=digest, author=author,
                                 error=None if outcome in STORED else outcome)
        return outcome, article_id, False

    def feed(self, feed_url: str, max_attempts: int) -> None:
        """Poll one feed, then fetch the pages of its pending entries."""
        self.report.feeds += 1
        known = self.state.resource(feed_url)
        try:
            response = self.client.get(feed_url, known.validators if known else None)
            if response.not_modified:
                self.report.feeds_not_modified += 1
                self.state.touch(feed_url)
            else:
                entries = parse_feed(response.body, response.final_url,
                                     response.header("Content-Type"))
                self.report.new_entries += self.state.add_entries(feed_url, entries)
                self.state.save_resource(feed_url, "feed", validators=response.validators)
        except WebError as error:
            self.report.feeds_failed += 1
            self._failed(feed_url, "feed", error)
        for pending in self.state.pending_entries(feed_url, max_attempts):
            self.entry(pending)

    def entry(self, pending: PendingEntry) -> None:
        entry = pending.entry
        stored = self.state.article_at(entry.link)
        if stored is not None:
            self.report.known += 1
            self.state.finish_entry(pending, "known", stored, done=True)
            return
        hints = PageHints(entry.title, entry.published, pending.feed_url)
        outcome, article_id, again = self.page(entry.link, hints)
        self.state.finish_entry(pending, outcome, article_id, done=not again)


def _run(store: Store, coder: StreamCoder, settings: FetchSettings | None,
         archive: WebArchive | None, max_chars: int, on_item: OnItem | None,
         work: Callable[[_Run], None]) -> WebReport:
    with PoliteClient(settings, robots_memory=store.web) as client:
        run = _Run(store, coder, client, archive, max_chars, on_item)
        work(run)
    return run.report


def fetch_pages(
    store: Store,
    urls: Iterable[str],
    coder: StreamCoder,
    *,
    settings: FetchSettings | None = None,
    archive: WebArchive | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    on_item: OnItem | None = None,
) -> WebReport:
    """Fetch each page of ``urls`` in turn (conditionally when fetched before), code it and
    store it with ``coder``. A page that fails becomes a stored rejection (E030-E038) and
    the rest goes on. ``archive`` keeps each page fetched; ``on_item`` is told each
    article's and rejection's outcome (as :func:`attache.store.ingest` does)."""

    def work(run: _Run) -> None:
        for url in urls:
            run.page(url)

    return _run(store, coder, settings, archive, max_chars, on_item, work)


def poll_feeds(
    store: Store,
    feed_urls: Iterable[str],
    coder: StreamCoder,
    *,
    settings: FetchSettings | None = None,
    archive: WebArchive | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_attempts: int = MAX_ATTEMPTS,
    on_item: OnItem | None = None,
) -> WebReport:
    """One pass over feeds (RSS or Atom): poll each (conditionally), record its new
    entries, and fetch, code and store the page of every entry still pending (one that
    failed for now, E030, is tried again in later passes, ``max_attempts`` times in all).
    An entry whose page is already stored is not fetched; the feed's title and date stand
    in for a page's missing ones. Otherwise as :func:`fetch_pages`."""

    def work(run: _Run) -> None:
        for feed_url in feed_urls:
            run.feed(feed_url, max_attempts)

    return _run(store, coder, settings, archive, max_chars, on_item, work)


def watch(
    store: Store,
    feed_list: Callable[[], list[str]],
    coder: StreamCoder,
    *,
    every: float,
    passes: int | None = None,
    settings: FetchSettings | None = None,
    archive_folder: str | Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    on_item: OnItem | None = None,
    on_pass: Callable[[WebReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Run :func:`poll_feeds` every ``every`` seconds (from the start of one pass to the
    start of the next; a pass that takes longer is followed at once), ``passes`` times or
    until interrupted. ``feed_list()`` is asked for the feeds before each pass (so an edited
    list takes effect); each pass writes its own archive file in ``archive_folder``."""
    for number in itertools.count(1):
        started = clock()
        archive = WebArchive(archive_folder) if archive_folder is not None else None
        try:
            report = poll_feeds(store, feed_list(), coder, settings=settings, archive=archive,
                                max_chars=max_chars, on_item=on_item)
        finally:
            if archive is not None:
                archive.close()
        if on_pass is not None:
            on_pass(report)
        if passes is not None and number >= passes:
            return
        sleep(max(0.0, started + every - clock()))
