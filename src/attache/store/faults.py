"""What SQLite reports when a file, a disk or another process gets in the way, as coded
errors: a store locked by another writer for too long (E020), a full disk (E021), a
damaged file (E022), one that cannot be opened or read (E023).

Every write is one transaction per article, so none of these harms what was stored: the
command stops with its code and, run again, goes on where it stopped.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from attache.errors import AttacheError, ErrorCode, StoreError

LOCK_TIMEOUT = 10.0
"""Seconds a write waits for another process's write lock on the store by default."""

LOCK_TIMEOUT_ENV = "ATTACHE_LOCK_TIMEOUT"
"""The environment variable that changes :data:`LOCK_TIMEOUT` (seconds)."""

QUIET_WAIT = 1.0
"""Seconds a write waits for a lock before it says it is waiting (``on_wait``)."""

OnWait = Callable[[Path, float], None]
"""Called once when a write starts waiting for another process's lock: (store, seconds it
will wait at most)."""

_FREE_SPACE_FLOOR = 1 << 20
"""An I/O error on a filesystem with less free space than this is a full disk."""


def lock_timeout() -> float:
    """``$ATTACHE_LOCK_TIMEOUT`` seconds, else :data:`LOCK_TIMEOUT`; E011 for a value that
    is not a number of seconds from 0 up."""
    value = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not value:
        return LOCK_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 1e6:
        raise AttacheError(ErrorCode.E011, kind=f"${LOCK_TIMEOUT_ENV}", value=value,
                           known="a number of seconds, 0 or more")
    return seconds


def store_error(error: sqlite3.Error, path: str | Path, waited: float) -> StoreError | None:
    """The coded error for what SQLite reported about the store at ``path`` (``waited``:
    the lock timeout in force), or ``None`` when it is none of these faults."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return StoreError(ErrorCode.E020, path=path, seconds=waited)
    if name.startswith("SQLITE_FULL") or "disk is full" in text or _disk_full(path, name):
        return StoreError(ErrorCode.E021, path=path, problem=text)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return StoreError(ErrorCode.E022, path=path, problem=text)
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR")):
        return StoreError(ErrorCode.E023, path=path, problem=text)
    return None


def _disk_full(path: str | Path, name: str) -> bool:
    if not name.startswith("SQLITE_IOERR"):
        return False
    try:
        return shutil.disk_usage(Path(path).resolve().parent).free < _FREE_SPACE_FLOOR
    except OSError:
        return False


@contextmanager
def coded(path: str | Path, waited: float) -> Iterator[None]:
    """Turn the SQLite faults of :func:`store_error` raised inside into coded errors."""
    try:
        yield
    except sqlite3.Error as error:
        fault = store_error(error, path, waited)
        if fault is None:
            raise
        raise fault from error


def begin(connection: sqlite3.Connection, path: Path, timeout: float,
          on_wait: OnWait | None) -> None:
    """``BEGIN IMMEDIATE`` (take the write lock), waiting up to ``timeout`` seconds while
    another process holds it: quietly for :data:`QUIET_WAIT`, then after calling
    ``on_wait``. SQLite's error at the end is E020 through :func:`coded`."""
    quiet = min(QUIET_WAIT, timeout)
    connection.execute(f"PRAGMA busy_timeout = {int(quiet * 1000)}")
    try:
        connection.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as error:
        if store_error(error, path, timeout) is None or timeout <= quiet:
            raise
        if on_wait is not None:
            on_wait(path, timeout)
        connection.execute(f"PRAGMA busy_timeout = {int((timeout - quiet) * 1000)}")
        connection.execute("BEGIN IMMEDIATE")
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
