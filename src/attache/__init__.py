"""attache: sourced political event data from news text.

The public API: :func:`code` (one text), :class:`Coder` (many articles, one loaded model),
:func:`open_store` and the record types of :mod:`attache.model`.
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
from attache.pipeline import Coder, code
from attache.store import open_store

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
