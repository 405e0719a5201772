"""Score attache on a PETRARCH validation file (``PETR.UnitTest.records.xml``).

Records are read in file order; each ``<Config>`` between records changes the options for the
records after it, as in the suite. Of the options only ``require_dyad`` changes how attache
codes (events missing a source or target are dropped while it is true); the ``comma_*`` and
``new_actor_length`` options tune PETRARCH's own parse pruning and have no counterpart here.

A record counts as correct when the multiset of (source, target, code) triples attache codes
(plain events, ``---`` for a missing actor) equals the gold one; ``noevents`` records need no
events and ``error`` records need the sentence discarded or no events. Records whose category
is not in ``<Include>`` or with ``sentence="false"`` are skipped, as the suite's validator did.
The record's ``<Text>`` is parsed by spaCy (attache's parser), not the hand-made Penn tree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

from ..dictionaries import load_dictionaries, petrarch_files
from ..errors import ErrorCode, EvaluationError
from ..events.coder import CodingOptions
from ..ingest.articles import new_article
from ..model import CodedArticle


def _read(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise EvaluationError(ErrorCode.E012, path=path, problem=str(error)) from error


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def _record_date(value: str | None) -> date | None:
    if not value or len(value) != 8 or not value.isdigit():
        return None
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def evaluate(path: Path, dictionary_directory: Path, *, details: bool = False) -> dict:
    """Code every included record with the suite's dictionaries and count exact matches."""
    from ..pipeline import CORE_STAGE_NAMES, Coder

    root = _read(path)
    included = set()
    environment = root.find("Environment")
    if environment is not None and environment.findtext("Include"):
        included = set(environment.findtext("Include").split())
    options = CodingOptions(require_dyad=True)
    coder = Coder(dictionaries=load_dictionaries(petrarch_files(dictionary_directory)),
                  options=options, stages=CORE_STAGE_NAMES)  # the suite tests events only
    sentences = root.find("Sentences")
    if sentences is None:
        raise EvaluationError(ErrorCode.E012, path=path, problem="no <Sentences> element")
    correct = evaluated = skipped = 0
    by_category: Counter = Counter()
    by_category_correct: Counter = Counter()
    rows = []
    for element in sentences:
        if element.tag == "Config":
            if element.get("option") == "require_dyad":
                options.require_dyad = _truthy(element.get("value"))
            continue
        if element.tag != "Sentence":
            continue
        category = element.get("category", "")
        if not _truthy(element.get("sentence")) or (included and category not in included):
            skipped += 1
            continue
        text = " ".join((element.findtext("Text") or "").split())
        gold_elements = element.findall("EventCoding")
        expects_none = any(_truthy(g.get("noevents")) or g.get("error") for g in gold_elements)
        gold = Counter() if expects_none else Counter(
            (g.get("sourcecode", "---"), g.get("targetcode", "---"), g.get("eventcode", "---"))
            for g in gold_elements)
        coded = coder.code_article(new_article(text, article_id=element.get("id"),
                                               published=_record_date(element.get("date"))))
        found = _triples(coded)
        is_correct = found == gold
        evaluated += 1
        correct += is_correct
        by_category[category] += 1
        by_category_correct[category] += is_correct
        if details:
            rows.append({"id": element.get("id"), "correct": is_correct,
                         "gold": sorted(gold.elements()), "coded": sorted(found.elements()),
                         "text": text})
    result = {
        "name": "petrarch-validation",
        "file": str(path),
        "evaluated": evaluated,
        "skipped": skipped,
        "correct": correct,
        "accuracy": round(correct / evaluated, 4) if evaluated else 0.0,
        "by_category": {name: {"evaluated": count, "correct": by_category_correct[name]}
                        for name, count in sorted(by_category.items())},
    }
    if details:
        result["records"] = rows
    return result


def _triples(coded: CodedArticle) -> Counter:
    if coded.discarded:
        return Counter()
    return Counter(
        (event.source.code if event.source else "---",
         event.target.code if event.target else "---",
         event.cameo_code)
        for event in coded.plain_events)
