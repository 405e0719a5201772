"""Ingest: turn files and strings into checked :class:`~attache.model.Article` records.

Readers stream their input and yield a :class:`~attache.model.Rejection` (with an error code
and a ``file:line`` location) for anything they cannot turn into an article; the batch goes on.
"""

from attache.ingest.articles import check_text, content_hash, new_article, parse_published
from attache.ingest.readers import (
    count_inputs,
    read_inputs,
    read_jsonl,
    read_text,
    read_text_file,
)

__all__ = [
    "check_text",
    "content_hash",
    "count_inputs",
    "new_article",
    "parse_published",
    "read_inputs",
    "read_jsonl",
    "read_text",
    "read_text_file",
]
