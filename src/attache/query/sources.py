"""Where queries read events from: a SQLite store file or a Parquet dataset folder.

:func:`open_events` returns an :class:`EventSource` over either. Both answer the same
parameterised SQL (``?`` placeholders) against a table or view named ``events`` (and
``articles``, for titles and URLs), so :func:`attache.query.find_events` and the functions
of :mod:`attache.query.analytics` run unchanged on both.

A Parquet dataset is a folder holding one dataset per table, hive-partitioned by publication
month: ``<folder>/events/month=YYYY-MM/<part>.parquet`` (``month=unknown`` for articles
without a date), with the columns of the SQLite table of the same name plus ``month``. It is
read through an in-memory DuckDB connection with a view over
``read_parquet('<folder>/events/**/*.parquet', hive_partitioning=true)``. Parquet files are
never locked, so a dataset can be queried while a writer works on its SQLite store (a DuckDB
database file, by contrast, is locked by whoever has it open).

Once ``attache dedup`` has linked the folder (:mod:`attache.dedup.parquet`), the
``events`` view takes each event's ``cluster_id`` from the pass's result (a LEFT JOIN: NULL
for an event that is its own cluster, as :data:`attache.query.events.CLUSTER` reads it),
``articles`` its ``duplicate_of``, and an ``event_clusters`` view reads the counts, so the
queries count clusters as on the SQLite store. Before that, ``event_clusters`` is empty and
the views are the bare scans (no join to slow them).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

from attache.errors import AttacheError, ErrorCode
from attache.store.parquet import duckdb_scan, has_parquet
from attache.store.sqlite import Store, open_store

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""

SourceKind = Literal["sqlite", "parquet"]

# Columns a Parquet writer may have typed differently from SQLite's TEXT/INTEGER: cast back
# so both sources give the same Python values. Fixed lists: no identifier comes from a file.
_TEXT_DATE_COLUMNS = ("published", "date")
_INTEGER_FLAG_COLUMNS = ("background", "location_dateline")
_ARTICLE_COLUMNS = ("id", "title", "url")
_ADDED_COLUMNS = {"events": ("cluster_id", "day")}  # schema version 3


class Readable(Protocol):
    """Anything that runs a read-only parameterised query and returns rows as dicts:
    a :class:`~attache.store.sqlite.Store` or an :class:`EventSource`."""

    def read(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]: ...


class EventSource:
    """Events to query: ``kind`` is ``"sqlite"`` or ``"parquet"``, ``path`` the store file
    or dataset folder. :meth:`read` runs a read-only query; close the source when done (or
    use it as a context manager).

    ``linked``: whether some events share a cluster (``None``: ask the events). ``stale``:
    articles were written after the clusters were linked (a Parquet folder ingested again
    after ``attache dedup``), so the events of those count alone."""

    kind: SourceKind
    path: Path
    linked: bool | None = None
    stale: bool = False

    def read(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> EventSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class SqliteEvents(EventSource):
    """A SQLite store, read through :meth:`Store.read` (``query_only``)."""

    kind: SourceKind = "sqlite"

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = store.path

    def read(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.store.read(sql, parameters)

    def close(self) -> None:
        self.store.close()


class ParquetEvents(EventSource):
    """A Parquet dataset folder, read with an in-memory DuckDB connection. ``links``: the
    folder's current dedup result (``None`` before ``attache dedup``)."""

    kind: SourceKind = "parquet"

    def __init__(self, folder: Path, *, threads: int | None = None) -> None:
        import duckdb

        from attache.dedup.parquet import read_links

        self.path = folder
        self.links = read_links(folder)
        if self.links is not None:
            self.stale = self.links.stale
            self.linked = self.links.report.clusters < self.links.report.events
        self._connection = duckdb.connect(":memory:")
        try:
            if threads is not None:
                self._connection.execute(f"SET threads = {int(threads):d}")
            # Footers are read once per connection, not once per query.
            self._connection.execute("SET parquet_metadata_cache = true")
            self._create_view("events", folder / "events", _TEXT_DATE_COLUMNS)
            if has_parquet(folder / "articles"):
                self._create_view("articles", folder / "articles", ("published",))
            else:  # events alone: titles and URLs read as NULL
                self._connection.execute(
                    "CREATE VIEW articles AS SELECT "
                    + ", ".join(f"CAST(NULL AS VARCHAR) AS {name}" for name in _ARTICLE_COLUMNS)
                    + " WHERE false"
                )
            self._create_clusters_view()
        except BaseException:
            self._connection.close()
            raise

    def _create_clusters_view(self) -> None:
        """``event_clusters``: the pass's clusters of two events or more (an event in none
        is a cluster of one), or none at all before the folder is linked."""
        from attache.dedup.parquet import CLUSTERS_SCHEMA

        if self.links is not None:
            scan = _literal(self.links.clusters)
            self._connection.execute(f"CREATE VIEW event_clusters AS SELECT * FROM {scan}")
            return
        types = {"int64": "BIGINT", "string": "VARCHAR"}
        columns = ", ".join(
            f"CAST(NULL AS {types[str(field.type)]}) AS {field.name}" for field in CLUSTERS_SCHEMA
        )
        self._connection.execute(f"CREATE VIEW event_clusters AS SELECT {columns} WHERE false")

    def _create_view(self, name: str, folder: Path, date_columns: Sequence[str]) -> None:
        scan = duckdb_scan(folder)
        described = self._connection.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()
        types = {row[0]: row[1] for row in described}
        casts = [
            f"CAST({column} AS VARCHAR) AS {column}"
            for column in date_columns
            if column in types and types[column] != "VARCHAR"
        ] + [
            f"CAST({column} AS INTEGER) AS {column}"
            for column in _INTEGER_FLAG_COLUMNS
            if types.get(column) == "BOOLEAN"
        ]
        replace = f" REPLACE ({', '.join(casts)})" if casts else ""
        # Columns later schema versions added read as NULL from files written before them.
        added = "".join(
            f", CAST(NULL AS VARCHAR) AS {column}"
            for column in _ADDED_COLUMNS.get(name, ())
            if column not in types
        )
        select = f"SELECT *{replace}{added} FROM {scan}"
        links = self.links
        if links is not None and name == "events":  # each event's cluster from the pass
            select = (
                "SELECT e.* REPLACE (m.cluster_id AS cluster_id)"
                f" FROM ({select}) AS e LEFT JOIN {_literal(links.members)} AS m"
                " ON m.article_id = e.article_id AND m.seq = e.seq"
            )
        elif links is not None and name == "articles" and "duplicate_of" in types:
            select = (
                "SELECT a.* REPLACE (d.duplicate_of AS duplicate_of,"
                " d.similarity AS duplicate_similarity)"
                f" FROM ({select}) AS a LEFT JOIN {_literal(links.duplicates)} AS d"
                " ON d.article_id = a.id"
            )
        self._connection.execute(f"CREATE VIEW {name} AS {select}")

    def read(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self._connection.execute(sql, list(parameters))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        self._connection.close()


def _literal(path: Path) -> str:
    """``read_parquet`` of one file, as a literal (views take no bound parameters)."""
    return "read_parquet('" + path.as_posix().replace("'", "''") + "')"


def open_events(path: str | Path, *, threads: int | None = None) -> EventSource:
    """Open the events at ``path`` for reading: a SQLite store file, or a Parquet dataset
    folder (one holding ``events/**/*.parquet``; ``threads`` caps DuckDB's threads, default
    one per core).

    Raises :class:`~attache.errors.AttacheError` E013 when ``path`` is missing or is a folder
    without an events dataset, and :class:`~attache.errors.StoreError` E010 when the file is
    not an attache store of this schema version. Nothing is created or written.
    """
    path = Path(path)
    if path.is_dir():
        if not has_parquet(path / "events"):
            raise AttacheError(
                ErrorCode.E013,
                path=path,
                problem="not a Parquet dataset (no events/**/*.parquet inside)",
            )
        return ParquetEvents(path, threads=threads)
    if not path.is_file():
        raise AttacheError(ErrorCode.E013, path=path, problem="no such store")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise AttacheError(ErrorCode.E013, path=path, problem=error.strerror) from error
    if header != SQLITE_HEADER:
        raise AttacheError(
            ErrorCode.E013,
            path=path,
            problem="neither a SQLite store nor a Parquet dataset folder",
        )
    return SqliteEvents(open_store(path))
