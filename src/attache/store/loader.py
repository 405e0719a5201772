"""Feed articles through a coder into the store, skipping those stored unchanged.

The CLI's ``attache ingest`` and ``attache demo`` and the throughput benchmark all use
:func:`ingest`, so they measure and do the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from attache.errors import ArticleError
from attache.ingest.articles import check_fields, content_hash, printable
from attache.model import Article, CodedArticle, Rejection
from attache.store.sqlite import Store


class StreamCoder(Protocol):
    """What :func:`ingest` needs of a coder (``attache.pipeline.Coder`` has it)."""

    def code_stream(
        self, items: Iterable[Article | Rejection], batch_size: int = 16
    ) -> Iterator[CodedArticle | Rejection]: ...


@dataclass
class IngestReport:
    """What one ingest run did. ``events`` counts plain (asserted) events written;
    ``events_all`` counts every event written, negated and hypothetical ones included.
    ``skipped`` counts the articles found already stored with the same content before
    coding, so never sent to the coder (a resumed run skips what the interrupted one
    stored); they are part of ``unchanged`` too."""

    inserted: int = 0
    unchanged: int = 0
    replaced: int = 0
    rejected: int = 0
    events: int = 0
    events_all: int = 0
    unreadable: int = 0
    skipped: int = 0

    @property
    def articles(self) -> int:
        """Articles ingested: inserted + unchanged + replaced."""
        return self.inserted + self.unchanged + self.replaced

    @property
    def read_nothing(self) -> bool:
        """True when no input could be read at all (every path missing or unreadable,
        or no input lines)."""
        return self.articles + self.rejected == self.unreadable

    def line(self) -> str:
        """The one-line summary the CLI prints; it ends with "N already stored, skipped"
        when some articles were not coded again."""
        line = (
            f"ingested {_count(self.articles, 'article')} ({self.inserted} inserted, "
            f"{self.unchanged} unchanged, {self.replaced} replaced), "
            f"{_count(self.events, 'event')}, {self.rejected} rejected"
        )
        if self.skipped:
            line += f"; {self.skipped} already stored, skipped"
        return line


def _count(number: int, noun: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


OnItem = Callable[[str, Article | CodedArticle | Rejection], None]
"""Called once per input item with its outcome: ``inserted``, ``unchanged``, ``replaced``
or ``rejected`` (for progress bars and messages)."""


def ingest(
    store: Store,
    items: Iterable[Article | Rejection],
    coder: StreamCoder,
    *,
    batch_size: int = 16,
    on_item: OnItem | None = None,
    recode: bool = False,
) -> IngestReport:
    """Code ``items`` with ``coder.code_stream`` and write the results to ``store``.

    Articles already stored with the same content hash are not sent to the coder at all
    (counted as unchanged and skipped). Rejections, from the readers or the coder, are
    stored too. Each article is written in its own transaction as its result arrives, so
    an interrupted run loses at most the articles still being coded, and running it again
    resumes: what was stored is skipped. With ``recode`` stored articles are coded again
    too (``attache recode``): one coded with other dictionaries is replaced.
    """
    report = IngestReport()

    def notify(outcome: str, item: Article | CodedArticle | Rejection) -> None:
        if on_item is not None:
            on_item(outcome, item)

    def to_code() -> Iterator[Article | Rejection]:
        for item in items:
            if isinstance(item, Article):
                try:  # an Article built by hand, not read: what the readers check
                    check_fields(item)
                except ArticleError as error:
                    yield Rejection(printable(item.id), error.code.name, error.message)
                    continue
            if isinstance(item, Article) and not recode and store.has_article(
                    item.id, content_hash(item)):
                report.unchanged += 1
                report.skipped += 1
                notify("unchanged", item)
                continue
            yield item

    for result in coder.code_stream(to_code(), batch_size=batch_size):
        if isinstance(result, Rejection):
            store.write_rejection(result)
            report.rejected += 1
            if result.code == "E013":
                report.unreadable += 1
            notify("rejected", result)
            continue
        status = store.write(result)
        if status == "unchanged":
            report.unchanged += 1
        else:
            setattr(report, status, getattr(report, status) + 1)
            report.events += len(result.plain_events)
            report.events_all += len(result.events)
        notify(status, result)
    return report
