"""re3d: typed spans from attache's records against tiny gold files written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attache.errors import ErrorCode, EvaluationError
from attache.evaluation.re3d import COVERED, _counts, evaluate, typed_spans
from attache.model import (
    Article,
    CodedArticle,
    Equipment,
    Evidence,
    Mention,
    Quantity,
)

TEXT = ("Bilateral trade between Indonesia and Russia reached $2.7 billion in 2019. "
        "Indonesia has purchased Su-35 fighter jets from Russia.")


def entity(text: str, phrase: str, kind: str, confidence: float = 1.0,
           occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return {"id": f"{kind}-{start}", "begin": start, "end": start + len(phrase), "type": kind,
            "value": phrase, "confidence": confidence}


def write_gold(path: Path, documents: list[tuple[str, list[dict]]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number, (text, entities) in enumerate(documents):
            out.write(json.dumps({"id": f"doc{number}", "subset": "test", "text": text,
                                  "entities": entities, "relations": []}) + "\n")
    return path


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    entities = [
        entity(TEXT, "$2.7 billion", "Money"),
        entity(TEXT, "Su-35 fighter jets", "MilitaryPlatform"),
        entity(TEXT, "Indonesia", "Location"),
        entity(TEXT, "Russia", "Location"),
        entity(TEXT, "Indonesia", "Location", occurrence=1),
        entity(TEXT, "Russia", "Location", occurrence=1),
        entity(TEXT, "2019", "Temporal"),
        entity(TEXT, "trade", "DocumentReference"),  # not a covered type: ignored
        entity(TEXT, "Bilateral trade", "Person", confidence=0.1),  # nothing predicts it
    ]
    return write_gold(tmp_path / "re3d.jsonl", [(TEXT, entities)])


def test_scores_and_keys(coder, gold):
    result = evaluate(gold, coder)
    assert set(result) == {"name", "documents", "types", "min_confidence", "overlap", "exact",
                           "by_type", "seconds"}
    assert (result["name"], result["documents"], result["types"]) == ("re3d", 1, list(COVERED))
    assert set(result["by_type"]) == set(COVERED)
    for scores in (result["overlap"], result["exact"]):
        assert set(scores) == {"precision", "recall", "f1", "tp", "fp", "fn"}
    by_type = result["by_type"]
    assert by_type["Money"]["exact"]["tp"] == 1
    assert by_type["MilitaryPlatform"]["exact"]["tp"] == 1
    assert by_type["Person"]["overlap"]["fn"] == 1
    assert by_type["Person"]["gold"] == 1
    assert result["overlap"]["fn"] >= 1 and result["overlap"]["recall"] < 1
    assert sum(t["gold"] for t in by_type.values()) == 8  # DocumentReference left out
    assert 0 < result["overlap"]["f1"] <= 1


def test_min_confidence_drops_weak_gold(coder, gold):
    result = evaluate(gold, coder, min_confidence=0.5)
    assert result["by_type"]["Person"]["gold"] == 0
    assert result["min_confidence"] == 0.5


def test_details_list_misses(coder, gold):
    result = evaluate(gold, coder, details=True)
    [row] = result["details"]
    assert [miss[3] for miss in row["missed"] if miss[2] == "Person"] == ["Bilateral trade"]


def article_with(text: str) -> CodedArticle:
    return CodedArticle(Article("a1", text))


def evidence(text: str, phrase: str, rule: str = "rule:test") -> Evidence:
    start = text.index(phrase)
    return Evidence("a1", 0, start, start + len(phrase), phrase, rule)


def test_typed_spans_from_records_and_entities():
    text = "Iraqi President Fuad Masum said he met ISIL. Drones fired 5 missiles worth $5m."
    coded = article_with(text)
    for phrase, kind in [("Iraqi President Fuad Masum", "actor"), ("he", "reference"),
                         ("ISIL", "actor")]:
        coded.mentions.append(Mention(evidence(text, phrase), kind, "IRQGOV", "x"))
    coded.equipment.append(Equipment(evidence(text, "Drones"), "drone", "drone"))
    coded.equipment.append(Equipment(evidence(text, "missiles"), "missile", "missile"))
    coded.quantities.append(Quantity(evidence(text, "$5m"), 5e6, "USD", kind="money"))
    coded.quantities.append(Quantity(evidence(text, "5"), 5, "missile", kind="count"))
    iraqi = (0, 5, "NORP")
    person = (text.index("Fuad"), text.index(" said"), "PERSON")
    spans = {(text[start:end], kind) for start, end, kind in
             typed_spans(coded, [iraqi, person])}
    assert spans == {("Iraqi President Fuad Masum", "Person"), ("Iraqi", "Nationality"),
                     ("he", "Person"), ("ISIL", "Organisation"), ("Drones", "MilitaryPlatform"),
                     ("missiles", "Weapon"), ("$5m", "Money"), ("5", "Quantity")}


def test_typed_spans_without_entities_and_overlaps():
    text = "The foreign minister met Iraq. Artillery fired."
    coded = article_with(text)
    coded.mentions.append(Mention(evidence(text, "The foreign minister"), "agent", "---GOV",
                                  "x"))
    coded.mentions.append(Mention(evidence(text, "Iraq"), "actor", "IRQ", "x"))
    coded.mentions.append(Mention(evidence(text, "Artillery"), "agent", "---MIL", "x"))
    coded.equipment.append(Equipment(evidence(text, "Artillery"), "artillery", "weapon"))
    spans = {(text[start:end], kind) for start, end, kind in typed_spans(coded)}
    assert spans == {("The foreign minister", "Person"), ("Iraq", "Organisation"),
                     ("Artillery", "Weapon")}
    location = (text.index("Iraq"), text.index("Iraq") + 4, "GPE")
    spans = {(text[start:end], kind) for start, end, kind in typed_spans(coded, [location])}
    assert ("Iraq", "Location") in spans


def test_overlap_matching_is_one_to_one():
    gold = [(0, 35), (19, 35)]  # "The Members of the Security Council", "Security Council"
    assert _counts(gold, [(19, 35)]) == {"exact": 1, "overlap": 1}
    assert _counts(gold, [(4, 11)]) == {"exact": 0, "overlap": 1}
    assert _counts(gold, [(0, 35), (19, 35)]) == {"exact": 2, "overlap": 2}
    assert _counts(gold, [(40, 50)]) == {"exact": 0, "overlap": 0}


def test_bad_gold_file_is_e012(coder, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x", "entities": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(EvaluationError) as caught:
        evaluate(path, coder)
    assert caught.value.code is ErrorCode.E012
    assert "line 2" in str(caught.value)
    path.write_text('{"text": "x", "entities": [{"begin": 0}]}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="begin, end, type"):
        evaluate(path, coder)
