"""attache: sourced political event data from news text.

The public API: :func:`code` (one text), :class:`Coder` (many articles, one loaded model),
:func:`open_store` and the record types of :mod:`attache.model`. The coder and the store are
imported on first use, so that ``import attache`` (and every command that needs neither)
starts quickly.
"""

from typing import TYPE_CHECKING, Any

from attache.model import (
    Actor,
    Article,
    CodedArticle,
    DateExpression,
    Event,
    Evidence,
    Mention,
    Place,
    Quantity,
    Quote,
    Rejection,
    Sentence,
)

if TYPE_CHECKING:
    from attache.pipeline import Coder, code
    from attache.store import open_store

_LAZY = {"Coder": "attache.pipeline", "code": "attache.pipeline", "open_store": "attache.store"}


def attache_version() -> str:
    """The installed attache version, as ``attache --version`` prints it and the store keeps
    it in ``articles.attache_version``."""
    from importlib import metadata

    try:
        return metadata.version("attache")
    except metadata.PackageNotFoundError:
        return "unknown"


def __getattr__(name: str) -> Any:
    """``attache.Coder``, ``attache.code`` and ``attache.open_store``, imported when asked."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'attache' has no attribute {name!r}")


__all__ = [
    "Actor",
    "Coder",
    "code",
    "Article",
    "CodedArticle",
    "DateExpression",
    "Event",
    "Evidence",
    "Mention",
    "Place",
    "Quantity",
    "Quote",
    "Rejection",
    "Sentence",
    "open_store",
]
