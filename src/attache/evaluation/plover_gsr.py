"""Score attache on PLOVER-coded gold sentences (``plover_gsr_cameo.current_labels.jsonl``).

Per sentence attache's *main event* is the plain event with a PLOVER type whose verb stands
highest in the dependency tree (fewest steps to the root), the earliest among equals: "X said
Y attacked Z" has "said" at the root but no PLOVER type, so the attack is the main event.

* accuracy: main event's PLOVER type == gold ``event``;
* any-match: gold type among all plain events of the sentence;
* events per sentence: plain events coded;
* source / target P, R, F1 (micro): country part (first three letters) of the actors of the
  main event's verb against the gold actor / recipient codes, legacy codes mapped both ways.
  attache codes a reciprocal act the CAMEO way, one dyad each way ("Japan and Korea met":
  JPN->KOR and KOR->JPN; "Obama met Abe": visit 042 one way, host 043 the other); PLOVER
  codes it as one event with every party as actor and no recipient (its manual, "Compound
  and Reciprocal Actors"). :func:`plover_roles` reads the dyads of one verb that way.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import ErrorCode, EvaluationError
from ..export import plover_parties
from ..ingest.articles import new_article
from ..model import CodedArticle, Event, actor_country
from .gold import read_jsonl

#: Old CAMEO country codes in gold files -> ISO 3166 alpha-3 used by the dictionaries.
LEGACY_COUNTRY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "GMY": "DEU",
                        "TMP": "TLS", "UAR": "EGY", "MTN": "MNE", "SER": "SRB"}


def country(code: str) -> str:
    part = actor_country(code.upper())
    return LEGACY_COUNTRY_CODES.get(part, part)


def read_gold(path: Path) -> list[dict]:
    return [record for _, record in read_jsonl(path, {"text": str, "event": str})]


def main_event(events: Iterable[Event]) -> Event | None:
    """The plain event with a PLOVER type whose verb stands highest in the parse, the
    earliest among equals (see the module docstring)."""
    candidates = [event for event in events if event.is_plain and event.plover_type]
    if not candidates:
        return None
    return min(candidates, key=lambda event: (event.clause_depth, event.verb_start))


def plover_roles(events: Iterable[Event]) -> tuple[set[str], set[str]]:
    """Countries of the PLOVER actor and recipient that one verb's dyadic events make
    (:func:`attache.export.plover_parties`; known countries only)."""
    actors, recipients = plover_parties(
        (event.source.code if event.source else None,
         event.target.code if event.target else None) for event in events)
    return ({country(code) for code in actors} - {"---"},
            {country(code) for code in recipients} - {"---"})


def gold_codes(value) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {country(item["code"]) for item in value
            if isinstance(item, dict) and item.get("code")}


class Counts:
    """Micro-averaged precision/recall/F1 of predicted against gold code sets."""

    def __init__(self) -> None:
        self.true_positive = self.predicted = self.gold = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.true_positive += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    def scores(self) -> dict:
        precision = self.true_positive / self.predicted if self.predicted else 0.0
        recall = self.true_positive / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4),
                "f1": round(f1, 4), "true_positive": self.true_positive,
                "predicted": self.predicted, "gold": self.gold}


def score_roles(main: Event | None, events: list[Event], record: dict, sources: Counts,
                targets: Counts) -> dict[str, list[str]]:
    """Score the actors of the main event's verb against the record's gold actor and
    recipient (adding to ``sources`` and ``targets``); the four code lists, for details."""
    same_verb = [event for event in events if main and event.verb_start == main.verb_start]
    predicted_sources, predicted_targets = plover_roles(same_verb)
    gold_sources = gold_codes(record.get("actor"))
    gold_targets = gold_codes(record.get("recipient"))
    sources.add(predicted_sources, gold_sources)
    targets.add(predicted_targets, gold_targets)
    return {"sources": sorted(predicted_sources), "gold_sources": sorted(gold_sources),
            "targets": sorted(predicted_targets), "gold_targets": sorted(gold_targets)}


def evaluate(path: Path, coder, *, details: bool = False) -> dict:
    """Code every gold sentence and score it (see the module docstring)."""
    records = read_gold(path)
    correct = any_match = events = 0
    sources, targets = Counts(), Counts()
    rows = []
    articles = [new_article(" ".join(r["text"].split()), article_id=r.get("id")) for r in records]
    for record, coded in zip(records, coder.code_stream(articles), strict=True):
        if not isinstance(coded, CodedArticle):
            raise EvaluationError(ErrorCode.E012, path=path,
                                  problem=f"record {record.get('id')}: {coded.message}")
        main = main_event(coded.plain_events)
        plain = coded.plain_events
        events += len(plain)
        predicted_type = main.plover_type if main else None
        correct += predicted_type == record["event"]
        any_match += any(event.plover_type == record["event"] for event in plain)
        roles = score_roles(main, plain, record, sources, targets)
        if details:
            rows.append({"id": record.get("id"), "gold": record["event"],
                         "predicted": predicted_type, **roles,
                         "cameo": main.cameo_code if main else None,
                         "pattern": main.pattern if main else None})
    total = len(records)
    result = {
        "name": "plover-gsr",
        "file": str(path),
        "sentences": total,
        "accuracy": round(correct / total, 4) if total else 0.0,
        "correct": correct,
        "any_match": round(any_match / total, 4) if total else 0.0,
        "events_per_sentence": round(events / total, 3) if total else 0.0,
        "source": sources.scores(),
        "target": targets.scores(),
    }
    if details:
        result["records"] = rows
    return result
