"""The coder: article in, coded article out.

An article is checked (``ingest.check_text``: empty, binary or oversized text are coded
errors), parsed (:func:`attache.nlp.parse_articles`: paragraphs, the parser's cleaned copy,
sentences numbered across the article), then handed through the stages in order. The stages
and their order are data (``attache/data/pipeline/stages.tsv``; see
:mod:`attache.pipeline.stages`), each declaring what it requires and assigns, checked when the
coder is built (:mod:`attache.pipeline.stage`). Nothing is kept between articles except the
loaded model, dictionaries and tables.

Any failure inside the coding of one article becomes that article's rejection (E015, the
traceback logged), never the end of a batch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..dictionaries import Dictionaries, dictionaries_for
from ..errors import ArticleError, AttacheError, ErrorCode
from ..events.coder import CodingOptions
from ..ingest.articles import DEFAULT_MAX_CHARS, check_text, new_article
from ..model import Article, CodedArticle, Rejection
from ..nlp import ParsedArticle, load_nlp, parse_articles
from .stage import ArticleState, Stage, check_stages, describe
from .stages import (
    CORE_STAGE_NAMES,
    Resources,
    build_stage,
    default_stage_names,
    register_stage,
)

__all__ = ["CORE_STAGE_NAMES", "ArticleState", "Coder", "Stage", "code", "default_coder",
           "default_stage_names", "register_stage"]

log = logging.getLogger(__name__)


class Coder:
    """Codes articles with one loaded model, dictionary set and stage list (reuse it:
    loading is the expensive part).

    ``stages``: stage names (see :func:`default_stage_names`) and :class:`Stage` objects, in
    the order they run; default: attache's default list. The list is checked when the coder
    is built (E045 names the stage that cannot run where it is).

    ``dictionaries``: a compiled :class:`Dictionaries`, or a folder of user dictionaries
    layered over the shipped ones (see "User dictionaries" in docs/dictionaries.md); default: the
    shipped set. A bad user file raises E002 naming its file and line."""

    def __init__(self, dictionaries: Dictionaries | str | Path | None = None, nlp=None,
                 max_chars: int = DEFAULT_MAX_CHARS, options: CodingOptions | None = None,
                 stages: Sequence[str | Stage] | None = None):
        self.dictionaries = dictionaries_for(dictionaries)
        self.nlp = nlp or load_nlp()
        self.max_chars = max_chars
        self.resources = Resources(self.dictionaries, options)
        names = default_stage_names() if stages is None else stages
        self.stages = [stage if isinstance(stage, Stage) else build_stage(stage, self.resources)
                       for stage in names]
        check_stages(self.stages)

    def describe(self) -> list[dict]:
        """The stages this coder runs, as data (name, version, requires, assigns)."""
        return describe(self.stages)

    def process(self, article: Article) -> ArticleState:
        """Code one article and return its whole state (the parse and the coded records);
        raises :class:`ArticleError` when it cannot be coded."""
        check_text(article.text, self.max_chars)
        parsed = self._parse([article])[0]
        if isinstance(parsed, Rejection):
            raise ArticleError(ErrorCode.E015, problem=parsed.message)
        return self._run_stages(parsed)

    def code_article(self, article: Article) -> CodedArticle:
        """Code one article; raises :class:`ArticleError` when its text cannot be coded."""
        return self.process(article).coded

    def code_stream(self, items: Iterable[Article | Rejection],
                    batch_size: int = 16) -> Iterator[CodedArticle | Rejection]:
        """Code many articles, parsing them in batches; order is kept, Rejections pass
        through, and an article that fails becomes a Rejection instead of stopping the run."""
        for result in self.process_stream(items, batch_size):
            yield result if isinstance(result, Rejection) else result.coded

    def process_stream(self, items: Iterable[Article | Rejection],
                       batch_size: int = 16) -> Iterator[ArticleState | Rejection]:
        """:meth:`code_stream`, giving each article's whole state (:meth:`process`)."""
        batch: list[Article | Rejection] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def _process_batch(self, batch: list[Article | Rejection]
                       ) -> Iterator[ArticleState | Rejection]:
        checked: list[Article | Rejection] = []
        for item in batch:
            if isinstance(item, Article):
                try:
                    check_text(item.text, self.max_chars)
                except ArticleError as error:
                    item = Rejection(item.id, error.code.name, error.message)
            checked.append(item)
        articles = [item for item in checked if isinstance(item, Article)]
        parsed = iter(self._parse(articles))
        for item in checked:
            if isinstance(item, Rejection):
                yield item
                continue
            result = next(parsed)
            if isinstance(result, Rejection):
                yield result
                continue
            try:
                yield self._run_stages(result)
            except AttacheError as error:
                yield Rejection(item.id, error.code.name, error.message)

    def _parse(self, articles: list[Article]) -> list[ParsedArticle | Rejection]:
        """The articles parsed together; when the parser fails on the batch, each article
        alone, so only the one it cannot parse is rejected."""
        try:
            return list(parse_articles(self.nlp, articles))
        except Exception:  # noqa: BLE001 - the parser's failure on one text, retried alone
            if len(articles) == 1:
                return [_failure(articles[0], "the parser")]
        results: list[ParsedArticle | Rejection] = []
        for article in articles:
            results.extend(self._parse([article]))
        return results

    def _run_stages(self, parsed: ParsedArticle) -> ArticleState:
        state = ArticleState(parsed, CodedArticle(parsed.article, sentences=parsed.sentences,
                                                  dictionaries=self.dictionaries.version))
        for stage in self.stages:
            try:
                stage.run(state)
            except AttacheError:
                raise
            except Exception as error:  # noqa: BLE001 - one article's failure, not the run's
                raise _failure(parsed.article, f"stage '{stage.name}'", error) from error
            if state.stopped:
                state.coded.events.clear()
                state.coded.mentions.clear()
                break
        state.coded.mentions.sort(key=lambda mention: mention.evidence.start)
        return state


def _failure(article: Article, where: str, error: BaseException | None = None):
    """The E015 error (from a stage) or rejection (from the parser) for an unexpected failure
    while coding ``article``; the traceback goes to the log."""
    log.error("coding article %r failed in %s", article.id, where, exc_info=True)
    problem = f"{where} failed on article {article.id!r}" + (
        f": {error!r}" if error is not None else "")
    if error is None:
        return Rejection(article.id, ErrorCode.E015.name,
                         ErrorCode.E015.value.format(problem=problem))
    return ArticleError(ErrorCode.E015, problem=problem)


@lru_cache(maxsize=1)
def default_coder() -> Coder:
    """A process-wide coder with the shipped dictionaries (built on first use)."""
    return Coder()


def code(text: str, published: date | str | None = None, *, article_id: str | None = None,
         title: str | None = None, source: str | None = None,
         url: str | None = None) -> CodedArticle:
    """Code one text: ``attache.code("...", published=date(2023, 1, 16))``."""
    article = new_article(text, article_id=article_id, title=title, published=published,
                          source=source, url=url)
    return default_coder().code_article(article)
