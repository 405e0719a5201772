"""Where queries read events from: a SQLite store file or a Parquet dataset folder.

:func:`open_events` returns a read-only :class:`EventSource` over either (the backend of the
path decides which: :func:`attache.store.backends.open_backend`). Both answer the same
parameterised SQL (``?`` placeholders) against a table or view named ``events`` (and
``articles``, for titles and URLs), so :func:`attache.query.find_events` and the functions
of :mod:`attache.query.analytics` run unchanged on both. The readers themselves are in
:mod:`attache.store.readers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from attache.store.readers import EventSource, ParquetEvents, SourceKind, SqliteEvents


class Readable(Protocol):
    """Anything that runs a read-only parameterised query and returns rows as dicts:
    a :class:`~attache.store.sqlite.Store` or an :class:`EventSource`."""

    def read(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]: ...


def open_events(path: str | Path, *, threads: int | None = None) -> EventSource:
    """Open the events at ``path`` for reading: a SQLite store file, or a Parquet dataset
    folder (one holding ``events/**/*.parquet``; ``threads`` caps DuckDB's threads, default
    one per core).

    Raises :class:`~attache.errors.AttacheError` E013 when ``path`` is missing or is a folder
    without an events dataset, and :class:`~attache.errors.StoreError` E010 when the file is
    not an attache store of this schema version (an older one says how to migrate it).
    Nothing is created, migrated or written.
    """
    from attache.store.backends import open_backend

    return open_backend(path).events(threads=threads)


__all__ = ["EventSource", "ParquetEvents", "Readable", "SourceKind", "SqliteEvents",
           "open_events"]
