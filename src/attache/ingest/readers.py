"""Stream articles out of files: JSON Lines, plain text, saved web pages (``.html``,
``.htm``) and WARC archives (``.warc.gz``, see :mod:`attache.ingest.archive`), folders of
them, gzip-compressed files, pipes and standard input.

Every reader yields :class:`~attache.model.Article` or :class:`~attache.model.Rejection`
items in input order and never holds a whole input file in memory. A bad line or file
becomes a Rejection with an error code and a ``file:line`` location; the rest goes on.
Nothing in an input makes a reader raise or wait for ever: a folder it cannot list, a
broken link, a FIFO nobody writes to or a damaged gzip stream is an E013 Rejection too.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import select
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from attache.errors import AttacheError, ErrorCode, InputError
from attache.ingest.archive import read_archive, saved_page_reader
from attache.ingest.articles import (
    DEFAULT_MAX_CHARS,
    MAX_JSON_DEPTH,
    content_hash,
    max_record_bytes,
    new_article,
    printable,
)
from attache.model import Article, Rejection

JSONL_SUFFIXES = frozenset({".jsonl", ".json"})
"""File name endings read as JSON Lines (also with ``.gz`` after them)."""

TEXT_SUFFIXES = frozenset({".txt"})
"""File name endings read as one plain-text article (also with ``.gz`` after them). A file
with any other ending, standard input and a pipe are read as JSON Lines when their first
character (after a byte-order mark and white space) is ``{``, else as one text article."""

DIRECTORY_SUFFIXES = frozenset({".jsonl", ".txt"})
"""The files :func:`read_inputs` takes from a folder (not recursive, sorted by name), also
with ``.gz`` after them, with the saved pages and archives
:func:`~attache.ingest.archive.saved_page_reader` reads. Other files are left alone;
subfolders, broken links and anything that is not a regular file among those named so are
E013 Rejections."""

GZIP_MAGIC = b"\x1f\x8b"
"""The first bytes of a gzip stream: a compressed input is recognised by them, whatever
its name."""

STDIN = "-"
"""The path that means standard input."""

FIFO_WAIT = 10.0
"""Seconds :func:`read_inputs` waits for a process to write to a named FIFO before it
gives up on it (E013). Pipes the shell hands over (``-``, ``/dev/stdin``, ``<(...)``) are
read however long their writer takes."""

CHUNK = 1 << 20
"""Bytes read at a time."""

_OPTIONAL_FIELDS = ("title", "source", "url")
_WHITESPACE = b" \t\r\n"
_BOM = b"\xef\xbb\xbf"

Item = Article | Rejection


def _rejection(
    code: ErrorCode, location: str | None, rejected_id: str | None = None, **details: object
) -> Rejection:
    error = AttacheError(code, **details)
    return _from_error(error, location, rejected_id)


def _from_error(error: AttacheError, location: str | None, article_id: str | None) -> Rejection:
    """A Rejection safe to store: an id or a location holding a lone surrogate (from a JSON
    escape or a file name that is not UTF-8) is kept with the surrogate escaped."""
    return Rejection(
        printable(article_id) if article_id is not None else None,
        error.code.name,
        printable(error.message),
        printable(location) if location is not None else None,
    )


# -- JSON -------------------------------------------------------------------------------


def check_json_depth(text: str, where: str) -> str:
    """Return ``text`` unchanged, or raise :class:`~attache.errors.InputError` E018 when
    its arrays and objects nest deeper than :data:`MAX_JSON_DEPTH` (Python's parser would
    fail on deep nesting with a RecursionError, far from the input that caused it)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return text  # an ordinary article record: nothing to count
    depth = 0
    for bracket in _BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise InputError(ErrorCode.E018, where=where, limit=MAX_JSON_DEPTH)
    return text


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


# -- JSON Lines -------------------------------------------------------------------------


def read_jsonl(path: str | Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """Yield one Article (or Rejection) per non-blank line of a JSON Lines file (gzip
    compressed or not).

    Each line is an object with ``text`` and optional ``id``, ``title``, ``published``
    (see :func:`~attache.ingest.articles.parse_published`), ``source`` and ``url``. Lines
    end with LF, CRLF or CR; a leading byte-order mark is dropped. Lines are read as bytes
    and decoded one by one: E004 invalid UTF-8, E007 not JSON, E008 no usable field, E009
    bad date, E016 a lone surrogate, E017 a field too long, E018 nested too deep, E019 a
    line too long, and the article checks of
    :func:`~attache.ingest.articles.check_text` (E003, E005, E006). A file that cannot be
    opened or read yields one E013 Rejection.
    """
    source = _Source(str(path), Path(path), regular=True, kind="jsonl")
    for _location, item in _read_source(source, max_chars):
        yield item


def _lines(read: Callable[[int], bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` for each line of a byte stream, the line without its ending
    (LF, CRLF or CR: JSON strings hold no raw CR or LF, so each ends a line). ``None``
    stands for a line longer than ``limit`` bytes, which is skipped without being held."""
    lineno = 0
    buffer = b""
    overlong = False
    after_cr = False
    while chunk := read(CHUNK):
        if after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]  # the LF of a CRLF split between two chunks
        after_cr = chunk.endswith(b"\r")
        buffer += chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        *complete, buffer = buffer.split(b"\n")
        for line in complete:
            lineno += 1
            yield lineno, None if overlong or len(line) > limit else line
            overlong = False
        if len(buffer) > limit:
            overlong, buffer = True, b""
    if buffer or overlong:
        yield lineno + 1, None if overlong else buffer


def _jsonl_items(
    read: Callable[[int], bytes], source: _Source, max_chars: int
) -> Iterator[tuple[str, Item]]:
    limit = max_record_bytes(max_chars)
    for lineno, raw in _lines(read, limit):
        location = f"{source.location}:{lineno}"
        if raw is None:
            yield location, _rejection(ErrorCode.E019, location, line=lineno, limit=limit)
            continue
        if lineno == 1:
            raw = raw.removeprefix(_BOM)
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield location, _rejection(ErrorCode.E004, location, offset=error.start)
            continue
        yield location, _parse_line(line, lineno, location, max_chars)


def _parse_line(line: str, lineno: int, location: str, max_chars: int) -> Item:
    try:
        record = json.loads(check_json_depth(line, f"line {lineno}"))
    except InputError as error:
        return _from_error(error, location, None)
    except ValueError as error:  # JSONDecodeError, or an integer of over 4,300 digits
        problem = getattr(error, "msg", None) or str(error)
        return _rejection(ErrorCode.E007, location, line=lineno, problem=problem)
    if not isinstance(record, dict):
        problem = f"expected an object, found {type(record).__name__}"
        return _rejection(ErrorCode.E007, location, line=lineno, problem=problem)
    article_id = record.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if article_id is not None and not isinstance(article_id, str):
        problem = f"expected a string, found {type(article_id).__name__}"
        return _rejection(ErrorCode.E008, location, None, line=lineno, field="id", problem=problem)
    text = record.get("text")
    if not isinstance(text, str):
        problem = "missing" if text is None else f"expected a string, found {type(text).__name__}"
        return _rejection(
            ErrorCode.E008, location, article_id, line=lineno, field="text", problem=problem
        )
    optional: dict[str, str | None] = {}
    for field in _OPTIONAL_FIELDS:
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            problem = f"expected a string, found {type(value).__name__}"
            return _rejection(
                ErrorCode.E008, location, article_id, line=lineno, field=field, problem=problem
            )
        optional[field] = value
    try:
        return new_article(
            text,
            article_id=article_id,
            published=record.get("published"),
            max_chars=max_chars,
            **optional,
        )
    except AttacheError as error:
        return _from_error(error, location, article_id)


# -- plain text -------------------------------------------------------------------------


def file_article_id(path: str | Path) -> str:
    """The id of the article in a text file: its folder's name and its file name without a
    ``.gz`` ending (``news/report.txt``), so that files of the same name in two folders are
    two articles, and a file has the same id whether it was named alone or read with its
    folder. A name that is not UTF-8 keeps its bad bytes as ``\\\\udcXX`` escapes."""
    absolute = Path(os.path.abspath(path))
    name = absolute.name.removesuffix(".gz").removesuffix(".GZ")
    parent = absolute.parent.name
    return printable(f"{parent}/{name}" if parent else name)


def read_text_file(path: str | Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """Yield the one Article in a plain UTF-8 text file, gzip-compressed or not (id:
    :func:`file_article_id`).

    A leading byte-order mark is dropped. Yields a Rejection instead on E004 (invalid
    UTF-8), E003/E005/E006/E016 (see :func:`~attache.ingest.articles.check_text`) or E013
    (cannot read). A file far larger than ``max_chars`` is rejected without being read.
    """
    source = _Source(str(path), Path(path), regular=True, kind="text")
    for _location, item in _read_source(source, max_chars):
        yield item


def read_text(path: str | Path, max_chars: int = DEFAULT_MAX_CHARS) -> Item:
    """The one text article of a file (gzip-compressed or not), a pipe, or ``-`` (standard
    input), read as :func:`read_text_file` reads a file: what ``attache code`` codes. Its
    id is :func:`file_article_id` for a regular file, else derived from the text."""
    if str(path) == STDIN:
        source = _Source("<stdin>", None, regular=False, kind="text")
    else:
        regular = Path(path).is_file()
        source = _Source(printable(str(path)), Path(path), regular=regular, kind="text",
                         compressed=_suffixes(Path(path).name)[1])
    return next(item for _location, item in _read_source(source, max_chars))


def _text_item(
    read: Callable[[int], bytes], source: _Source, max_chars: int
) -> Iterator[tuple[str, Item]]:
    location = source.location
    article_id = file_article_id(source.path) if source.regular and source.path else None
    limit = 4 * max_chars  # UTF-8 takes at most 4 bytes a character
    if source.regular and source.path and not source.gzip:
        size = source.path.stat().st_size
        if size > limit:
            yield location, _rejection(
                ErrorCode.E006, location, article_id, length=size, limit=max_chars
            )
            return
    data = bytearray()
    while len(data) <= limit and (chunk := read(CHUNK)):
        data += chunk
    if len(data) > limit:  # a stream or a compressed file: stop reading it here
        yield location, _rejection(
            ErrorCode.E006, location, article_id, length=len(data), limit=max_chars
        )
        return
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError as error:
        yield location, _rejection(ErrorCode.E004, location, article_id, offset=error.start)
        return
    try:
        article = new_article(text.removeprefix("\ufeff"), article_id=article_id,
                              max_chars=max_chars)
    except AttacheError as error:
        yield location, _from_error(error, location, article_id)
        return
    yield location, article


# -- sources: what a path names ---------------------------------------------------------


@dataclass
class _Source:
    """One input to read: a file, a pipe or standard input (``path`` None)."""

    location: str
    path: Path | None
    regular: bool
    kind: str | None = None  # "jsonl", "text", "page" (a saved page or archive) or None
    #: decided by content
    compressed: bool = False  # named .gz
    gzip: bool = False  # found to be gzip data
    fifo_wait: float | None = None  # a named FIFO: seconds to wait for a writer

    def open(self) -> BinaryIO:
        if self.path is None:
            return os.fdopen(os.dup(sys.stdin.fileno()), "rb")
        if self.fifo_wait is None:
            return self.path.open("rb")
        descriptor = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
        poller = select.poll()
        poller.register(descriptor, select.POLLIN)
        if not poller.poll(int(self.fifo_wait * 1000)):
            os.close(descriptor)
            raise TimeoutError(f"no process wrote to this FIFO within {self.fifo_wait:g} s")
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")


def _suffixes(name: str) -> tuple[str, bool]:
    """(the format suffix of a file name, whether it ends in ``.gz``)."""
    path = Path(name.lower())
    if path.suffix == ".gz":
        return Path(path.stem).suffix, True
    return path.suffix, False


def _kind(name: str) -> str | None:
    if saved_page_reader(Path(name)) is not None:
        return "page"
    suffix, _compressed = _suffixes(name)
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text" if suffix in TEXT_SUFFIXES else None


def _problem(error: OSError) -> str:
    return error.strerror or str(error)


def _sources(
    paths: Iterable[str | Path], fifo_wait: float = FIFO_WAIT
) -> Iterator[_Source | Rejection]:
    """What each path names, in order: a folder's files sorted by name, or an E013
    Rejection for what cannot be read."""
    stdin_used = False
    for entry in paths:
        if str(entry) == STDIN:
            if stdin_used:
                yield _rejection(ErrorCode.E013, STDIN, path="-",
                                 problem="standard input was already read")
                continue
            stdin_used = True
            yield _Source("<stdin>", None, regular=False)
            continue
        path = Path(entry)
        location = printable(str(path))
        try:
            info = path.stat()
        except OSError as error:
            yield _rejection(ErrorCode.E013, location, path=location, problem=_missing(path, error))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _folder(path)
        elif stat.S_ISREG(info.st_mode):
            yield _Source(location, path, regular=True, kind=_kind(path.name),
                          compressed=_suffixes(path.name)[1] and not saved_page_reader(path))
        elif stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
            named = stat.S_ISFIFO(info.st_mode) and "pipe:[" not in os.path.realpath(path)
            yield _Source(location, path, regular=False, kind=_kind(path.name),
                          fifo_wait=fifo_wait if named else None)
        else:
            yield _rejection(ErrorCode.E013, location, path=location,
                             problem="not a file, a folder or a pipe")


def _missing(path: Path, error: OSError) -> str:
    if isinstance(error, FileNotFoundError) and path.is_symlink():
        return "a broken symbolic link"
    return "no such file" if isinstance(error, FileNotFoundError) else _problem(error)


def _folder(folder: Path) -> Iterator[_Source | Rejection]:
    """A folder's files whose names end in :data:`DIRECTORY_SUFFIXES` (``.gz`` allowed),
    sorted by name; its subfolders and what it names so but cannot read are E013
    Rejections. Hidden entries (``.name``) are left alone."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        location = printable(str(folder))
        yield _rejection(ErrorCode.E013, location, path=location, problem=_problem(error))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        location = printable(entry.path)
        suffix, compressed = _suffixes(entry.name)
        try:
            if entry.is_dir():
                yield _rejection(ErrorCode.E013, location, path=location,
                                 problem="a folder inside a folder is not read (name it to "
                                 "read it)")
                continue
            if suffix not in DIRECTORY_SUFFIXES and saved_page_reader(path) is None:
                continue
            info = path.stat()
        except OSError as error:
            yield _rejection(ErrorCode.E013, location, path=location,
                             problem=_missing(path, error))
            continue
        if not stat.S_ISREG(info.st_mode):
            yield _rejection(ErrorCode.E013, location, path=location,
                             problem="not a regular file (a FIFO, socket or device inside a "
                             "folder is not read)")
            continue
        yield _Source(location, path, regular=True, kind=_kind(entry.name),
                      compressed=compressed and saved_page_reader(path) is None)


# -- reading a source -------------------------------------------------------------------


class _Replay(io.RawIOBase):
    """A byte stream whose first bytes were read already (to tell its format): it gives
    them again, then the rest."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _head(stream: BinaryIO, enough: Callable[[bytes], bool], most: int = 1 << 16) -> bytes:
    head = b""
    while not enough(head) and len(head) < most and (chunk := stream.read(4096)):
        head += chunk
    return head


def _content_kind(head: bytes) -> str:
    stripped = head.removeprefix(_BOM).lstrip(_WHITESPACE)
    return "jsonl" if stripped.startswith(b"{") else "text"


def _decoded(raw: BinaryIO, source: _Source) -> tuple[BinaryIO, str]:
    """The content of ``raw`` (decompressed when it is gzip) and its kind: ``jsonl`` or
    ``text``, from the source's name, else from its first character."""
    head = _head(raw, lambda got: len(got) >= 2)
    stream: BinaryIO = io.BufferedReader(_Replay(head, raw))
    if head.startswith(GZIP_MAGIC):
        source.gzip = True
        stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
    elif source.compressed:
        raise OSError("its name ends in .gz but it is not gzip data")
    if source.kind is not None:
        return stream, source.kind
    head = _head(stream, lambda got: bool(got.removeprefix(_BOM).lstrip(_WHITESPACE)))
    stripped = head.removeprefix(_BOM).lstrip(_WHITESPACE)
    return io.BufferedReader(_Replay(head, stream)), "jsonl" if stripped[:1] == b"{" else "text"


_UNREADABLE = (OSError, EOFError, zlib.error)
"""What reading a file, a pipe or gzip data raises when it cannot go on."""


def _read_source(source: _Source, max_chars: int) -> Iterator[tuple[str, Item]]:
    """Read one source: decompress it when it is gzip, tell JSON Lines from text when its
    name does not, and turn every failure to read into an E013 Rejection after the items
    read so far."""
    location = source.location
    if source.kind == "page" and source.path is not None:
        reader = saved_page_reader(source.path)
        yield from ((location, item) for item in reader(source.path, max_chars))
        return
    try:
        with source.open() as raw:
            stream, kind = _decoded(raw, source)
            reader = _jsonl_items if kind == "jsonl" else _text_item
            yield from reader(stream.read1, source, max_chars)
    except _UNREADABLE as error:
        problem = _problem(error) if isinstance(error, OSError) else str(error)
        if source.gzip:
            problem = f"damaged gzip data ({problem or type(error).__name__})"
        yield location, _rejection(ErrorCode.E013, location, path=location, problem=problem)


def read_inputs(
    paths: Iterable[str | Path],
    max_chars: int = DEFAULT_MAX_CHARS,
    *,
    fifo_wait: float = FIFO_WAIT,
) -> Iterator[Item]:
    """Read every path in turn: ``.jsonl``/``.json`` as JSON Lines, ``.txt`` as one text
    article, ``.html``/``.htm`` as one saved page, ``.warc.gz``/``.warc`` as an archive of
    pages, any other file, a pipe or ``-`` (standard input) by its content (JSON Lines when
    it starts with ``{``), a folder as its files of these kinds sorted by name; JSON Lines
    and text may be gzip-compressed (``.gz``, or recognised by their first bytes).

    A missing or unreadable path, a subfolder, a broken link, a FIFO nobody writes to
    within ``fifo_wait`` seconds or damaged gzip data yields an E013 Rejection. An id seen
    again with different text or metadata yields an E014 Rejection (the first version
    stays); an exact repeat passes.
    """
    seen: dict[str, str] = {}
    for source in _sources(paths, fifo_wait):
        if isinstance(source, Rejection):
            yield source
            continue
        for location, item in _read_source(source, max_chars):
            if isinstance(item, Article):
                digest = content_hash(item)
                if seen.setdefault(item.id, digest) != digest:
                    yield _rejection(ErrorCode.E014, location, item.id, article_id=item.id)
                    continue
            yield item


def count_inputs(paths: Iterable[str | Path]) -> int | None:
    """How many items :func:`read_inputs` will yield, at most, counted before reading (for
    a progress bar's total and ETA): the lines of each JSON Lines file (blank lines are
    counted though skipped), one per other file and per Rejection. ``None`` when an input
    is a pipe or standard input (it can be read only once) or cannot be read to count it."""
    total = 0
    for source in _sources(paths, fifo_wait=0):
        if isinstance(source, Rejection):
            total += 1
            continue
        if not source.regular or (source.path is not None
                                   and saved_page_reader(source.path) is read_archive):
            return None
        if source.kind == "page":
            total += 1
            continue
        try:
            total += _count_items(source)
        except _UNREADABLE:
            total += 1  # read_inputs will reject it
    return total


def _count_items(source: _Source) -> int:
    with source.open() as raw:
        stream, kind = _decoded(raw, source)
        return sum(1 for _line in _lines(stream.read1, limit=0)) if kind == "jsonl" else 1
