"""The one catalogue of coded errors.

Each error has a stable code (``E001``) so a user can look it up in the README and a caller
can tell one failure from another without parsing messages. Library code raises these; the
CLI turns them into messages and exit statuses; a bad article becomes a
:class:`attache.model.Rejection` carrying the same code and the batch goes on.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Code -> message template. Keep the README's error table in step (a test checks)."""

    E001 = "The spaCy model '{name}' is not installed. Install it with: {command}"
    E002 = "Dictionary {path}:{line}: {problem}"
    E003 = "Article text is empty (after removing whitespace)."
    E004 = "Article text is not valid UTF-8 (first bad byte at offset {offset})."
    E005 = "Article text looks binary: {share:.0%} of its characters are control characters."
    E006 = "Article is too long: {length:,} characters, the limit is {limit:,} (max_chars)."
    E007 = "Input line {line} is not valid JSON: {problem}"
    E008 = "Input line {line} has no usable '{field}' field: {problem}"
    E009 = "Published date '{value}' is not an ISO date (YYYY-MM-DD)."
    E010 = (
        "Store {path} has schema version {found}; this attache writes version {expected}"
        "{remedy}."
    )
    E011 = "Unknown {kind} '{value}'. Known: {known}"
    E012 = "Evaluation file {path}: {problem}"
    E013 = "Cannot read input {path}: {problem}"
    E014 = "Article id '{article_id}' appears twice in the same input with different text."
    E015 = "Coding failed inside the pipeline: {problem}"
    E045 = "Pipeline stage '{stage}': {problem}"


class AttacheError(Exception):
    """Base class of every error attache raises on purpose."""

    def __init__(self, code: ErrorCode, **details: object) -> None:
        self.code = code
        self.details = details
        super().__init__(f"[{code.name}] {code.value.format(**details)}")

    @property
    def message(self) -> str:
        return self.code.value.format(**self.details)


class ModelNotInstalled(AttacheError):
    pass


class DictionaryError(AttacheError):
    pass


class ArticleError(AttacheError):
    """A problem with one article: the batch reports it and goes on."""


class InputError(AttacheError):
    """A problem with one line or file of input."""


class StoreError(AttacheError):
    pass


class EvaluationError(AttacheError):
    pass


class PipelineError(AttacheError):
    """A coder built from stages that cannot run in the order given."""
