"""``attache.evaluation.event_location`` on a tiny gold zip written here, in the format of
Halterman's ``labeled_text.jsonl.zip`` (one JSON array in a zip)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from attache.errors import ErrorCode, EvaluationError
from attache.evaluation.event_location import STAGES, evaluate, read_records, span_offsets
from attache.pipeline import Coder


def tokens(text: str) -> list[dict]:
    found, position = [], 0
    for number, word in enumerate(text.split()):
        start = text.index(word, position)
        position = start + len(word)
        found.append({"text": word, "start": start, "end": position, "id": number})
    return found


def record(record_id: str, text: str, verb: str, location: str | None, source: str = "AP",
           token_offsets: bool = False) -> dict:
    """A record; with ``token_offsets`` the LOCATION span repeats its token indices in
    ``start``/``end``, as some records of the real file do."""
    words = tokens(text)

    def span(label: str, phrase: str) -> dict:
        start = text.index(phrase)
        end = start + len(phrase)
        first = next(t["id"] for t in words if t["start"] <= start < t["end"])
        last = next(t["id"] for t in words if t["start"] < end <= t["end"])
        if token_offsets:
            return {"start": first, "end": last, "token_start": first, "token_end": last,
                    "label": label, "text": phrase}
        return {"start": start, "end": end, "token_start": first, "token_end": last,
                "label": label}

    spans = [span("VERB", verb)]
    if location:
        spans.append(span("LOCATION", location))
    return {"_id": record_id, "source": source, "text": text, "tokens": words, "spans": spans}


RECORDS = [
    record("r1", "Gunmen killed two policemen in Mosul on Thursday.", "killed", "Mosul"),
    record("r2", "Around 100,000 people demonstrated in Rome on Saturday.", "demonstrated",
           "Rome", source="RELABEL", token_offsets=True),
    record("r3", "The man was shot dead by unknown attackers.", "shot", None,
           source="RELABEL"),
    # wrong on purpose: attache links "said" to Baghdad, the gold says Kirkuk
    record("r4", "Police in Baghdad said gunmen killed two people near Kirkuk.", "said",
           "Kirkuk", source="RELABEL"),
    {"_id": "r5", "source": "RELABEL", "text": "No spans here.", "tokens": "[]"},
]


@pytest.fixture
def gold_zip(tmp_path: Path) -> Path:
    path = tmp_path / "labeled_text.jsonl.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("labeled_text.jsonl", json.dumps(RECORDS))
    return path


def test_span_offsets_read_characters_or_token_indices():
    by_chars, by_tokens = RECORDS[0], RECORDS[1]
    location = by_chars["spans"][1]
    text = by_chars["text"]
    assert text[slice(*span_offsets(by_chars, location))] == "Mosul"
    location = by_tokens["spans"][1]
    assert location["start"] != by_tokens["text"].index("Rome")  # token indices, not chars
    assert by_tokens["text"][slice(*span_offsets(by_tokens, location))] == "Rome"


@pytest.fixture(scope="module")
def places_coder(coder):
    """A coder with the stages the evaluation runs, sharing the session's model."""
    return Coder(dictionaries=coder.dictionaries, nlp=coder.nlp, stages=STAGES)


def test_evaluate_scores_every_record(gold_zip: Path, places_coder):
    result = evaluate(gold_zip, places_coder, details=True)
    assert result["name"] == "event-location"
    assert (result["total"], result["skipped"]) == (4, 1)
    rows = {row["id"]: row for row in result["records"]}
    assert rows["r1"]["predicted"] == "Mosul" and rows["r1"]["correct"]
    assert rows["r2"]["predicted"] == "Rome" and rows["r2"]["correct"]
    assert rows["r3"]["predicted"] is None and rows["r3"]["correct"]
    assert rows["r4"]["predicted"] == "Baghdad" and not rows["r4"]["correct"]
    assert (result["correct"], result["accuracy_all"]) == (3, 0.75)
    assert (result["relabel_total"], result["relabel_correct"]) == (3, 2)
    assert result["headline"] == "relabel"
    assert result["accuracy"] == result["accuracy_relabel"] == round(2 / 3, 4)
    assert (result["with_location"], result["predicted"]) == (3, 3)
    assert result["location_precision"] == result["location_recall"] == round(2 / 3, 4)


def test_limit_and_headline_without_relabel_records(gold_zip: Path, places_coder):
    result = evaluate(gold_zip, places_coder, limit=1)
    assert result["total"] == 1 and result["relabel_total"] == 0
    assert result["headline"] == "all" and result["accuracy_relabel"] is None
    assert result["accuracy"] == result["accuracy_all"] == 1.0
    assert "records" not in result


def test_plain_jsonl_file_is_read_too(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS[:2]) + "\n", encoding="utf-8")
    assert [r["_id"] for r in read_records(path)] == ["r1", "r2"]


@pytest.mark.parametrize("content", [b"not json at all", b'{"an": "object"}'])
def test_bad_gold_file_is_e012(tmp_path: Path, content: bytes):
    path = tmp_path / "gold.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("labeled_text.jsonl", content)
    with pytest.raises(EvaluationError) as raised:
        evaluate(path, None)
    assert raised.value.code is ErrorCode.E012
