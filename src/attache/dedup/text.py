"""Text resemblance: word shingles, their exact Jaccard resemblance, and MinHash band keys.

Everything here is deterministic across processes, platforms and versions (hashes come from
BLAKE2b, never from Python's salted ``hash``): band keys are stored in the SQLite store and
must mean the same thing to every later run. The arithmetic is numpy ``uint64``, wrapping
modulo 2**64 on purpose.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Set
from functools import lru_cache

import numpy as np

WORD = re.compile(r"\w+")
"""A word for resemblance: a run of letters, digits or underscores (case folded first)."""

_UINT64 = np.uint64


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``, in order."""
    return WORD.findall(text.lower())


def jaccard(first: Set[str], second: Set[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 0.0 when both are empty."""
    if not first and not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


@lru_cache(maxsize=1 << 14)
def word_set(text: str) -> frozenset[str]:
    """The set of :func:`words` of ``text`` (cached: the same stored evidence sentences are
    compared again and again as their events' clusters grow)."""
    return frozenset(words(text))


def evidence_similarity(first: str, second: str) -> float:
    """How alike two evidence sentences are: the Jaccard similarity of their word sets."""
    return jaccard(word_set(first), word_set(second))


def _constant(name: str, index: int) -> int:
    """An odd 64-bit constant named by ``name`` and ``index`` (fixed forever)."""
    digest = hashlib.blake2b(f"attache-dedup:{name}:{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") | 1


@lru_cache(maxsize=8)
def _constants(name: str, count: int) -> np.ndarray:
    return np.array([_constant(name, index) for index in range(count)], dtype=_UINT64)


_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_KEPT = 1 << 17  # about 20 MB at most; emptied when full


def _word_hashes(tokens: list[str]) -> np.ndarray:
    """The 64-bit BLAKE2b hash of each word (a bounded cache spares hashing common ones)."""
    cache = _WORD_HASHES
    values = []
    for token in tokens:
        value = cache.get(token)
        if value is None:
            if len(cache) >= _WORD_HASHES_KEPT:
                cache.clear()
            digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
            value = cache[token] = int.from_bytes(digest, "little")
        values.append(value)
    return np.array(values, dtype=_UINT64)


def _mix(values: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (xor-shift, multiply, xor-shift) so every output bit depends on
    every input bit."""
    values = values ^ (values >> _UINT64(31))
    values = values * _UINT64(0xBF58476D1CE4E5B9)
    return values ^ (values >> _UINT64(29))


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """The set of ``size``-word shingles of ``text`` as sorted unique 64-bit hashes.

    A text shorter than ``size`` words is one shingle; an empty text has none. A shingle's
    hash combines its words' hashes with one constant per position, so word order counts.
    """
    tokens = words(text)
    if not tokens:
        return np.empty(0, dtype=_UINT64)
    hashed = _word_hashes(tokens)
    size = min(size, len(tokens))
    count = len(tokens) - size + 1
    weights = _constants("position", size)
    combined = np.zeros(count, dtype=_UINT64)
    for position in range(size):
        combined += hashed[position:position + count] * weights[position]
    return np.unique(_mix(combined))


def resemblance(first: np.ndarray, second: np.ndarray) -> float:
    """The exact Jaccard resemblance of two shingle sets (as :func:`shingle_hashes` gives)."""
    if not len(first) and not len(second):
        return 0.0
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (len(first) + len(second) - shared)


def signature(hashes: np.ndarray, count: int) -> np.ndarray:
    """``count`` min-hashes of a shingle set: for each of ``count`` fixed affine maps
    ``h -> a*h + b (mod 2**64)``, the smallest image. Two sets agree on a min-hash with
    probability close to their resemblance."""
    if not len(hashes):
        return np.empty(0, dtype=_UINT64)
    multipliers = _constants("multiplier", count)[:, None]
    offsets = _constants("offset", count)[:, None]
    return (multipliers * hashes[None, :] + offsets).min(axis=1)


def band_keys(hashes: np.ndarray, bands: int, rows: int) -> list[int]:
    """The locality-sensitive index keys of a shingle set: its :func:`signature` of
    ``bands * rows`` min-hashes cut into ``bands`` bands of ``rows``, each band (and its
    number) hashed to one signed 64-bit integer, so it fits an SQLite INTEGER. Two sets
    share at least one key with probability ``1 - (1 - s**rows)**bands`` at resemblance
    ``s``. An empty set has no keys."""
    values = signature(hashes, bands * rows)
    if not len(values):
        return []
    table = values.reshape(bands, rows)
    combined = np.arange(bands, dtype=_UINT64) * _UINT64(_constant("band", 0))
    weights = _constants("row", rows)
    for row in range(rows):
        combined = _mix(combined + table[:, row] * weights[row])
    return combined.view(np.int64).tolist()
