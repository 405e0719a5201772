"""The one catalogue of coded errors.

Each error has a stable code (``E001``) so a user can look it up in docs/errors.md and a caller
can tell one failure from another without parsing messages. Library code raises these; the
CLI turns them into messages and exit statuses; a bad article becomes a
:class:`attache.model.Rejection` carrying the same code and the batch goes on.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Code -> message template. Keep the table in docs/errors.md in step (a test checks)."""

    E001 = "The spaCy model '{name}' is not installed. Install it with: {command}"
    E002 = "Dictionary {path}:{line}: {problem}"
    E003 = "Article text is empty (after removing whitespace)."
    E004 = "Article text is not valid UTF-8 (first bad byte at offset {offset})."
    E005 = "Article text looks binary: {share:.0%} of its characters are control characters."
    E006 = "Article is too long: {length:,} characters, the limit is {limit:,} (max_chars)."
    E007 = "Input line {line} is not valid JSON: {problem}"
    E008 = "Input line {line} has no usable '{field}' field: {problem}"
    E009 = (
        "Published date '{value}' is not a date attache reads: give an ISO 8601 date "
        "(2020-01-07), an RFC 2822 one (Tue, 07 Jan 2020 10:00:00 GMT) or one with the month "
        "written out (7 January 2020); a day and month that could be swapped (07/01/2020) "
        "are refused."
    )
    E010 = (
        "Store {path} has schema version {found}; this attache writes version {expected}"
        "{remedy}."
    )
    E011 = "Unknown {kind} '{value}'. Known: {known}"
    E012 = "Evaluation file {path}: {problem}"
    E013 = "Cannot read input {path}: {problem}"
    E014 = "Article id '{article_id}' appears twice in the same input with different text."
    E015 = "Coding failed inside the pipeline: {problem}"
    E016 = (
        "Article {field} is not valid Unicode: it holds a lone surrogate \\u{codepoint:04x} at "
        "character {offset} (an escape without its pair)."
    )
    E017 = "Article {field} is too long: {length:,} characters, the limit is {limit:,}."
    E018 = "Input {where} is JSON nested more than {limit} levels deep."
    E019 = (
        "Input line {line} is longer than {limit:,} bytes; a JSON Lines line holds one article "
        "(is the file JSON Lines?)."
    )
    E020 = (
        "Store {path} is locked by another process: waited {seconds:g} s for it "
        "($ATTACHE_LOCK_TIMEOUT). What was stored stays; run the command again to go on."
    )
    E021 = (
        "Store {path}: the disk is full ({problem}). What was stored stays; free some space "
        "and run the command again to go on."
    )
    E022 = (
        "Store {path} is damaged ({problem}). Copy out what it still holds with: "
        "sqlite3 {path} .recover > recovered.sql"
    )
    E023 = "Cannot open, read or write store {path}: {problem}"
    E030 = "Cannot fetch {url} now: {problem}"
    E031 = "{url} answered HTTP {status}{reason}."
    E032 = "{url} is disallowed for attache by {robots}."
    E033 = "{url} is larger than the size limit of {limit:,} bytes."
    E034 = "{url} redirects too often: {problem}."
    E035 = "{url} is not an http(s) URL."
    E036 = "Feed {url} cannot be read: {problem}"
    E037 = "No article text in {url}: {problem}"
    E038 = (
        "Language not supported: {url} is in '{language}', not English "
        "({probability:.0%} sure)."
    )
    E039 = "Cannot write the web archive {path}: {problem}"
    E045 = "Pipeline stage '{stage}': {problem}"
    E046 = "User dictionary folder {path}: {problem}"
    E047 = "Actor list {path}:{line}: {problem}"


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


class WebError(AttacheError):
    """A page or feed that could not be fetched or read: the pass records it and goes on.

    Only E030 (network failure, timeout, a server error after retries) is ``transient``:
    the same request may work later, so ``attache watch`` tries it again next pass."""

    @property
    def transient(self) -> bool:
        return self.code is ErrorCode.E030


class PipelineError(AttacheError):
    """A coder built from stages that cannot run in the order given."""
