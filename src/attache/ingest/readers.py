"""Stream articles out of files: JSON Lines, plain text, saved web pages (``.html``,
``.htm``) and WARC archives (``.warc.gz``, see :mod:`attache.ingest.archive`), and folders
of them.

Every reader yields :class:`~attache.model.Article` or :class:`~attache.model.Rejection`
items in input order and never holds a whole input file in memory. A bad line or file
becomes a Rejection with an error code and a ``file:line`` location; the rest goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from attache.errors import AttacheError, ErrorCode
from attache.ingest.archive import read_archive, saved_page_reader
from attache.ingest.articles import DEFAULT_MAX_CHARS, content_hash, new_article
from attache.model import Article, Rejection

JSONL_SUFFIXES = frozenset({".jsonl", ".json"})
"""File name endings read as JSON Lines; everything else is read as one plain-text article."""

DIRECTORY_SUFFIXES = frozenset({".jsonl", ".txt"})
"""The files :func:`read_inputs` takes from a folder (not recursive, sorted by name), with
the saved pages and archives :func:`~attache.ingest.archive.saved_page_reader` reads."""

_OPTIONAL_FIELDS = ("title", "source", "url")

Item = Article | Rejection


def _rejection(
    code: ErrorCode, location: str | None, rejected_id: str | None = None, **details: object
) -> Rejection:
    error = AttacheError(code, **details)
    return Rejection(rejected_id, code.name, error.message, location)


def _from_error(error: AttacheError, location: str | None, article_id: str | None) -> Rejection:
    return Rejection(article_id, error.code.name, error.message, location)


def read_jsonl(path: str | Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """Yield one Article (or Rejection) per non-blank line of a JSON Lines file.

    Each line is an object with ``text`` and optional ``id``, ``title``, ``published``
    (ISO date), ``source`` and ``url``. Lines are read as bytes and decoded one by one:
    E004 invalid UTF-8, E007 not JSON, E008 no usable field, E009 bad date, and the
    article checks of :func:`~attache.ingest.articles.check_text` (E003, E005, E006).
    A file that cannot be opened or read yields one E013 Rejection.
    """
    for _location, item in _located_jsonl(Path(path), max_chars):
        yield item


def _located_jsonl(path: Path, max_chars: int) -> Iterator[tuple[str, Item]]:
    try:
        with path.open("rb") as handle:
            for lineno, raw in enumerate(handle, start=1):
                location = f"{path}:{lineno}"
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    yield location, _rejection(ErrorCode.E004, location, offset=error.start)
                    continue
                yield location, _parse_line(line, lineno, location, max_chars)
    except OSError as error:
        problem = error.strerror or str(error)
        yield str(path), _rejection(ErrorCode.E013, str(path), path=path, problem=problem)


def _parse_line(line: str, lineno: int, location: str, max_chars: int) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return _rejection(ErrorCode.E007, location, line=lineno, problem=error.msg)
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


def read_text_file(path: str | Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """Yield the one Article in a plain UTF-8 text file (id: the file name without suffix).

    A leading byte-order mark is dropped. Yields a Rejection instead on E004 (invalid
    UTF-8), E003/E005/E006 (see :func:`~attache.ingest.articles.check_text`) or E013
    (cannot read). A file far larger than ``max_chars`` is rejected without being read.
    """
    path = Path(path)
    location = str(path)
    article_id = path.stem
    try:
        size = path.stat().st_size
        if size > 4 * max_chars:  # UTF-8 takes at most 4 bytes a character
            yield _rejection(ErrorCode.E006, location, article_id, length=size, limit=max_chars)
            return
        data = path.read_bytes()
    except OSError as error:
        yield _rejection(ErrorCode.E013, location, article_id, path=path, problem=error.strerror)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        yield _rejection(ErrorCode.E004, location, article_id, offset=error.start)
        return
    try:
        yield new_article(text.removeprefix("\ufeff"), article_id=article_id, max_chars=max_chars)
    except AttacheError as error:
        yield _from_error(error, location, article_id)


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            yield from sorted(
                child
                for child in path.iterdir()
                if child.is_file()
                and (child.suffix.lower() in DIRECTORY_SUFFIXES or saved_page_reader(child))
            )
        else:
            yield path


def read_inputs(paths: Iterable[str | Path], max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """Read every path in turn: ``.jsonl``/``.json`` as JSON Lines, ``.html``/``.htm`` as
    one saved page, ``.warc.gz``/``.warc`` as an archive of pages, any other file as one
    text article, a folder as its files of these kinds (but ``.json``) sorted by name.

    A missing path yields an E013 Rejection. An id seen again with different text or
    metadata yields an E014 Rejection (the first version stays); an exact repeat passes.
    """
    seen: dict[str, str] = {}
    for path in _expand(paths):
        if not path.exists():
            yield _rejection(ErrorCode.E013, str(path), path=path, problem="no such file")
            continue
        if path.suffix.lower() in JSONL_SUFFIXES:
            located = _located_jsonl(path, max_chars)
        elif (reader := saved_page_reader(path)) is not None:
            located = ((str(path), item) for item in reader(path, max_chars))
        else:
            located = ((str(path), item) for item in read_text_file(path, max_chars))
        for location, item in located:
            if isinstance(item, Article):
                digest = content_hash(item)
                if seen.setdefault(item.id, digest) != digest:
                    yield _rejection(ErrorCode.E014, location, item.id, article_id=item.id)
                    continue
            yield item


def count_inputs(paths: Iterable[str | Path]) -> int | None:
    """How many items :func:`read_inputs` will yield, at most, counted cheaply before
    reading (for a progress bar's total and ETA): the lines of each JSON Lines file (a
    newline count in large binary chunks; blank lines are counted though skipped), one per
    other file. ``None`` when a file cannot be read to count it, or is an archive."""
    total = 0
    for path in _expand(paths):
        if saved_page_reader(path) is read_archive:
            return None
        if not path.exists() or path.suffix.lower() not in JSONL_SUFFIXES:
            total += 1  # one article, or one Rejection for a missing or unreadable file
            continue
        try:
            total += _count_lines(path)
        except OSError:
            return None
    return total


def _count_lines(path: Path, chunk_size: int = 1 << 20) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")
