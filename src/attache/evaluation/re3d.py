"""Score attache's typed spans on re3d (``re3d.jsonl``: documents with typed entity spans).

Each document is coded with the coder; its records become typed character spans
(:func:`typed_spans`) and are compared, type by type, with the gold entities of the types
attache covers (:data:`COVERED`). Two matches are counted: *exact* (same start and end) and
*overlap* (at least one shared character; each gold and each predicted span matched at most
once, exact pairs first, then the largest overlaps). Precision, recall and F1 are given per
type and micro-averaged over the covered types.

What becomes a typed span:

* actor mentions (``coded.mentions``, except those overlapping equipment: "artillery"):
  typed with the entities of a spaCy parse of the same paragraphs (the records do not keep
  NER labels). A mention touching a PERSON entity, or whose last word is a role noun of one
  person ("President", "minister"), or a name resolved to a person, is Person; a mention
  that is all place name (GPE/LOC, "Iraq") is Location; any other is Organisation. A NORP
  entity that is a nationality word inside a mention ("Iraqi" in "Iraqi President Fuad
  Masum") is also a Nationality span; a mention that is only that is Nationality alone. A
  pronoun attache resolved ("he", "I", "we") is Person for one person, Organisation for a
  group;
* ``coded.places`` -> Location, ``coded.dates`` -> Temporal;
* ``coded.quantities``: money -> Money, any other kind -> Quantity;
* ``coded.equipment``: weapon and missile -> Weapon; aircraft, helicopter, ship, vehicle and
  drone -> MilitaryPlatform.

Spans of one type that overlap one already kept are dropped (a country named as an actor and
found as a place is one prediction). Every record scored is the coder's own: the evaluation
runs :meth:`attache.pipeline.Coder.process` and reads the NER labels from the same parse.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..errors import ErrorCode, EvaluationError
from ..ingest.articles import new_article
from ..model import CodedArticle
from .gold import read_jsonl

COVERED = ("Person", "Organisation", "Nationality", "Location", "Money", "Quantity",
           "Temporal", "Weapon", "MilitaryPlatform")
EQUIPMENT_TYPES = {"weapon": "Weapon", "missile": "Weapon", "aircraft": "MilitaryPlatform",
                   "helicopter": "MilitaryPlatform", "ship": "MilitaryPlatform",
                   "vehicle": "MilitaryPlatform", "drone": "MilitaryPlatform"}
#: Role nouns of one person: a mention ending in one is a Person ("Iraqi President").
PERSON_ROLES = frozenset({
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "envoy", "king", "queen", "prince", "emir", "sheikh", "general", "commander",
    "chief", "leader", "diplomat", "chairman", "chairwoman", "mayor", "governor", "senator",
    "premier", "chancellor", "negotiator", "cleric", "imam", "pope", "colonel", "lieutenant",
    "captain", "adviser", "advisor", "director", "deputy", "designate", "minister-designate",
    "official", "officer", "representative", "foreign minister", "head",
    "counterpart", "lawmaker", "mp", "judge", "prosecutor", "sultan", "ayatollah", "vice",
})
#: Pronouns attache resolves to an actor (a reference mention): one person, or a group.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "i", "me", "my",
                             "myself", "himself", "herself"})
PRONOUNS = PERSON_PRONOUNS | {"it", "its", "they", "them", "their", "we", "us", "our"}
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Endings of nationality words ("Syrian", "Kurdish", "Lebanese", "Iraqi", "Arabic", "Czech").
DEMONYM = re.compile(r"(?:an|ans|ish|ese|i|is|ic|ch|ty)$")


def read_gold(path: Path) -> list[dict]:
    """The documents of a re3d JSONL file (E012 for a line that is not a document)."""
    documents = []
    for number, document in read_jsonl(path, {"text": str, "entities": list}):
        for entity in document["entities"]:
            if not all(key in entity for key in ("begin", "end", "type")):
                raise EvaluationError(ErrorCode.E012, path=path,
                                      problem=f"line {number}: an entity needs begin, end, "
                                              "type")
        documents.append(document)
    return documents


def typed_spans(coded: CodedArticle,
                entities: Sequence[tuple[int, int, str]] = ()) -> list[tuple[int, int, str]]:
    """attache's records as (start, end, type) article spans, typed as the module docstring
    says. ``entities`` are spaCy entities (start, end, label) in article offsets; without
    them mentions are typed from their words alone (Person by role noun, else
    Organisation)."""
    spans: list[tuple[int, int, str, int]] = []  # (start, end, type, priority)
    for place in coded.places:
        spans.append((place.evidence.start, place.evidence.end, "Location", 0))
    for expression in coded.dates:
        spans.append((expression.evidence.start, expression.evidence.end, "Temporal", 0))
    for quantity in coded.quantities:
        kind = "Money" if quantity.kind == "money" else "Quantity"
        spans.append((quantity.evidence.start, quantity.evidence.end, kind, 0))
    for item in coded.equipment:
        kind = EQUIPMENT_TYPES.get(item.category)
        if kind:
            spans.append((item.evidence.start, item.evidence.end, kind, 0))
    equipment = [(item.evidence.start, item.evidence.end) for item in coded.equipment]
    for mention in coded.mentions:
        if any(s < mention.evidence.end and mention.evidence.start < e for s, e in equipment):
            continue  # "artillery", "bomber": an agent noun that names equipment
        spans.extend((start, end, kind, 1)
                     for start, end, kind in _mention_spans(mention, entities))
    spans.sort(key=lambda span: (span[3], span[0], span[0] - span[1]))
    kept: list[tuple[int, int, str]] = []
    for start, end, kind, _ in spans:
        if any(k == kind and s < end and start < e for s, e, k in kept):
            continue
        kept.append((start, end, kind))
    kept.sort()
    return kept


def _mention_spans(mention, entities: Sequence[tuple[int, int, str]]):
    evidence = mention.evidence
    start, end, text = evidence.start, evidence.end, evidence.text
    words = text.lower().replace("-", " ").split()
    if not words:
        return []
    if len(words) == 1 and words[0] in PRONOUNS:
        return [(start, end, "Person" if words[0] in PERSON_PRONOUNS else "Organisation")]
    touching = [(s, e, label) for s, e, label in entities if s < end and start < e]
    nationalities = [(max(s, start), min(e, end), "Nationality") for s, e, label in touching
                     if label == "NORP"]
    if nationalities and sum(e - s for s, e, _ in nationalities) >= len(text.strip()) - 1:
        return nationalities  # "Iraqi", "Kurdish": the mention is the nationality
    if any(label == "PERSON" for _, _, label in touching) or mention.kind == "reference":
        kind = "Person"
    elif words[-1].rstrip(".,'s") in PERSON_ROLES or " ".join(words[-2:]) in PERSON_ROLES:
        kind = "Person"
    elif touching and all(label in PLACE_LABELS for _, _, label in touching) and (
            min(s for s, _, _ in touching) <= start + 4
            and max(e for _, e, _ in touching) >= end):
        kind = "Location"  # "Iraq", "the United States" named as an actor
    else:
        kind = "Organisation"
    return [(start, end, kind), *nationalities]


def _label(ent) -> str:
    """The entity's label; a NORP that is not a nationality word ("ISIL", "Aleppo": the
    small model's NORP errors) is kept as ``NORP?`` so it does not type a Nationality."""
    if ent.label_ == "NORP" and ent.root.pos_ != "ADJ" and not DEMONYM.search(ent.text):
        return "NORP?"
    return ent.label_


def _counts(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict:
    """True positives under exact and overlap matching (one-to-one)."""
    exact = sum((Counter(gold) & Counter(predicted)).values())
    free_gold = list(range(len(gold)))
    free_predicted = list(range(len(predicted)))
    matched_gold: set[int] = set()
    matched_predicted: set[int] = set()
    for i in free_gold:  # exact pairs first
        for j in free_predicted:
            if j not in matched_predicted and gold[i] == predicted[j]:
                matched_gold.add(i)
                matched_predicted.add(j)
                break
    pairs = []
    for i, (gold_start, gold_end) in enumerate(gold):
        if i in matched_gold:
            continue
        for j, (start, end) in enumerate(predicted):
            shared = min(gold_end, end) - max(gold_start, start)
            if j not in matched_predicted and shared > 0:
                pairs.append((shared, i, j))
    for _, i, j in sorted(pairs, key=lambda pair: -pair[0]):
        if i not in matched_gold and j not in matched_predicted:
            matched_gold.add(i)
            matched_predicted.add(j)
    return {"exact": exact, "overlap": len(matched_gold)}


def _scores(tp: int, gold: int, predicted: int) -> dict:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": predicted - tp, "fn": gold - tp}


def evaluate(path: Path, coder, *, details: bool = False, min_confidence: float = 0.0) -> dict:
    """Code every document and score its typed spans against the gold entities.

    ``min_confidence`` drops gold annotations below that crowd confidence (0: every
    annotation as published). Returns ``{"name", "documents", "types", "min_confidence",
    "overlap", "exact", "by_type", "seconds"}`` (plus ``"details"``,
    one row per document, when asked); ``overlap``/``exact`` hold precision, recall, f1, tp,
    fp, fn micro-averaged over :data:`COVERED`; ``by_type`` maps each covered type to
    ``{"gold", "predicted", "overlap", "exact"}``.
    """
    documents = read_gold(path)
    totals = {kind: Counter() for kind in COVERED}
    rows = []
    began = time.perf_counter()
    for document in documents:
        article = new_article(document["text"], article_id=str(document.get("id") or "re3d"),
                              title=document.get("title"))
        state = coder.process(article)
        entities = [(unit.article_char(ent.start_char), unit.article_end(ent.end_char),
                     _label(ent)) for unit in state.units for ent in unit.doc.ents]
        predicted = typed_spans(state.coded, entities)
        gold = [(entity["begin"], entity["end"], entity["type"])
                for entity in document["entities"]
                if entity["type"] in COVERED
                and float(entity.get("confidence", 1) or 0) >= min_confidence]
        row = {"id": document.get("id"), "by_type": {}}
        for kind in COVERED:
            gold_spans = [(s, e) for s, e, k in gold if k == kind]
            predicted_spans = [(s, e) for s, e, k in predicted if k == kind]
            counts = _counts(gold_spans, predicted_spans)
            totals[kind].update(gold=len(gold_spans), predicted=len(predicted_spans), **counts)
            if gold_spans or predicted_spans:
                row["by_type"][kind] = {"gold": len(gold_spans),
                                        "predicted": len(predicted_spans), **counts}
        if details:
            row["missed"] = [(s, e, k, article.text[s:e]) for s, e, k in gold
                             if not any(k == pk and ps < e and s < pe
                                        for ps, pe, pk in predicted)]
            row["spurious"] = [(s, e, k, article.text[s:e]) for s, e, k in predicted
                               if k in COVERED and not any(k == gk and gs < e and s < ge
                                                           for gs, ge, gk in gold)]
            rows.append(row)
    by_type = {}
    for kind in COVERED:
        count = totals[kind]
        by_type[kind] = {"gold": count["gold"], "predicted": count["predicted"],
                         "overlap": _scores(count["overlap"], count["gold"],
                                            count["predicted"]),
                         "exact": _scores(count["exact"], count["gold"], count["predicted"])}
    gold_total = sum(totals[kind]["gold"] for kind in COVERED)
    predicted_total = sum(totals[kind]["predicted"] for kind in COVERED)
    result = {
        "name": "re3d",
        "documents": len(documents),
        "types": list(COVERED),
        "min_confidence": min_confidence,
        "overlap": _scores(sum(totals[k]["overlap"] for k in COVERED), gold_total,
                           predicted_total),
        "exact": _scores(sum(totals[k]["exact"] for k in COVERED), gold_total, predicted_total),
        "by_type": by_type,
        "seconds": round(time.perf_counter() - began, 2),
    }
    if details:
        result["details"] = rows
    return result
