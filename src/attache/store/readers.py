"""Read-only views of where events are kept: a SQLite store file or a Parquet dataset folder.

An :class:`EventSource` answers parameterised SQL (``?`` placeholders) against a table or
view named ``events`` (and ``articles``, for titles and URLs, ``event_clusters``, and the
aggregate tables of :mod:`attache.store.aggregates` when it has them), so the query
functions of :mod:`attache.query` run unchanged on both. Nothing here creates, migrates or
writes anything; :func:`attache.store.backends.open_backend` picks the reader of a path.

A Parquet dataset is a folder holding one dataset per table, hive-partitioned by publication
month: ``<folder>/events/month=YYYY-MM/<part>.parquet`` (``month=unknown`` for articles
without a date), with the columns of the SQLite table of the same name plus ``month``. It is
read through an in-memory DuckDB connection with a view over
``read_parquet('<folder>/events/**/*.parquet', hive_partitioning=true)``. Parquet files are
never locked, so a dataset can be queried while a writer works on its SQLite store (a DuckDB
database file, by contrast, is locked by whoever has it open).

Once ``attache dedup`` has linked the folder (:mod:`attache.dedup.parquet`), the
``events`` view takes each event's ``cluster_id`` from the pass's result (a LEFT JOIN: NULL
for an event that is its own cluster, as :data:`attache.dedup.clusters.CLUSTER` reads it),
``articles`` its ``duplicate_of``, and an ``event_clusters`` view reads the counts, so the
queries count clusters as on the SQLite store. Before that, ``event_clusters`` is empty and
the views are the bare scans (no join to slow them). When the folder's aggregates are
current (:func:`attache.store.parquet.current_aggregates`), views of the same names as the
store's tables read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from attache.closing import Closing
from attache.store.aggregates import TABLES as AGGREGATE_TABLES
from attache.store.sqlite import Store

SourceKind = Literal["sqlite", "parquet"]

# Columns a Parquet writer may have typed differently from SQLite's TEXT/INTEGER: cast back
# so both sources give the same Python values. Fixed lists: no identifier comes from a file.
_TEXT_DATE_COLUMNS = ("published", "date")
_INTEGER_FLAG_COLUMNS = ("background", "location_dateline")
_ARTICLE_COLUMNS = ("id", "title", "url")
_ADDED_COLUMNS = {"events": ("cluster_id", "day", "event_rule"),  # schema versions 3, 4
                  "articles": ("dictionaries",)}  # version 4


class EventSource(Closing):
    """Events to query: ``kind`` is ``"sqlite"`` or ``"parquet"``, ``path`` the store file
    or dataset folder. :meth:`read` runs a read-only query; close the source when done (or
    use it as a context manager).

    ``linked``: whether some events share a cluster (``None``: ask the events). ``stale``:
    articles were written after the clusters were linked (a Parquet folder ingested again
    after ``attache dedup``), so the events of those count alone. ``aggregates``: whether
    the tables of :mod:`attache.store.aggregates` can be read (and are current)."""

    kind: SourceKind
    path: Path
    linked: bool | None = None
    stale: bool = False
    aggregates: bool = False

    def read(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError


class SqliteEvents(EventSource):
    """A SQLite store, read through :meth:`Store.read` (open it read-only: see
    :func:`attache.store.backends.open_backend`)."""

    kind: SourceKind = "sqlite"
    aggregates = True

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = store.path

    def read(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.store.read(sql, parameters)

    def close(self) -> None:
        self.store.close()


class ParquetEvents(EventSource):
    """A Parquet dataset folder, read with an in-memory DuckDB connection. ``links``: the
    folder's current dedup result (``None`` before ``attache dedup``). ``aggregates=False``
    leaves the folder's aggregates unread even when they are current (what building them
    reads)."""

    kind: SourceKind = "parquet"

    def __init__(self, folder: Path, *, threads: int | None = None,
                 aggregates: bool = True) -> None:
        import duckdb

        from attache.dedup.parquet import read_links
        from attache.store.parquet import current_aggregates, has_parquet

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
            run = current_aggregates(folder) if aggregates else None
            if run is not None:
                for table in AGGREGATE_TABLES:
                    self._connection.execute(
                        f"CREATE VIEW {table} AS SELECT * FROM {_literal(run / table)}")
                self.aggregates = True
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
        from attache.store.parquet import duckdb_scan

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

    def execute(self, sql: str) -> None:
        """Run a statement on the in-memory connection (temporary tables only: the folder's
        files are never written through it)."""
        self._connection.execute(sql)

    def arrow(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        """The rows of a read-only query as an Arrow table."""
        return self._connection.sql(sql, params=list(parameters) or None).to_arrow_table()

    def close(self) -> None:
        self._connection.close()


def _literal(path: Path) -> str:
    """``read_parquet`` of one file (``path``, ``.parquet`` added when it has no suffix),
    as a literal (views take no bound parameters)."""
    if not path.suffix:
        path = path.with_suffix(".parquet")
    return "read_parquet('" + path.as_posix().replace("'", "''") + "')"


