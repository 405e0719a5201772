"""Compiled caches of what attache derives from its packaged data (dictionaries, gazetteer).

Building such a structure from its source files takes seconds; reading it back from a
pickle takes a fraction of that. :func:`load_compiled` keeps one pickle per structure and
content: the file is named after a key the caller computes from everything the result
depends on (file contents, library versions, a format number), so a changed input simply
misses the cache and never reads a stale result. An unreadable cache file is ignored
(logged) and rewritten; a cache folder that cannot be written only costs the rebuild.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
               IndexError, TypeError, ValueError)


def cache_directory() -> Path:
    """``$ATTACHE_CACHE_DIR``, else ``$XDG_CACHE_HOME/attache``, else ``~/.cache/attache``."""
    if os.environ.get("ATTACHE_CACHE_DIR"):
        return Path(os.environ["ATTACHE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "attache"


def content_key(parts: Iterable[bytes | str]) -> str:
    """A short hex digest of ``parts`` in order (what a cache file is named after)."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "little"))
        sha.update(data)
    return sha.hexdigest()[:16]


def cache_path(name: str, key: str) -> Path:
    """Where the compiled ``name`` of content ``key`` is kept."""
    return cache_directory() / f"{name}-{key}.pickle"


def read_pickle(path: Path) -> Any:
    """Unpickle ``path`` with the cyclic garbage collector paused: a compiled structure is
    hundreds of thousands of small objects without cycles, and the collector would scan
    them again and again while they are made (it doubles the load time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    finally:
        if collecting:
            gc.enable()


def write_pickle(path: Path, value: Any, pickler: type[pickle.Pickler] = pickle.Pickler) -> None:
    """Pickle ``value`` to ``path`` atomically (a temporary file renamed into place, so a
    concurrent reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        with partial.open("wb") as handle:
            pickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def load_compiled(
    name: str,
    key: str,
    build: Callable[[], T],
    *,
    use_cache: bool = True,
    pickler: type[pickle.Pickler] = pickle.Pickler,
) -> T:
    """The structure ``name`` of content ``key``: read from the cache when present and
    readable, else ``build()`` (then cached, unless ``use_cache`` is false)."""
    if not use_cache:
        return build()
    path = cache_path(name, key)
    try:  # not path.exists() first: it raises where the folder may not be read
        return read_pickle(path)
    except FileNotFoundError:
        pass
    except _UNREADABLE as error:
        log.warning("ignoring unreadable %s cache %s: %s", name, path, error)
    built = build()
    try:
        write_pickle(path, built, pickler)
    except OSError as error:
        log.warning("could not write %s cache %s: %s", name, path, error)
    return built
