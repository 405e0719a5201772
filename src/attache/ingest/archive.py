"""Saved web pages: the WARC archive ``--archive DIR`` writes, and the readers
``attache ingest`` uses for ``.html``/``.htm`` files and ``.warc.gz`` archives.

The archive is WARC (ISO 28500, the web archives' standard, written and read with warcio),
so other tools can read it too. Each fetched page is one gzip-compressed ``response``
record: the HTTP status line and headers, then the body as decoded (so the
``Content-Encoding`` and ``Transfer-Encoding`` headers are dropped and ``Content-Length``
is the body's). What a feed said about the page travels in extension fields
(``Attache-Location``, ``Attache-Feed-URI``, ``Attache-Feed-Title``,
``Attache-Feed-Published``), so re-coding an archive gives the articles the live run gave.
Records are flushed one by one, so a killed run leaves every page but the one it was
writing, which readers skip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

from attache.closing import Closing
from attache.errors import AttacheError, ErrorCode, InputError, WebError
from attache.ingest.articles import DEFAULT_MAX_CHARS
from attache.ingest.fetch import DEFAULT_MAX_BYTES
from attache.ingest.web import PageHints, WebPage, page_item
from attache.model import Article, Rejection

HTML_SUFFIXES = (".html", ".htm")
ARCHIVE_SUFFIXES = (".warc.gz", ".warc")

DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
"""Headers that described the bytes on the wire, not the decoded body kept."""

Item = Article | Rejection
Reader = Callable[[Path, int], Iterator[Item]]


class WebArchive(Closing):
    """Appends fetched pages to ``folder/attache-<UTC time>-<pid>.warc.gz`` (created on the
    first page). Use one per run or pass, as a context manager."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.path = self.folder / f"attache-{stamp}-{os.getpid()}.warc.gz"
        self._handle = None
        self._writer = None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = self._writer = None

    def save(self, page: WebPage, status: str = "200 OK") -> None:
        """Append ``page`` as one response record and flush it to disk; E039 when the
        archive cannot be written (the run stops: the pages asked to be kept would be lost)."""
        try:
            self._write(page, status)
        except OSError as error:
            raise WebError(ErrorCode.E039, path=self.path,
                           problem=error.strerror or str(error)) from error

    def _write(self, page: WebPage, status: str) -> None:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("ab")
            self._writer = WARCWriter(self._handle, gzip=True)
        headers = [(name, value) for name, value in page.headers
                   if name.lower() not in DROPPED_HEADERS]
        headers.append(("Content-Length", str(len(page.body))))
        fields = {"Attache-Location": page.location}
        if page.fetched_at:
            fields["WARC-Date"] = page.fetched_at.replace("+00:00", "Z")
        hints = page.hints
        for name, value in (("Attache-Feed-URI", hints.feed_url),
                            ("Attache-Feed-Title", hints.title),
                            ("Attache-Feed-Published",
                             hints.published.isoformat() if hints.published else None)):
            if value:
                fields[name] = " ".join(value.split())
        record = self._writer.create_warc_record(
            page.final_url or page.location,
            "response",
            payload=BytesIO(page.body),
            http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
            warc_headers_dict=fields,
        )
        self._writer.write_record(record)
        self._handle.flush()


def archived_pages(path: str | Path) -> Iterator[WebPage]:
    """The pages of a WARC file (its 2xx ``response`` records), in order. A last record
    cut short (a killed run) is left out; raises :class:`~attache.errors.InputError` E013
    where the file cannot be read further (not a WARC file), after the pages before."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = Path(path)
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                status = record.http_headers.get_statuscode() if record.http_headers else ""
                if record.rec_type != "response" or not status.startswith("2"):
                    continue
                fields = record.rec_headers
                published = fields.get_header("Attache-Feed-Published")
                target = fields.get_header("WARC-Target-URI")
                yield WebPage(
                    location=fields.get_header("Attache-Location") or target,
                    body=record.content_stream().read(),
                    final_url=target,
                    headers=tuple(record.http_headers.headers),
                    fetched_at=fields.get_header("WARC-Date"),
                    hints=PageHints(
                        title=fields.get_header("Attache-Feed-Title"),
                        published=date.fromisoformat(published) if published else None,
                        feed_url=fields.get_header("Attache-Feed-URI"),
                    ),
                )
    except (OSError, EOFError, ValueError, ArchiveLoadFailed) as error:
        problem = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise InputError(ErrorCode.E013, path=path, problem=problem) from error


def read_archive(path: str | Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """Yield the article (or Rejection) of each page of a WARC archive, as the live run
    that saved it did; an unreadable rest of the file is one E013 Rejection."""
    try:
        for page in archived_pages(path):
            yield page_item(page, max_chars)
    except InputError as error:
        yield Rejection(None, error.code.name, error.message, str(path))


def read_html_file(path: str | Path, max_chars: int = DEFAULT_MAX_CHARS,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield the article of a saved ``.html``/``.htm`` page (its id: the canonical URL's,
    else the file name without suffix), or a Rejection: E013 unreadable, E033 larger than
    ``max_bytes``, and those of :func:`~attache.ingest.web.extract_page`."""
    path = Path(path)
    try:
        if path.stat().st_size > max_bytes:
            raise WebError(ErrorCode.E033, url=path, limit=max_bytes)
        body = path.read_bytes()
    except OSError as error:
        failure: AttacheError = InputError(ErrorCode.E013, path=path,
                                           problem=error.strerror or str(error))
    except WebError as error:
        failure = error
    else:
        yield page_item(WebPage(str(path), body, fallback_id=path.stem), max_chars)
        return
    yield Rejection(path.stem, failure.code.name, failure.message, str(path))


def saved_page_reader(path: Path) -> Reader | None:
    """The reader ``attache ingest`` uses for ``path`` when it is a saved page or a WARC
    archive (by its name), else ``None``."""
    name = path.name.lower()
    if name.endswith(HTML_SUFFIXES):
        return read_html_file
    if name.endswith(ARCHIVE_SUFFIXES):
        return read_archive
    return None
