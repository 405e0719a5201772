"""The SQLite store: schema as data, WAL journal, one transaction per article."""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from attache import attache_version as _attache_version
from attache.closing import Closing
from attache.dedup import EVENT_DAY_SQL, DedupSettings
from attache.dedup import sqlite as links
from attache.errors import ErrorCode, StoreError
from attache.ingest.articles import check_fields
from attache.model import Article, CodedArticle, Rejection
from attache.store import aggregates, faults
from attache.store.records import TABLES, article_row, rejection_row, utc_now

if TYPE_CHECKING:
    from attache.store.web import WebState

SCHEMA_VERSION = 4
"""The schema version this attache writes, kept in ``PRAGMA user_version``."""

SCHEMA_FILE = "data/store/schema.sql"
"""The schema, as a data file inside the ``attache`` package."""

MIGRATIONS = {2: "data/store/migrate-2-3.sql", 3: "data/store/migrate-3-4.sql"}
"""Schema version -> the data file that takes a store from it to the next version. A store
is migrated one version at a time, each file followed by what its version needs computed
(:data:`_COMPUTE`), up to :data:`SCHEMA_VERSION`."""

WriteStatus = Literal["inserted", "unchanged", "replaced"]


def schema_statements(name: str = SCHEMA_FILE) -> list[str]:
    """The statements of the bundled schema file (or another SQL data file of the
    package), one string each."""
    text = resources.files("attache").joinpath(name).read_text(encoding="utf-8")
    statements, buffer = [], ""
    for line in text.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return statements


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _insert(connection: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows (dicts keyed by column name, all with the same keys) into ``table``."""
    if rows:
        columns = list(rows[0])
        sql = (
            f"INSERT INTO {table} ({', '.join(map(_quote, columns))}) "
            f"VALUES ({', '.join(':' + name for name in columns)})"
        )
        connection.executemany(sql, rows)


def open_store(
    path: str | Path,
    *,
    read_only: bool = False,
    lock_timeout: float | None = None,
    on_lock_wait: faults.OnWait | None = None,
) -> Store:
    """Open (creating if needed) the store at ``path``.

    A new file gets the bundled schema and ``PRAGMA user_version`` = :data:`SCHEMA_VERSION`.
    An older store (version 2 or 3) is migrated in place, in one transaction: the new
    columns and tables are added, and what they hold computed from the stored articles
    (version 3: duplicates and event clusters; version 4: the aggregates); a large store
    takes a while, once. Another version, or a file that is not an attache store, raises
    :class:`~attache.errors.StoreError` E010.

    ``read_only=True`` opens an existing store through SQLite's ``mode=ro`` (what a server
    answering reads uses): nothing is created, every write fails, and a missing file or
    another schema version raises E010 (for an older store, saying how to migrate it:
    ``attache migrate``). Readers and the one writer work side by side (WAL).

    A write waits up to ``lock_timeout`` seconds (default ``$ATTACHE_LOCK_TIMEOUT``, else
    10) for another process's write lock, calling ``on_lock_wait`` once it has waited a
    second; then, and for a full disk or a damaged or unreadable file, the store raises
    the coded errors of :mod:`attache.store.faults` (E020-E023).
    """
    timeout = faults.lock_timeout() if lock_timeout is None else lock_timeout
    if read_only and not Path(path).is_file():
        raise StoreError(ErrorCode.E023, path=path, problem="no such file (attache ingest "
                         f"--db {path} creates a store)")
    try:
        if read_only:
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            connection = sqlite3.connect(
                uri, uri=True, isolation_level=None, check_same_thread=False
            )
        else:
            connection = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as error:
        raise faults.store_error(error, path, timeout) or schema_error(
            path, f"none ({error})") from error
    try:
        connection.row_factory = sqlite3.Row
        connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if read_only:
            found = connection.execute("PRAGMA user_version").fetchone()[0]
            if found != SCHEMA_VERSION:
                raise schema_error(path, found, read_only=True)
            return Store(connection, Path(path), read_only=True, lock_timeout=timeout)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        _ensure_schema(connection, path, timeout, on_lock_wait)
    except sqlite3.DatabaseError as error:
        connection.close()
        fault = faults.store_error(error, path, timeout)
        if fault is not None and getattr(error, "sqlite_errorname", "") != "SQLITE_NOTADB":
            raise fault from error  # locked, full, damaged, unreadable: not "not a store"
        raise schema_error(path, f"none ({error})") from error
    except BaseException:
        connection.close()
        raise
    store = Store(connection, Path(path), lock_timeout=timeout)
    store.on_lock_wait = on_lock_wait
    return store


def schema_version(path: str | Path) -> int:
    """The schema version of the store at ``path``, read without changing anything (0: an
    empty file or not an attache store); E010 when SQLite cannot read it."""
    try:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True)
        try:
            return int(connection.execute("PRAGMA user_version").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise schema_error(path, f"none ({error})") from error


def schema_error(path: str | Path, found: object, *, read_only: bool = False) -> StoreError:
    """E010 for a store of schema version ``found``, saying how to migrate it when a
    writable open would."""
    remedy = ""
    if read_only and found in MIGRATIONS:
        remedy = (
            f"; migrate it in place once with attache migrate --db {path} (any writable"
            " open does it), then read it again"
        )
    return StoreError(
        ErrorCode.E010, path=path, found=found, expected=SCHEMA_VERSION, remedy=remedy
    )


def _ensure_schema(connection: sqlite3.Connection, path: str | Path, timeout: float,
                   on_lock_wait: faults.OnWait | None) -> None:
    faults.begin(connection, Path(path), timeout, on_lock_wait)
    try:
        found = connection.execute("PRAGMA user_version").fetchone()[0]
        if found == 0:
            if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise schema_error(path, 0)
            for statement in schema_statements():
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        elif found in MIGRATIONS:
            _migrate(connection, found)
        elif found != SCHEMA_VERSION:
            raise schema_error(path, found)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _link_stored(connection: sqlite3.Connection) -> None:
    """Version 3: fill ``events.day`` and link the stored articles' duplicates and event
    clusters."""
    connection.execute(f"UPDATE events AS e SET day = {EVENT_DAY_SQL}")
    links.rebuild(connection, links.load_settings(connection))


def _aggregate_stored(connection: sqlite3.Connection) -> None:
    """Version 4: fill the aggregates from the stored events."""
    aggregates.rebuild(connection)


_COMPUTE = {3: _link_stored, 4: _aggregate_stored}
"""Version -> what a store migrated to it needs computed, after its migration file."""


def _migrate(connection: sqlite3.Connection, found: int) -> None:
    """Take a store of version ``found`` to :data:`SCHEMA_VERSION`, one version at a time
    (inside the caller's transaction): each migration file, then what its version needs
    computed."""
    for version in range(found, SCHEMA_VERSION):
        for statement in schema_statements(MIGRATIONS[version]):
            connection.execute(statement)
        _create_missing(connection)
        _COMPUTE[version + 1](connection)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


def _create_missing(connection: sqlite3.Connection) -> None:
    """Create the tables and indexes of the schema file that the store lacks, so a
    migration file holds only what changes existing tables (one home for each table's
    definition)."""
    for statement in schema_statements():
        connection.execute(_IF_MISSING.sub(r"\1 IF NOT EXISTS ", statement, count=1))


_IF_MISSING = re.compile(r"^(CREATE (?:TABLE|INDEX)) (?!IF NOT EXISTS)", re.MULTILINE)


def _coded(method: Callable) -> Callable:
    """A Store method whose SQLite faults are coded errors (see :mod:`attache.store.faults`)."""

    @functools.wraps(method)
    def wrapper(self: Store, *args, **kwargs):
        with faults.coded(self.path, self.lock_timeout):
            return method(self, *args, **kwargs)

    return wrapper


def _remove(connection: sqlite3.Connection, article_id: str, settings: DedupSettings) -> None:
    """Delete a stored article (inside the caller's transaction), its copies linked and the
    events of the keys it touches clustered again (:func:`attache.dedup.sqlite.unlink_article`),
    the aggregates changed by what those clusters contribute before and after."""
    keys = links.removal_keys(connection, article_id)
    before = aggregates.snapshot(connection, aggregates.clusters_of_keys(connection, keys))
    links.unlink_article(connection, article_id, settings, keys)
    after = aggregates.snapshot(connection, aggregates.clusters_of_keys(connection, keys))
    aggregates.apply(connection, before, after)


class Store(Closing):
    """An open attache store. Use :func:`open_store` to get one; close it when done
    (or use it as a context manager). All writes go through :meth:`write`,
    :meth:`delete`, :meth:`write_rejection`, :meth:`dedup`, :meth:`aggregate` and
    :attr:`web`, each in its own transaction."""

    kind = "sqlite"
    aggregates = True
    """The analytics may read the aggregate tables (:mod:`attache.store.aggregates`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, read_only: bool = False,
                 lock_timeout: float = faults.LOCK_TIMEOUT):
        self._connection = connection
        self.path = path
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self.on_lock_wait: faults.OnWait | None = None
        self.attache_version = _attache_version()
        self.dedup_settings: DedupSettings = links.load_settings(connection)
        """The thresholds :meth:`write` links duplicates and clusters with (those the
        store was last deduplicated with, else the defaults). Change them through
        :meth:`dedup`, which links everything again with them: the stored band keys
        depend on them."""

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self._connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        faults.begin(self._connection, self.path, self.lock_timeout, self.on_lock_wait)
        try:
            yield self._connection
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------

    @_coded
    def write(self, coded: CodedArticle) -> WriteStatus:
        """Store one coded article with all its records, in one transaction.

        Returns ``"inserted"`` (new id), ``"unchanged"`` (same id, same content hash and
        same dictionary set: nothing is touched) or ``"replaced"`` (same id, changed text or
        metadata, or coded with other dictionaries: the old rows are deleted and the new
        ones written). If anything fails, the store is left
        as it was. Storing an article clears earlier rejections of its id.

        In the same transaction the article is linked to the earlier stored story it
        re-publishes (``articles.duplicate_of``) and each event to the cluster of the event
        it reports again (``events.cluster_id``, ``event_clusters``): see
        :mod:`attache.dedup.sqlite`.
        """
        article = check_fields(coded.article)  # the limits readers and the API apply
        articles_row = article_row(
            coded, attache_version=self.attache_version, coded_at=utc_now()
        )
        with self._transaction() as connection:
            # Read inside the transaction: another process's `attache dedup` may have
            # changed them (and every stored band key) since this store was opened.
            settings = self.dedup_settings = links.load_settings(connection)
            row = connection.execute(
                "SELECT content_hash, dictionaries FROM articles WHERE id = ?", (article.id,)
            ).fetchone()
            if row is not None and row["content_hash"] == articles_row["content_hash"] and (
                    row["dictionaries"] == articles_row["dictionaries"]):
                return "unchanged"
            if row is not None:
                _remove(connection, article.id, settings)
            link = links.link_article(connection, article.id, article.text, settings)
            articles_row["duplicate_of"] = link.duplicate_of
            articles_row["duplicate_similarity"] = link.similarity
            _insert(connection, "articles", [articles_row])
            position = connection.execute("SELECT last_insert_rowid()").fetchone()[0]
            links.store_link(connection, article.id, link)
            for table in TABLES:
                rows = table.rows(coded)
                if table.name == "events":
                    links.link_events(connection, article.id, link.duplicate_of or article.id,
                                      position, rows, settings)
                    touched = {event["cluster_id"] for event in rows}
                    before = aggregates.snapshot(connection, touched)
                _insert(connection, table.name, rows)
                if table.name == "events":
                    links.count_clusters(connection, article.id, articles_row["published"],
                                         rows)
                    aggregates.apply(connection, before,
                                     aggregates.snapshot(connection, touched))
            connection.execute("DELETE FROM rejections WHERE article_id = ?", (article.id,))
        return "inserted" if row is None else "replaced"

    @_coded
    def delete(self, article_id: str) -> bool:
        """Remove a stored article with all its records, in one transaction, keeping the
        others' duplicates, clusters and the aggregates what storing them without it would
        have given. Returns whether it was stored."""
        with self._transaction() as connection:
            settings = self.dedup_settings = links.load_settings(connection)
            if connection.execute(
                "SELECT 1 FROM articles WHERE id = ?", (article_id,)
            ).fetchone() is None:
                return False
            _remove(connection, article_id, settings)
        return True

    @_coded
    def dedup(self, settings: DedupSettings | None = None) -> links.DedupReport:
        """Link every stored article's duplicate and every event's cluster again, from
        scratch, in one transaction (what ``attache dedup`` does). With ``settings`` they
        replace the store's own, which later writes then use too."""
        settings = self.dedup_settings if settings is None else settings
        with self._transaction() as connection:
            links.save_settings(connection, settings)
            report = links.rebuild(connection, settings)
            aggregates.rebuild(connection)
        self.dedup_settings = settings
        return report

    @_coded
    def aggregate(self) -> aggregates.AggregateReport:
        """Fill the aggregate tables again from the events, from scratch, in one transaction
        (what ``attache aggregate`` does; writes keep them exact, so this is only needed
        after changing the events by other means)."""
        with self._transaction() as connection:
            return aggregates.rebuild(connection)

    @_coded
    def write_rejection(self, rejection: Rejection) -> None:
        """Record an input attache could not code. The same failure seen again (same
        article id, code and location) replaces the earlier row rather than adding one."""
        with self._transaction() as connection:
            connection.execute(
                "DELETE FROM rejections WHERE article_id IS ? AND code = ? AND location IS ?",
                (rejection.article_id, rejection.code, rejection.location),
            )
            _insert(connection, "rejections", [rejection_row(rejection, seen_at=utc_now())])

    @property
    def web(self) -> WebState:
        """What ``attache fetch`` and ``attache watch`` remember here between runs: each
        URL's validators and outcome, each feed entry seen (:mod:`attache.store.web`)."""
        from attache.store.web import WebState

        return WebState(self._connection, self._transaction)

    # -- reading -----------------------------------------------------------------------

    @_coded
    def has_article(self, article_id: str, content_hash: str) -> bool:
        """True when the store holds ``article_id`` with exactly this content hash
        (see :func:`attache.ingest.content_hash`), so it need not be coded again."""
        row = self._connection.execute(
            "SELECT 1 FROM articles WHERE id = ? AND content_hash = ?", (article_id, content_hash)
        ).fetchone()
        return row is not None

    @_coded
    def article(self, article_id: str) -> CodedArticle | None:
        """The stored article with all its records, as written; ``None`` if absent."""
        row = self._connection.execute(
            "SELECT * FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        article = _article(row)
        coded = CodedArticle(article=article, discarded=row["discarded"],
                             dictionaries=row["dictionaries"])
        for table in TABLES:
            records = self._connection.execute(
                f"SELECT * FROM {table.name} WHERE article_id = ? ORDER BY seq", (article_id,)
            ).fetchall()
            setattr(coded, table.attribute, [table.to_record(r, article_id) for r in records])
        return coded

    @_coded
    def rejections(self) -> list[Rejection]:
        """Every stored rejection, oldest first."""
        rows = self._connection.execute(
            "SELECT article_id, code, message, location FROM rejections ORDER BY id"
        ).fetchall()
        return [Rejection(*row) for row in rows]

    @_coded
    def stored_articles(self, *, since: str | None = None, ids: Iterable[str] | None = None,
                        not_dictionaries: str | None = None) -> list[Article]:
        """The stored articles (text and metadata, not their records), in storage order:
        those published on or after ``since``, of ``ids``, or not coded with the dictionary
        set ``not_dictionaries``, where given."""
        rows = self._connection.execute(
            "SELECT * FROM articles WHERE (:since IS NULL OR published >= :since)"
            " AND (:other IS NULL OR dictionaries IS NOT :other) ORDER BY rowid",
            {"since": since, "other": not_dictionaries}).fetchall()
        wanted = None if ids is None else set(ids)
        return [_article(row) for row in rows if wanted is None or row["id"] in wanted]

    @_coded
    def read(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> list[dict]:
        """Run a read-only query with bound parameters and return its rows as dicts.

        The connection is switched to ``query_only`` meanwhile, so a statement that would
        write fails instead of bypassing :meth:`write`.
        """
        if self.read_only:
            return [dict(row) for row in self._connection.execute(sql, parameters).fetchall()]
        self._connection.execute("PRAGMA query_only = ON")
        try:
            return [dict(row) for row in self._connection.execute(sql, parameters).fetchall()]
        finally:
            self._connection.execute("PRAGMA query_only = OFF")


def _article(row: sqlite3.Row) -> Article:
    """The :class:`Article` of an ``articles`` row."""
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        source=row["source"],
        url=row["url"],
    )
