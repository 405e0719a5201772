"""The Parquet store: coded articles as partitioned Parquet datasets, written in parallel.

One dataset per table under an output folder, partitioned by publication month (hive
style), one file per writing task and month::

    OUT/articles/month=2019-10/part-<run>-<task>.parquet
    OUT/events/month=2019-10/part-<run>-<task>.parquet
    OUT/events/month=unknown/part-<run>-<task>.parquet      (articles without a date)
    OUT/<table>/_common_metadata                            (the schema, no rows)

The tables are those of the SQLite store (``data/store/schema.sql``) with the same columns
and the same values, built by the same converters (:mod:`attache.store.records`):
``articles``, ``sentences``, ``mentions``, ``events``, ``quotes``, ``dates``,
``quantities``, ``places``, ``equipment`` and ``rejections`` (which has no ``id`` column:
SQLite's row number means nothing across files). Duplicates and event clusters are not
linked as the tasks write (they run in parallel, none sees the others' articles):
``articles.duplicate_of``, ``duplicate_similarity`` and ``events.cluster_id`` are null in
the files, and the store-only tables (``event_clusters``, ``dedup_settings``) have no
dataset. What linking needs from each text is computed here, on the workers, in parallel:
the :data:`BANDS` dataset holds each article's MinHash band keys (one row per article, a
list of keys, unlike the SQLite table of one row per key). ``attache dedup`` then links the
whole folder in one batch pass (:mod:`attache.dedup.parquet`). ``month`` is not a
column of the files; readers get it from the path (:data:`PARTITIONING`, or DuckDB's
``hive_partitioning``).

Each file is written under a hidden temporary name and renamed into place, so a reader
never sees half a file, and it is named after its task, so concurrent writers (Dask
workers) never collide. A task writes its ``articles`` files last: an article counts as
done (:func:`read_done_ids`) only once every row of it is on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from attache import attache_version
from attache.dedup import DedupSettings, band_keys, shingle_hashes
from attache.errors import AttacheError, ErrorCode, StoreError
from attache.ingest.articles import content_hash
from attache.model import Article, CodedArticle, Rejection
from attache.store.records import (
    TABLES,
    Row,
    article_row,
    rejection_row,
    utc_now,
)
from attache.store.sqlite import SCHEMA_VERSION, schema_statements

DATASETS: tuple[str, ...] = ("articles", *(table.name for table in TABLES), "rejections")
"""Every dataset of the Parquet store, one folder each."""

BANDS = "article_bands"
"""The dataset of each article's MinHash band keys (see :func:`bands_row`): not a table of
the SQLite store (which keeps one row per key), so not one of :data:`DATASETS`."""

UNKNOWN_MONTH = "unknown"
"""The ``month`` partition of articles (and rejections) without a publication date."""

PARTITIONING = ds.partitioning(pa.schema([("month", pa.string())]), flavor="hive")
"""How to read the ``month=YYYY-MM`` folders back with pyarrow (always a string)."""

METADATA_FILE = "_common_metadata"
"""The schema file of each dataset (no rows; skipped by readers as it starts with ``_``)."""

VERSION_KEY = b"attache_schema_version"
"""Schema metadata key holding :data:`attache.store.sqlite.SCHEMA_VERSION`."""

SAME_DATASETS = frozenset({"3"})
"""Earlier schema versions whose files a folder of this version can hold beside its own:
version 4 added two nullable columns (``events.event_rule``, ``articles.dictionaries``, read
as NULL from older files, as readers match columns by name) and SQLite tables only. A folder
written by one is read as it is, and :func:`prepare` (a write) marks it with this
version."""

AGGREGATES_FOLDER = "aggregates"
"""The folder under a dataset folder holding its aggregates (see
:func:`current_aggregates`)."""

CURRENT = "current.json"
"""The file naming the current run of a runs folder (``dedup/``, ``aggregates/``)."""

_ARROW_TYPES = {"TEXT": pa.string(), "INTEGER": pa.int64(), "REAL": pa.float64()}
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")

RejectionKey = tuple[str | None, str, str | None]
"""What makes two rejections the same one: ``(article_id, code, location)``."""


@lru_cache(maxsize=1)
def arrow_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every dataset, read from the SQLite schema file (TEXT -> string,
    INTEGER -> int64, REAL -> float64; NOT NULL -> not nullable), so CAMEO codes stay
    strings and the columns are the SQLite columns in the same order."""
    schemas = {}
    for statement in schema_statements():
        match = re.search(r"CREATE TABLE (\w+) \((.*)\);?$", statement, re.S)
        if match is None:
            continue
        name, body = match.groups()
        if name not in DATASETS:  # event_clusters, dedup_settings: kept by the SQLite store
            continue
        fields = []
        for line in body.splitlines():
            line = line.split("--", 1)[0].strip().rstrip(",")
            if not line or line.startswith("PRIMARY KEY"):
                continue
            column, kind, *rest = line.split()
            column = column.strip('"')
            if name == "rejections" and column == "id":
                continue
            nullable = "NOT NULL" not in " ".join(rest) and "PRIMARY KEY" not in " ".join(rest)
            fields.append(pa.field(column, _ARROW_TYPES[kind], nullable=nullable))
        metadata = {VERSION_KEY: str(SCHEMA_VERSION).encode()}
        schemas[name] = pa.schema(fields, metadata=metadata)
    return schemas


@lru_cache(maxsize=1)
def bands_schema() -> pa.Schema:
    """The Arrow schema of :data:`BANDS`: which version of which article (``article_id``,
    ``content_hash``), the :attr:`~attache.dedup.DedupSettings.band_scheme` the keys were
    computed under, the number of distinct shingles of the text and the band keys."""
    return pa.schema(
        [
            pa.field("article_id", pa.string(), nullable=False),
            pa.field("content_hash", pa.string(), nullable=False),
            pa.field("scheme", pa.string(), nullable=False),
            pa.field("shingles", pa.int64(), nullable=False),
            pa.field("band_keys", pa.list_(pa.int64()), nullable=False),
        ],
        metadata={VERSION_KEY: str(SCHEMA_VERSION).encode()},
    )


def _schemas() -> dict[str, pa.Schema]:
    return {**arrow_schemas(), BANDS: bands_schema()}


def bands_row(coded: CodedArticle, settings: DedupSettings, digest: str) -> Row:
    """The :data:`BANDS` row of one coded article (``digest``: its content hash): the band
    keys :func:`attache.dedup.sqlite.link_article` computes for the SQLite store, with the
    same functions, but kept for short texts too (``shingles`` says whether the text is
    long enough to be linked under a given ``min_shingles``)."""
    hashes = shingle_hashes(coded.article.text, settings.shingle_size)
    return {
        "article_id": coded.article.id,
        "content_hash": digest,
        "scheme": settings.band_scheme,
        "shingles": len(hashes),
        "band_keys": band_keys(hashes, settings.bands, settings.rows),
    }


def month_of(published: date | str | None) -> str:
    """The ``month`` partition of a publication date: ``YYYY-MM``, or ``unknown``."""
    if published is None:
        return UNKNOWN_MONTH
    text = published.isoformat() if isinstance(published, date) else published
    return text[:7]


def done_key(article_id: str, digest: str) -> str:
    """The key :func:`read_done_ids` holds for a stored article: its content hash (64 hex
    characters), a colon, its id."""
    return f"{digest}:{article_id}"


def article_key(article: Article) -> str:
    """The :func:`done_key` of an article about to be coded."""
    return done_key(article.id, content_hash(article))


def key_article_id(key: str) -> str:
    """The article id inside a :func:`done_key`."""
    return key.split(":", 1)[1]


def prepare(folder: str | Path) -> Path:
    """Create the output folder and one folder per dataset with its schema file.

    A folder of a version in :data:`SAME_DATASETS` is marked with this version (its schema
    files rewritten, nothing else); another schema version raises :class:`StoreError` E010.
    """
    folder = Path(folder)
    for name, schema in _schemas().items():
        metadata_path = folder / name / METADATA_FILE
        if metadata_path.exists():
            found = pq.read_schema(metadata_path).metadata or {}
            version = found.get(VERSION_KEY, b"none").decode()
            if version == str(SCHEMA_VERSION):
                continue
            if version not in SAME_DATASETS:
                raise StoreError(ErrorCode.E010, path=folder / name, found=version,
                                 expected=SCHEMA_VERSION, remedy="; write to a new folder")
        metadata_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = metadata_path.with_name(f".{METADATA_FILE}.{os.getpid()}.tmp")
        pq.write_metadata(schema, temporary)
        os.replace(temporary, metadata_path)
    return folder


def dataset_version(folder: str | Path) -> str | None:
    """The schema version the folder's ``events`` dataset was written with (``None``: no
    schema file, as in a folder written by other tools)."""
    path = Path(folder) / "events" / METADATA_FILE
    if not path.exists():
        return None
    found = pq.read_schema(path).metadata or {}
    return found.get(VERSION_KEY, b"none").decode()


def write_results(
    folder: str | Path,
    results: Iterable[CodedArticle | Rejection],
    token: str,
    *,
    published: Mapping[str, date | None] | None = None,
    skip_rejections: Collection[RejectionKey] = (),
    settings: DedupSettings | None = None,
) -> dict[str, int]:
    """Write coded articles and rejections as part files named ``part-<token>.parquet``.

    ``token`` names the writing task (letters, digits, ``-``, ``_``): files of different
    tokens never collide, and a task run again with the same token replaces its own files.
    ``published`` maps article ids to dates, to file a rejection under its article's
    month (else ``unknown``); rejections whose ``(article_id, code, location)`` is in
    ``skip_rejections`` (already stored) are not written again. Each article's band keys
    go to :data:`BANDS`, computed under ``settings`` (the folder's, default attache's:
    see :func:`attache.dedup.parquet.load_settings`). Returns the rows written per
    dataset. The folder must have been :func:`prepare`-d.
    """
    if not _TOKEN.fullmatch(token):
        raise StoreError(ErrorCode.E011, kind="part token", value=token,
                         known="letters, digits, '-' and '_'")
    folder = Path(folder)
    published = published or {}
    settings = settings or DedupSettings()
    version, now = attache_version(), utc_now()
    rows: dict[tuple[str, str], list[Row]] = defaultdict(list)
    seen_rejections: set[RejectionKey] = set(skip_rejections)
    for result in results:
        if isinstance(result, Rejection):
            key = (result.article_id, result.code, result.location)
            if key in seen_rejections:
                continue
            seen_rejections.add(key)
            month = month_of(published.get(result.article_id) if result.article_id else None)
            rows["rejections", month].append(rejection_row(result, seen_at=now))
            continue
        month = month_of(result.article.published)
        for table in TABLES:
            rows[table.name, month].extend(table.rows(result))
        row = article_row(result, attache_version=version, coded_at=now)
        rows[BANDS, month].append(bands_row(result, settings, row["content_hash"]))
        rows["articles", month].append(row)
    schemas = _schemas()
    written: dict[str, int] = defaultdict(int)
    # The articles files go last: an article is done only once all its rows are stored.
    for (name, month), table_rows in sorted(rows.items(), key=lambda x: x[0][0] == "articles"):
        if not table_rows:
            continue
        table = pa.Table.from_pylist(table_rows, schema=schemas[name])
        _write_atomically(table, folder / name / f"month={month}" / f"part-{token}.parquet")
        written[name] += len(table_rows)
    return dict(written)


def _write_atomically(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, temporary, compression="zstd")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def dataset(folder: str | Path, name: str) -> ds.Dataset:
    """One dataset of the store as a ``pyarrow.dataset.Dataset``: the table's columns plus
    the ``month`` partition (a string)."""
    schema = _schemas()[name]
    path = Path(folder) / name
    if not path.is_dir():
        raise StoreError(ErrorCode.E013, path=path, problem="no such dataset")
    return ds.dataset(path, format="parquet", partitioning=PARTITIONING,
                      schema=schema.append(pa.field("month", pa.string())))


def has_parquet(folder: Path) -> bool:
    """Whether ``folder`` holds a Parquet file (a dataset written at least once)."""
    return folder.is_dir() and next(folder.rglob("*.parquet"), None) is not None


def duckdb_scan(folder: Path, *, filename: bool = False) -> str:
    """DuckDB's ``read_parquet`` over a dataset folder, as SQL text: a literal with its
    quotes doubled, because views take no bound parameters. ``filename`` adds the column
    naming each row's file (what tells an article's versions apart)."""
    glob = (folder.as_posix() + "/**/*.parquet").replace("'", "''")
    return (f"read_parquet('{glob}', hive_partitioning = true, union_by_name = true,"
            f"{' filename = true,' if filename else ''} hive_types = {{'month': 'VARCHAR'}})")


def read_table(folder: str | Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """The rows of one dataset (every part file, ``month`` included) as an Arrow table."""
    return dataset(folder, name).to_table(columns=columns)


def read_done_ids(folder: str | Path) -> set[str]:
    """The :func:`done_key` (content hash and id) of every article stored under ``folder``:
    an input article whose :func:`article_key` is in it need not be coded again. Empty
    when the folder holds no articles yet."""
    if not (Path(folder) / "articles").is_dir():
        return set()
    table = read_table(folder, "articles", ["id", "content_hash"])
    return {
        done_key(article_id, digest)
        for article_id, digest in zip(
            table.column("id").to_pylist(), table.column("content_hash").to_pylist(),
            strict=True,
        )
    }


def read_rejection_keys(folder: str | Path) -> set[RejectionKey]:
    """``(article_id, code, location)`` of every rejection stored under ``folder``."""
    if not (Path(folder) / "rejections").is_dir():
        return set()
    table = read_table(folder, "rejections", ["article_id", "code", "location"])
    return set(zip(*(table.column(name).to_pylist() for name in table.column_names),
                   strict=True))


# -- runs: results computed over a whole folder, replaced atomically ---------------------------


def files_fingerprint(root: str | Path) -> str:
    """A digest of the Parquet files under ``root`` (names and sizes): it changes when a
    task writes there, and reading it costs a directory listing, not the files."""
    root = Path(root)
    listing = sorted(
        f"{path.relative_to(root).as_posix()}\t{path.stat().st_size}"
        for path in root.rglob("*.parquet")
    ) if root.is_dir() else []
    return hashlib.sha256("\n".join(listing).encode()).hexdigest()


def read_current(runs: Path) -> dict[str, Any] | None:
    """What ``runs/current.json`` says (``None`` when there is none yet)."""
    path = runs / CURRENT
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise AttacheError(ErrorCode.E013, path=path, problem=str(error)) from error


def publish_run(runs: Path, tables: Mapping[str, pa.Table], fields: Mapping[str, Any],
                *, row_group_size: int | None = None) -> str:
    """Write ``tables`` as the Parquet files of a new run folder under ``runs`` (written
    under a hidden name, then renamed into place; ``row_group_size``: rows per row group,
    pyarrow's default if ``None``), point ``current.json`` at it with ``fields`` (replaced
    atomically), and remove the runs older than the one it replaces (kept for readers that
    opened it before). Returns the run's name."""
    runs.mkdir(exist_ok=True)
    run = f"run-{uuid.uuid4().hex[:12]}"
    hidden = runs / f".{run}.tmp"
    try:
        hidden.mkdir()
        for name, table in tables.items():
            pq.write_table(table, hidden / f"{name}.parquet", compression="zstd",
                           row_group_size=row_group_size)
        os.rename(hidden, runs / run)
    except BaseException:
        shutil.rmtree(hidden, ignore_errors=True)
        raise
    previous = read_current(runs)
    current = {"run": run, "previous": None if previous is None else previous["run"],
               **fields}
    temporary = runs / f".{CURRENT}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, runs / CURRENT)
    keep = {run, current["previous"]}
    for old in runs.glob("run-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    return run


def aggregates_fingerprint(folder: str | Path) -> str:
    """What a folder's aggregates are computed from: its ``events`` files and the current
    ``attache dedup`` run (which gives the events their clusters)."""
    folder = Path(folder)
    links = read_current(folder / "dedup")
    run = "" if links is None else links["run"]
    return hashlib.sha256(f"{files_fingerprint(folder / 'events')}:{run}".encode()).hexdigest()


def current_aggregates(folder: str | Path) -> Path | None:
    """The run folder of the folder's aggregates (``aggregates/run-<id>/``: one Parquet
    file per table of :mod:`attache.store.aggregates`) when they are current: built by an
    attache of this schema version from the events and clusters the folder holds now.
    ``None`` when they were never built, or events were written (or the folder linked
    again) since."""
    runs = Path(folder) / AGGREGATES_FOLDER
    current = read_current(runs)
    if current is None or current.get("schema_version") != SCHEMA_VERSION:
        return None  # never built, or built by another attache (its rows may mean otherwise)
    if current.get("fingerprint") != aggregates_fingerprint(folder):
        return None
    from attache.store.aggregates import TABLES

    run = runs / current["run"]
    if not all((run / f"{table}.parquet").is_file() for table in TABLES):
        return None  # a run that lacks a table (removed, or from an attache without it)
    return run
