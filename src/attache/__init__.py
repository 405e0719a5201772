"""attache: sourced political event data from news text.

The public API: the record types of :mod:`attache.model` and :func:`open_store`.
(The coder's ``code``/``Coder`` live in :mod:`attache.pipeline`.)
"""

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
from attache.store import open_store

__all__ = [
    "Actor",
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
