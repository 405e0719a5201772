"""Score event dates on the SemEval-2015 Task 4 TimeLine gold (``timeline_docs.jsonl``).

Each document's text (tokenised, one sentence per line; single line breaks become spaces, so
a document is one paragraph) is coded with its creation time ``dct`` as the publication
date (a ``dct`` that is not an ISO date counts as unknown). For every timeline entry with an
event mention (``m_id``) and a gold date (not ``XXXX-XX-XX``), the date attache gives that
position is compared with the gold anchor at the gold's precision (gold ``2008-03`` accepts
``2008-03-27``; a less precise answer is wrong):

* the date of the attache event whose verb overlaps the mention, when there is one;
* otherwise :func:`attache.attributes.dates.token_date` on the mention's token (its first
  verb token, else its last token): the same rule, applied as if the mention were a verb.

Result keys: ``name``, ``file``, ``documents``, ``entries`` (all timeline entries),
``with_mention``, ``dated_entries`` (with a mention and a gold date), ``correct``,
``accuracy`` (correct / dated entries), ``via_event`` (entries answered by a coded event) and
``by_basis`` (for each basis, ``entries`` and ``correct``); with ``details``, ``records``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..attributes.dates import StoryDate, agrees, token_date
from ..errors import AttacheError, ErrorCode, EvaluationError
from ..ingest.articles import new_article
from ..model import DateExpression
from ..nlp import ParsedUnit
from ..pipeline.stage import ArticleState
from .gold import read_jsonl

BASES = ("explicit", "relative", "story", "publication", "none")


def read_documents(path: Path) -> list[dict]:
    return [document for _, document in
            read_jsonl(path, {"text": str, "tokens": list, "timeline": list})]


def creation_date(value) -> date | None:
    """The document creation time as a date; None when it is not an ISO date."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def evaluate(path: Path, coder, *, details: bool = False) -> dict:
    """Code every document and score the dates of its timeline entries (module docs)."""
    documents = read_documents(path)
    entries = with_mention = dated = correct = via_event = 0
    by_basis = {basis: {"entries": 0, "correct": 0} for basis in BASES}
    rows = []
    for document in documents:
        published = creation_date(document.get("dct"))
        try:
            article = new_article(document["text"], article_id=str(document.get("id")),
                                  published=published)
            state = coder.process(article)
        except AttacheError as error:
            raise EvaluationError(ErrorCode.E012, path=path,
                                  problem=f"document {document.get('id')}: {error}") from error
        positions = _Positions(document, state, published)
        for entry in document["timeline"]:
            entries += 1
            span = positions.mention(entry.get("m_id"))
            if span is None:
                continue
            with_mention += 1
            gold = entry.get("date") or "XXXX-XX-XX"
            if gold.startswith("XXXX"):
                continue
            dated += 1
            value, basis, from_event = positions.date_at(*span)
            hit = agrees(value, gold)
            correct += hit
            via_event += from_event
            by_basis[basis]["entries"] += 1
            by_basis[basis]["correct"] += hit
            if details:
                rows.append({"id": document.get("id"), "m_id": entry.get("m_id"),
                             "word": entry.get("word"), "gold": gold, "predicted": value,
                             "basis": basis, "event": from_event, "correct": hit})
    result = {
        "name": "semeval-timeline",
        "file": str(path),
        "documents": len(documents),
        "entries": entries,
        "with_mention": with_mention,
        "dated_entries": dated,
        "correct": correct,
        "accuracy": round(correct / dated, 4) if dated else 0.0,
        "via_event": via_event,
        "by_basis": by_basis,
    }
    if details:
        result["records"] = rows
    return result


class _Positions:
    """One coded document: its parsed paragraphs, with the dates and dated events the coder
    found in each and the story's date as each began."""

    def __init__(self, document: dict, state: ArticleState, published: date | None) -> None:
        self.published = published
        self.tokens = {str(token.get("t_id")): token for token in document["tokens"]}
        self.mentions = {str(mention.get("m_id")): mention
                         for mention in document.get("event_mentions", [])}
        dates_by_unit: list[list[DateExpression]] = [[] for _ in state.units]
        for expression in state.coded.dates:
            index = next(i for i, unit in enumerate(state.units)
                         if unit.contains(expression.evidence.start))
            dates_by_unit[index].append(expression)
        self.units = list(zip(state.units, dates_by_unit, state.events_by_unit(),
                              state.story_dates, strict=True))

    def mention(self, m_id) -> tuple[int, int, list[int]] | None:
        """(start, end, token starts) of a gold event mention; None when there is none."""
        mention = self.mentions.get(str(m_id)) if m_id is not None else None
        if mention is None:
            return None
        tokens = [self.tokens.get(str(t_id)) for t_id in mention.get("t_ids", [])]
        if not tokens or None in tokens:
            return None
        return tokens[0]["begin"], tokens[-1]["end"], [token["begin"] for token in tokens]

    def date_at(self, start: int, end: int, token_starts: list[int]
                ) -> tuple[str | None, str, bool]:
        """(value, basis, from a coded event) for the mention at ``start``..``end``."""
        for unit, dates, events, story in self.units:
            if not unit.contains(start):
                continue
            for event in events:
                if event.verb_start < end and start < event.verb_end:
                    return event.date, event.date_basis, True
            indices = [_token_index(unit, char) for char in token_starts]
            indices = [index for index in indices if index is not None]
            if not indices:
                break
            verbs = [index for index in indices if unit.doc[index].pos_ in ("VERB", "AUX")]
            found = token_date(unit, verbs[0] if verbs else indices[-1], dates, self.published,
                               StoryDate(story))
            return found.value, found.basis, False
        return None, "none", False


def _token_index(unit: ParsedUnit, char: int) -> int | None:
    span = unit.span(char, char + 1)
    return span.start if span is not None and len(span) else None
