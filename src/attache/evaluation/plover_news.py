"""Score attache on sentences of real news articles (``wikinews-plover``, ``reuters-plover``).

Each gold sentence names its article (``article_id``, an ``id`` of the corpus file) and its
place in it (``start``; ``text`` is the exact substring). Every article is coded once, whole,
with its publication date, as in production; a sentence's events are the plain events whose
verb lies inside its span, and its main event is chosen as :mod:`plover_gsr` chooses it.

* accuracy: the main event's PLOVER type == gold ``event``; any-match: the gold type among
  the sentence's events;
* source / target precision, recall, F1 (micro, country level, as in ``plover-gsr``; a
  reciprocal act's parties are all actors, as PLOVER codes it);
* per gold type: sentences and correct main types; the confusion of wrong main types;
* false-event rate: share of the no-event sentences with any plain event that has a PLOVER
  type inside their span.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..errors import ErrorCode, EvaluationError
from ..ingest.readers import read_jsonl as read_articles
from ..model import Article, CodedArticle, Event
from .gold import read_jsonl
from .plover_gsr import Counts, main_event, score_roles

_SENTENCE_FIELDS = {"article_id": str, "start": int, "text": str}


def _read_sentences(path: Path, *, events: bool) -> list[dict]:
    required = {**_SENTENCE_FIELDS, "event": str} if events else _SENTENCE_FIELDS
    return [record for _, record in read_jsonl(path, required)]


def _read_corpus(path: Path, wanted: set[str]) -> dict[str, Article]:
    """The corpus articles the gold sentences name (E012 for a missing or unreadable one)."""
    found: dict[str, Article] = {}
    for item in read_articles(path):
        if isinstance(item, Article) and item.id in wanted:
            found[item.id] = item
    missing = sorted(wanted - set(found))
    if missing:
        raise EvaluationError(ErrorCode.E012, path=path,
                              problem=f"{len(missing)} article(s) the gold names are missing or "
                                      f"unreadable, first {missing[0]!r}")
    return found


def _span_events(coded: CodedArticle, record: dict, gold_path: Path) -> list[Event]:
    """Plain events whose verb lies in the record's sentence (E012 when the span is off)."""
    start = record["start"]
    end = start + len(record["text"])
    if coded.article.text[start:end] != record["text"]:
        raise EvaluationError(ErrorCode.E012, path=gold_path,
                              problem=f"record {record.get('id')}: its text is not at offset "
                                      f"{start} of article {record['article_id']!r}")
    return [event for event in coded.plain_events
            if start <= event.verb_start and event.verb_end <= end]


def _code_all(coder, articles: dict[str, Article], corpus: Path) -> dict[str, CodedArticle]:
    coded: dict[str, CodedArticle] = {}
    for item in coder.code_stream(articles.values()):
        if not isinstance(item, CodedArticle):
            raise EvaluationError(ErrorCode.E012, path=corpus,
                                  problem=f"article {item.article_id}: {item.message}")
        coded[item.article.id] = item
    return coded


def evaluate(events_path: Path, noevent_path: Path, corpus_path: Path, coder, *,
             details: bool = False) -> dict:
    """Code the gold sentences' articles once and score the sentences (module docstring)."""
    gold = _read_sentences(events_path, events=True)
    empty = _read_sentences(noevent_path, events=False)
    wanted = {record["article_id"] for record in [*gold, *empty]}
    coded = _code_all(coder, _read_corpus(corpus_path, wanted), corpus_path)
    correct = any_match = 0
    sources, targets = Counts(), Counts()
    per_type: dict[str, Counter] = {}
    confusion: Counter = Counter()
    rows = []
    for record in gold:
        events = _span_events(coded[record["article_id"]], record, events_path)
        typed = [event for event in events if event.plover_type]
        main = main_event(typed)
        predicted = main.plover_type if main else None
        hit = predicted == record["event"]
        correct += hit
        any_match += any(event.plover_type == record["event"] for event in typed)
        tally = per_type.setdefault(record["event"], Counter())
        tally["sentences"] += 1
        tally["correct"] += hit
        if not hit:
            confusion[f"{record['event']} -> {predicted}"] += 1
        roles = score_roles(main, typed, record, sources, targets)
        if details:
            rows.append({"id": record.get("id"), "text": record["text"],
                         "gold": record["event"], "predicted": predicted, **roles,
                         "cameo": main.cameo_code if main else None,
                         "pattern": main.pattern if main else None,
                         "verb": (coded[record["article_id"]].article.text[
                             main.verb_start:main.verb_end] if main else None)})
    false_events = []
    for record in empty:
        typed = [event for event in _span_events(coded[record["article_id"]], record,
                                                 noevent_path) if event.plover_type]
        if typed:
            false_events.append({"id": record.get("id"), "text": record["text"],
                                 "events": [f"{e.cameo_code} {e.plover_type} {e.pattern}"
                                            for e in typed]})
    total = len(gold)
    result = {
        "name": "plover-news",
        "file": str(events_path),
        "noevent_file": str(noevent_path),
        "corpus": str(corpus_path),
        "articles": len(coded),
        "sentences": total,
        "accuracy": round(correct / total, 4) if total else 0.0,
        "correct": correct,
        "any_match": round(any_match / total, 4) if total else 0.0,
        "source": sources.scores(),
        "target": targets.scores(),
        "per_type": {name: dict(tally) for name, tally in sorted(per_type.items())},
        "confusion": dict(confusion.most_common()),
        "noevent_sentences": len(empty),
        "false_event_rate": round(len(false_events) / len(empty), 4) if empty else 0.0,
        "false_events": len(false_events),
    }
    if details:
        result["records"] = rows
        result["false_event_records"] = false_events
    return result
