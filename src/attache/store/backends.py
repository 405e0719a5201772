"""Where events are kept, behind one interface: a SQLite store file or a Parquet dataset folder.

:func:`open_backend` looks at a path once and returns its :class:`Backend`; the queries
(:func:`attache.query.open_events`), the exports, dedup and the command line ask it, not the
path, what to do:

* :meth:`Backend.events`: a read-only :class:`~attache.store.readers.EventSource`. Reading
  never writes: a SQLite store is opened with SQLite's ``mode=ro`` (an older store is refused
  with E010 naming ``attache migrate``, not migrated behind the reader's back).
* :meth:`Backend.dedup`: link duplicates and event clusters again (``attache dedup``).
* :meth:`Backend.aggregate`: build the aggregates again (``attache aggregate``).
* :meth:`Backend.migrate`: bring it to this attache's schema version (``attache migrate``).
* :attr:`Backend.stale`: whether articles were written after the last linking.

A SQLite store keeps its aggregates exact as it is written (:mod:`attache.store.aggregates`);
a Parquet folder is written by parallel tasks that never see each other's events, so its
aggregates are built in one pass (:func:`build_parquet_aggregates`, by ``attache dedup``,
``attache aggregate`` and at the end of ``attache ingest --engine dask``) and read only while
they are current (:func:`attache.store.parquet.current_aggregates`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from attache.dedup import DedupSettings
from attache.dedup.sqlite import DedupReport
from attache.errors import AttacheError, ErrorCode
from attache.store import aggregates
from attache.store.readers import EventSource, ParquetEvents, SqliteEvents
from attache.store.sqlite import SCHEMA_VERSION, open_store, schema_version

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""

ROW_GROUP_ROWS = 16_384
"""Rows per row group of a folder's aggregate files: small enough that a query skips most of
them by their minimum and maximum values."""


class Backend(ABC):
    """A SQLite store file or a Parquet dataset folder (see the module docstring)."""

    kind: ClassVar[str]

    def __init__(self, path: Path) -> None:
        self.path = path

    @abstractmethod
    def events(self, *, threads: int | None = None) -> EventSource:
        """Its events, read-only (``threads`` caps DuckDB's threads over a folder)."""

    @abstractmethod
    def dedup_settings(self) -> DedupSettings:
        """The settings it was last linked with (attache's defaults before that)."""

    @abstractmethod
    def dedup(self, settings: DedupSettings) -> DedupReport:
        """Link every article's duplicate and every event's cluster again, from scratch,
        with ``settings`` (which later writes use too), and the aggregates with them."""

    def relink(self, changes: Mapping[str, Any], *, defaults: bool = False) -> DedupReport:
        """:meth:`dedup` with its settings (or attache's defaults) changed by ``changes``
        (setting name -> value): what ``attache dedup`` does."""
        settings = DedupSettings() if defaults else self.dedup_settings()
        return self.dedup(replace(settings, **changes))

    @abstractmethod
    def aggregate(self) -> aggregates.AggregateReport:
        """Build the aggregates again from the events."""

    @abstractmethod
    def migrate(self) -> tuple[str | None, str]:
        """Bring it to this attache's schema version; returns the version found and the
        version it has now."""

    @property
    def stale(self) -> bool:
        """Whether articles were written after its clusters were last linked (their events
        count alone until the next :meth:`dedup`)."""
        return False


class SqliteBackend(Backend):
    """A SQLite store file: links and aggregates are kept up to date by every write."""

    kind = "sqlite"

    def events(self, *, threads: int | None = None) -> EventSource:
        return SqliteEvents(open_store(self.path, read_only=True))

    def dedup_settings(self) -> DedupSettings:
        with open_store(self.path) as store:
            return store.dedup_settings

    def dedup(self, settings: DedupSettings) -> DedupReport:
        with open_store(self.path) as store:
            return store.dedup(settings)

    def aggregate(self) -> aggregates.AggregateReport:
        with open_store(self.path) as store:
            return store.aggregate()

    def migrate(self) -> tuple[str | None, str]:
        found = schema_version(self.path)
        open_store(self.path).close()  # a writable open migrates, in one transaction
        return str(found), str(SCHEMA_VERSION)


class ParquetBackend(Backend):
    """A Parquet dataset folder (see :mod:`attache.store.parquet`)."""

    kind = "parquet"

    def events(self, *, threads: int | None = None) -> EventSource:
        from attache.store.parquet import has_parquet

        if not has_parquet(self.path / "events"):
            raise AttacheError(ErrorCode.E013, path=self.path,
                               problem="not a Parquet dataset (no events/**/*.parquet inside)")
        return ParquetEvents(self.path, threads=threads)

    def dedup_settings(self) -> DedupSettings:
        from attache.dedup.parquet import load_settings

        return load_settings(self.path)

    def dedup(self, settings: DedupSettings) -> DedupReport:
        from attache.dedup.parquet import dedup_parquet

        report = dedup_parquet(self.path, settings)
        build_parquet_aggregates(self.path)  # the clusters changed
        return report

    def aggregate(self) -> aggregates.AggregateReport:
        return build_parquet_aggregates(self.path)

    def migrate(self) -> tuple[str | None, str]:
        from attache.store.parquet import dataset_version, prepare

        found = dataset_version(self.path)
        self.events().close()  # E013 for a folder that holds no events
        if found != str(SCHEMA_VERSION):
            prepare(self.path)  # E010 for a version whose datasets differ
        build_parquet_aggregates(self.path)
        return found, str(SCHEMA_VERSION)

    @property
    def stale(self) -> bool:
        from attache.dedup.parquet import read_links

        links = read_links(self.path)
        return links is not None and links.stale


def open_backend(path: str | Path) -> Backend:
    """The backend of ``path``: a folder is a Parquet dataset folder, a file must be a SQLite
    database. Raises :class:`~attache.errors.AttacheError` E013 when ``path`` is missing or
    is neither (nothing is created)."""
    path = Path(path)
    if path.is_dir():
        return ParquetBackend(path)
    if not path.is_file():
        raise AttacheError(ErrorCode.E013, path=path, problem="no such store")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise AttacheError(ErrorCode.E013, path=path, problem=error.strerror) from error
    if header != SQLITE_HEADER:
        raise AttacheError(ErrorCode.E013, path=path,
                           problem="neither a SQLite store nor a Parquet dataset folder")
    return SqliteBackend(path)


def build_parquet_aggregates(folder: str | Path, *, threads: int | None = None
                             ) -> aggregates.AggregateReport:
    """Compute the aggregates of a Parquet dataset folder from its events (with the
    clusters of its current ``attache dedup`` run), with the SQL the SQLite store fills its
    tables with, and make them the folder's current ones (``aggregates/run-<id>/``, one
    Parquet file per table, sorted so a query reads few row groups; replaced atomically).
    Raises E013 when the folder holds no events."""
    from attache.store.parquet import (
        AGGREGATES_FOLDER,
        aggregates_fingerprint,
        has_parquet,
        publish_run,
    )

    folder = Path(folder)
    if not has_parquet(folder / "events"):
        raise AttacheError(ErrorCode.E013, path=folder,
                           problem="not a Parquet dataset (no events/**/*.parquet inside)")
    fingerprint = aggregates_fingerprint(folder)  # before reading: later files make it stale
    # Sorted so that DuckDB skips most row groups: a top list reads the all-time rows (first
    # within each dated-by choice), a dyad's series the months of a few source codes.
    order = {aggregates.DYADS: f"dated_by, period <> '{aggregates.ALL_TIME}', source_code,"
                               " target_code, period, quad_class",
             aggregates.COUNTRIES: f"dated_by, period <> '{aggregates.ALL_TIME}',"
                                   " source_country, target_country, period, quad_class",
             aggregates.PLACES: "dated_by, period, country_iso3, name, geonames_id",
             aggregates.DAYS: "source_code, target_code, published, cluster_id"}
    with ParquetEvents(folder, threads=threads, aggregates=False) as source:
        with aggregates.computed(source) as select:  # temporary tables in DuckDB's memory
            tables = {table: source.arrow(f"SELECT * FROM ({select(table)}) AS r"
                                          f" ORDER BY {order[table]}")
                      for table in aggregates.TABLES}
    report = aggregates.AggregateReport(
        dyad_rows=tables[aggregates.DYADS].num_rows,
        country_rows=tables[aggregates.COUNTRIES].num_rows,
        place_rows=tables[aggregates.PLACES].num_rows,
        day_rows=tables[aggregates.DAYS].num_rows,
        events=_plain_dated(tables[aggregates.DYADS]),
    )
    publish_run(folder / AGGREGATES_FOLDER, tables,
                {"fingerprint": fingerprint, "schema_version": SCHEMA_VERSION,
                 "report": report.__dict__}, row_group_size=ROW_GROUP_ROWS)
    return report


def _plain_dated(dyads: Any) -> int:
    """The plain event records dated by publication, from the dyad rows of all time."""
    import pyarrow.compute as pc

    mask = pc.and_(pc.equal(dyads["dated_by"], "published"),
                   pc.equal(dyads["period"], aggregates.ALL_TIME))
    return int(pc.sum(pc.filter(dyads["mentions"], mask)).as_py() or 0)


__all__ = [
    "Backend",
    "ParquetBackend",
    "SqliteBackend",
    "build_parquet_aggregates",
    "open_backend",
]
