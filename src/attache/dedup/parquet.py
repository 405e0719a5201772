"""Duplicates and event clusters of a Parquet dataset folder, linked in one batch pass.

The SQLite store links each article as it writes it (:mod:`attache.dedup.sqlite`); the tasks
that write a Parquet folder run in parallel and never see each other's articles, so
:func:`dedup_parquet` (``attache dedup --db DIR``) links the whole folder afterwards, with
the same rules, the same functions and the same settings, and gives what the SQLite store
gives for the same articles stored in the same order:

* **Stored order.** A folder is append-only and its tasks finish in any order, so "stored
  first" is defined as: the earlier ``coded_at`` (UTC, to the second), then the smaller
  article id. Of an article written more than once (a changed article is written anew),
  the latest version alone counts (latest ``coded_at``, then the last file name).
* **Copies.** The band keys were computed by the workers as they wrote each article
  (:data:`attache.store.parquet.BANDS`; keys of another scheme, or none, are computed
  here). DuckDB pairs every article with the earlier articles that share a band key and
  keeps the ``max_candidates`` sharing the most (then the earliest); their exact
  resemblance is computed in Python with :func:`attache.dedup.resemblance`, and in stored
  order each article names the earliest story among its candidates at or above
  ``article_threshold``, as :func:`attache.dedup.sqlite.link_article` does.
* **Events.** DuckDB groups the events by the cluster key (source, target, CAMEO code,
  modality, day); only groups of two or more are read into Python, where their events are
  matched in stored order by :func:`attache.dedup.best_cluster`, each against the events
  stored before it, exactly as the SQLite store matches a new event against stored ones.

The result replaces the previous one atomically: it is written to a hidden folder, renamed
to ``OUT/dedup/run-<id>/``, then ``OUT/dedup/current.json`` (which names it) is replaced.
A run folder holds three Parquet files: ``event_clusters`` (clusters of two events or
more, with the columns of the SQLite table), ``event_members`` (``article_id``, ``seq``,
``cluster_id`` of their events) and ``duplicates`` (``article_id``, ``duplicate_of``,
``similarity`` of each copy). An event in neither is its own cluster, of counts 1.
``current.json`` also keeps the settings (later ingests compute band keys with them, and
the next pass starts from them, as the SQLite store's ``dedup_settings``) and a
fingerprint of the ``articles`` files, so a reader can tell when articles were written
after the pass (:attr:`ParquetLinks.stale`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from attache.dedup import (
    EVENT_DAY_SQL,
    DedupSettings,
    GroupEvent,
    band_keys,
    cluster_group,
    pick_story,
    resemblance,
    shingle_hashes,
)
from attache.dedup.sqlite import DedupReport
from attache.errors import AttacheError, ErrorCode
from attache.store.parquet import (
    BANDS,
    CURRENT,
    duckdb_scan,
    files_fingerprint,
    has_parquet,
    publish_run,
    read_current,
)

LINKS_FOLDER = "dedup"
"""The folder under a dataset folder that holds the passes' results."""


MEMBERS_SCHEMA = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("seq", pa.int64(), nullable=False),
    pa.field("cluster_id", pa.string(), nullable=False),
])
"""``event_members.parquet``: the cluster of each event in a cluster of two or more."""

CLUSTERS_SCHEMA = pa.schema([
    pa.field("cluster_id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("seq", pa.int64(), nullable=False),
    pa.field("num_mentions", pa.int64(), nullable=False),
    pa.field("num_articles", pa.int64(), nullable=False),
    pa.field("num_sources", pa.int64(), nullable=False),
    pa.field("first_published", pa.string()),
])
"""``event_clusters.parquet``: the columns of the SQLite ``event_clusters`` table."""

DUPLICATES_SCHEMA = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("duplicate_of", pa.string(), nullable=False),
    pa.field("similarity", pa.float64(), nullable=False),
])
"""``duplicates.parquet``: each copy, the original of its story and their resemblance."""

_BATCH = 2048  # rows per Arrow batch read into Python


@dataclass(frozen=True)
class ParquetLinks:
    """The current result of :func:`dedup_parquet` on a folder. ``stale``: articles were
    written (or removed) after it, so their events are not linked (each counts alone)."""

    folder: Path
    settings: DedupSettings
    report: DedupReport
    stale: bool

    @property
    def members(self) -> Path:
        return self.folder / "event_members.parquet"

    @property
    def clusters(self) -> Path:
        return self.folder / "event_clusters.parquet"

    @property
    def duplicates(self) -> Path:
        return self.folder / "duplicates.parquet"


# -- the current result ---------------------------------------------------------------------


def read_links(folder: str | Path) -> ParquetLinks | None:
    """The current dedup result of the dataset folder, or ``None`` when it was never
    linked (every event its own cluster)."""
    folder = Path(folder)
    current = read_current(folder / LINKS_FOLDER)
    if current is None:
        return None
    return ParquetLinks(
        folder=folder / LINKS_FOLDER / current["run"],
        settings=DedupSettings.from_dict(current["settings"]),
        report=DedupReport(**current["report"]),
        stale=current["articles"] != articles_fingerprint(folder),
    )


def load_settings(folder: str | Path) -> DedupSettings:
    """The settings the folder was last linked with (attache's defaults before that)."""
    current = read_current(Path(folder) / LINKS_FOLDER)
    return DedupSettings() if current is None else DedupSettings.from_dict(current["settings"])


def articles_fingerprint(folder: str | Path) -> str:
    """A digest of the ``articles`` part files (names and sizes): it changes when a task
    writes articles, and reading it costs a directory listing, not the files."""
    return files_fingerprint(Path(folder) / "articles")


# -- the pass -------------------------------------------------------------------------------


def _run(connection: Any, sql: str, parameters: list[Any] | None = None) -> list[tuple]:
    """Run one statement to its end (DuckDB refuses new work while a result is unread)."""
    return connection.execute(sql, parameters or []).fetchall()


def _batches(connection: Any, sql: str, parameters: list[Any] | None = None
             ) -> Iterator[list[dict[str, Any]]]:
    reader = connection.sql(sql, params=parameters or None).to_arrow_reader(_BATCH)
    for batch in reader:
        yield batch.to_pylist()


def _current_articles(connection: Any, folder: Path) -> None:
    """``current``: the latest version of each article with its stored ``position``."""
    _run(
        connection,
        "CREATE TEMP TABLE current AS SELECT id, content_hash, source, published, filename,"
        " versions, row_number() OVER (ORDER BY coded_at, id, filename) AS position FROM ("
        " SELECT id, content_hash, source, CAST(published AS VARCHAR) AS published,"
        " CAST(coded_at AS VARCHAR) AS coded_at, filename,"
        " count(*) OVER (PARTITION BY id) AS versions,"
        " row_number() OVER (PARTITION BY id ORDER BY coded_at DESC, filename DESC) AS latest"
        f" FROM {duckdb_scan(folder / 'articles', filename=True)}) WHERE latest = 1"
    )


def _texts(connection: Any, folder: Path, where: str, parameters: list[Any]
           ) -> Iterator[tuple[int, str]]:
    """``(position, text)`` of the current articles matching ``where`` (over ``c``)."""
    articles = duckdb_scan(folder / "articles", filename=True)
    sql = (f"SELECT c.position, a.text FROM current AS c JOIN {articles} AS a"
           f" ON a.id = c.id AND a.filename = c.filename WHERE {where}")
    for rows in _batches(connection, sql, parameters):
        for row in rows:
            yield row["position"], row["text"]


def _bands(connection: Any, folder: Path, settings: DedupSettings) -> None:
    """``bands``: ``(position, band_key)`` of every current article long enough to be
    linked, from :data:`~attache.store.parquet.BANDS` where the workers stored them under
    this scheme, else computed here."""
    _run(connection, "CREATE TEMP TABLE bands (position BIGINT, band_key BIGINT)")
    _run(connection, "CREATE TEMP TABLE banded (position BIGINT)")
    if has_parquet(folder / BANDS):
        bands = duckdb_scan(folder / BANDS, filename=True)
        stored = (
            f"FROM current AS c JOIN {bands} AS b ON b.article_id = c.id"
            " AND b.content_hash = c.content_hash AND b.scheme = ?"
        )
        _run(connection, f"INSERT INTO banded SELECT DISTINCT c.position {stored}",
             [settings.band_scheme])
        _run(connection,
             f"INSERT INTO bands SELECT DISTINCT c.position, unnest(b.band_keys) {stored}"
             " AND b.shingles >= ?", [settings.band_scheme, settings.min_shingles])
    unbanded = "c.position NOT IN (SELECT position FROM banded)"
    if not _run(connection, f"SELECT count(*) FROM current AS c WHERE {unbanded}")[0][0]:
        return  # every key came from the workers: no text to read
    computed: dict[str, list[int]] = {"position": [], "band_key": []}
    for position, text in _texts(connection, folder, unbanded, []):
        hashes = shingle_hashes(text, settings.shingle_size)
        if len(hashes) >= settings.min_shingles:
            keys = band_keys(hashes, settings.bands, settings.rows)
            computed["position"] += [position] * len(keys)
            computed["band_key"] += keys
    connection.register("computed_bands", pa.table(
        computed, schema=pa.schema([("position", pa.int64()), ("band_key", pa.int64())])
    ))
    _run(connection, "INSERT INTO bands SELECT DISTINCT position, band_key FROM computed_bands")
    connection.unregister("computed_bands")


def _copies(connection: Any, folder: Path, settings: DedupSettings
            ) -> tuple[dict[int, int], dict[int, float]]:
    """Each copy's story (positions) and its resemblance, as the SQLite store links them
    one by one in stored order."""
    pairs = connection.sql(
        "SELECT later, earlier FROM ("
        " SELECT x.position AS later, y.position AS earlier, count(*) AS shared"
        " FROM bands AS x JOIN bands AS y ON x.band_key = y.band_key"
        " AND y.position < x.position GROUP BY x.position, y.position)"
        " QUALIFY row_number() OVER (PARTITION BY later ORDER BY shared DESC, earlier) <= ?",
        params=[settings.max_candidates],
    ).to_arrow_table()
    later = pairs.column("later").to_numpy()
    earlier = pairs.column("earlier").to_numpy()
    if not len(later):
        return {}, {}
    involved = pa.table({"position": np.unique(np.concatenate([later, earlier]))})
    connection.register("involved", involved)
    hashes = {
        position: shingle_hashes(text, settings.shingle_size)
        for position, text in _texts(connection, folder,
                                     "c.position IN (SELECT position FROM involved)", [])
    }
    connection.unregister("involved")
    alike: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for copy, candidate in zip(later.tolist(), earlier.tolist(), strict=True):
        alike[copy].append((candidate, resemblance(hashes[copy], hashes[candidate])))
    story: dict[int, int] = {}
    similarity_of: dict[int, float] = {}
    for copy in sorted(alike):  # stored order: each candidate's story is known already
        found = pick_story(
            ((story.get(candidate, candidate), similarity, story.get(candidate, candidate))
             for candidate, similarity in alike[copy]),
            settings.article_threshold,
        )
        if found is not None:
            story[copy], similarity_of[copy] = found
    return story, similarity_of


_KEY = ("source_code", "target_code", "cameo_code", "day", "modality")


def _events(connection: Any, folder: Path) -> int:
    """``keyed``: every event of a current article version with its cluster key and its
    article's position (a view: the events are read twice, never held). Returns their
    number."""
    _run(
        connection,
        "CREATE TEMP VIEW keyed AS SELECT e.article_id, e.seq, c.position, e.source_code,"
        f" e.target_code, e.cameo_code, {EVENT_DAY_SQL} AS day, e.modality, e.evidence_text"
        " FROM (SELECT article_id, seq, source_code, target_code, cameo_code, modality,"
        " evidence_text, CAST(date AS VARCHAR) AS date, CAST(published AS VARCHAR)"
        f" AS published, filename FROM {duckdb_scan(folder / 'events', filename=True)}) AS e"
        " JOIN current AS c ON c.id = e.article_id AND (c.versions = 1"
        " OR regexp_extract(e.filename, '[^/]*$') = regexp_extract(c.filename, '[^/]*$'))"
    )
    return _run(connection, "SELECT count(*) FROM keyed")[0][0]


def _groups(connection: Any) -> Iterator[list[dict[str, Any]]]:
    """The events sharing a cluster key with another, one key at a time, in stored order."""
    key = ", ".join(_KEY)
    sql = (
        f"SELECT article_id, seq, position, evidence_text, {key} FROM ("
        f" SELECT *, count(*) OVER (PARTITION BY {key}) AS size FROM keyed)"
        f" WHERE size > 1 ORDER BY {key}, position, seq"
    )
    group: list[dict[str, Any]] = []
    for rows in _batches(connection, sql):
        for row in rows:
            if group and tuple(row[name] for name in _KEY) != tuple(
                group[0][name] for name in _KEY
            ):
                yield group
                group = []
            group.append(row)
    if group:
        yield group


def _cluster(group: list[dict[str, Any]], story: dict[int, int], settings: DedupSettings
             ) -> list[str]:
    """The cluster of each event of one key group (in stored order), as
    :func:`attache.dedup.cluster_group` assigns it."""
    return cluster_group(
        [GroupEvent(event["article_id"], event["seq"], event["evidence_text"], event["position"],
                    story.get(event["position"], event["position"])) for event in group],
        group[0]["day"], settings,
    )


def _members(connection: Any, story: dict[int, int], settings: DedupSettings) -> pa.Table:
    rows: dict[str, list[Any]] = {"article_id": [], "seq": [], "cluster_id": []}
    for group in _groups(connection):
        assigned = _cluster(group, story, settings)
        sizes = Counter(assigned)
        for event, value in zip(group, assigned, strict=True):
            if sizes[value] > 1:
                rows["article_id"].append(event["article_id"])
                rows["seq"].append(event["seq"])
                rows["cluster_id"].append(value)
    return pa.table(rows, schema=MEMBERS_SCHEMA)


def _clusters(connection: Any, members: pa.Table) -> pa.Table:
    """The ``event_clusters`` rows of the clusters of ``members``, counted as
    :func:`attache.dedup.sqlite.refresh_all` counts them."""
    connection.register("members", members)
    first = "m.article_id || ':' || CAST(m.seq AS VARCHAR) = m.cluster_id"
    table = connection.sql(
        f"SELECT m.cluster_id, max(CASE WHEN {first} THEN m.article_id END) AS article_id,"
        f" max(CASE WHEN {first} THEN m.seq END) AS seq, count(*) AS num_mentions,"
        " count(DISTINCT m.article_id) AS num_articles,"
        " count(DISTINCT coalesce(c.source, c.id)) AS num_sources,"
        " min(c.published) AS first_published"
        " FROM members AS m JOIN current AS c ON c.id = m.article_id"
        " GROUP BY m.cluster_id ORDER BY m.cluster_id"
    ).to_arrow_table()
    connection.unregister("members")
    return table.cast(CLUSTERS_SCHEMA)


def _duplicates(connection: Any, story: dict[int, int], similarity: dict[int, float]
                ) -> pa.Table:
    positions = sorted(story)
    ids = dict(_run(
        connection, "SELECT position, id FROM current WHERE position IN"
        " (SELECT unnest(?::BIGINT[]))", [sorted({*positions, *story.values()})]
    )) if positions else {}
    return pa.table({
        "article_id": [ids[position] for position in positions],
        "duplicate_of": [ids[story[position]] for position in positions],
        "similarity": [similarity[position] for position in positions],
    }, schema=DUPLICATES_SCHEMA)


def dedup_parquet(folder: str | Path, settings: DedupSettings | None = None) -> DedupReport:
    """Link every article's duplicate and every event's cluster of the Parquet dataset
    folder again, from scratch (see the module docstring; what ``attache dedup --db DIR``
    does), and make the result the folder's current one. With ``settings`` they replace
    the folder's own (:func:`load_settings`), which later ingests use for band keys.

    Raises :class:`~attache.errors.AttacheError` E013 when ``folder`` holds no articles.
    """
    import duckdb

    folder = Path(folder)
    if not has_parquet(folder / "articles"):
        raise AttacheError(ErrorCode.E013, path=folder,
                           problem="not a Parquet dataset (no articles/**/*.parquet inside)")
    settings = settings or load_settings(folder)
    fingerprint = articles_fingerprint(folder)  # before reading: later files make it stale
    report = DedupReport()
    connection = duckdb.connect(":memory:")
    try:
        _current_articles(connection, folder)
        report.articles = _run(connection, "SELECT count(*) FROM current")[0][0]
        _bands(connection, folder, settings)
        story, similarity = _copies(connection, folder, settings)
        report.duplicates = len(story)
        report.events = _events(connection, folder) if has_parquet(folder / "events") else 0
        members = _members(connection, story, settings) if report.events else pa.table(
            {name: [] for name in MEMBERS_SCHEMA.names}, schema=MEMBERS_SCHEMA)
        clusters = _clusters(connection, members)
        duplicates = _duplicates(connection, story, similarity)
    finally:
        connection.close()
    report.clusters = report.events - members.num_rows + clusters.num_rows
    _publish(folder, {"event_members": members, "event_clusters": clusters,
                      "duplicates": duplicates}, settings, report, fingerprint)
    return report


def _publish(folder: Path, tables: dict[str, pa.Table], settings: DedupSettings,
             report: DedupReport, fingerprint: str) -> None:
    """Make ``tables`` the folder's current links (see
    :func:`attache.store.parquet.publish_run`)."""
    publish_run(folder / LINKS_FOLDER, tables, {
        "settings": settings.to_dict(), "report": asdict(report), "articles": fingerprint,
    })


__all__ = [
    "CURRENT",
    "LINKS_FOLDER",
    "ParquetLinks",
    "articles_fingerprint",
    "dedup_parquet",
    "load_settings",
    "read_links",
]
