"""``semeval-timeline``: event dates scored on a tiny gold file in the TimeLine format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attache.errors import ErrorCode, EvaluationError
from attache.evaluation.semeval_timeline import evaluate


def timeline_document(doc_id: str, dct: str, sentences: list[str],
                      entries: list[tuple[str | None, str]]) -> dict:
    """A document of ``timeline_docs.jsonl``: tokens split at spaces, one sentence a line;
    every verb-like word listed in ``entries`` (word, gold date) becomes an event mention."""
    tokens, mentions, timeline = [], [], []
    offset = 0
    for number, sentence in enumerate(sentences):
        for word in sentence.split(" "):
            tokens.append({"t_id": len(tokens) + 1, "sentence": number, "begin": offset,
                           "end": offset + len(word), "text": word})
            offset += len(word) + 1
    for order, (word, gold) in enumerate(entries, start=1):
        m_id = None
        if word is not None:
            token = next(t for t in tokens if t["text"] == word)
            m_id = str(100 + order)
            mentions.append({"m_id": m_id, "t_ids": [token["t_id"]],
                             "sentence": token["sentence"], "text": word})
        timeline.append({"entity": "Chrysler", "order": order, "date": gold, "sentence": 0,
                         "word": word, "m_id": m_id, "group": f"g/{order}"})
    return {"id": doc_id, "corpus": "corpus_2", "title": sentences[0], "url": "", "dct": dct,
            "doc_name": f"{doc_id}.txt", "text": "\n".join(sentences), "tokens": tokens,
            "event_mentions": mentions, "timexes": [], "timeline": timeline}


@pytest.fixture
def timeline_gold(tmp_path: Path) -> Path:
    documents = [
        timeline_document("1", "2009-05-01", [  # a Friday
            "Shares of Fiat rose sharply .",
            "Chrysler filed for bankruptcy on Thursday .",
            "The company said it would close plants .",
        ], [
            ("filed", "2009-04-30"),  # explicit weekday: right
            ("said", "2009-04"),  # carried Thursday, compared at month precision: right
            ("rose", "2009-04-30"),  # before any date: publication date, wrong
            ("close", "XXXX-XX-XX"),  # no gold date: not scored
            (None, "2009-04-30"),  # no mention: not scored
        ]),
        timeline_document("2", "03-02-2009", [  # not ISO: no publication date
            "GM announced today that it will cut jobs .",
        ], [("announced", "2009-02-03")]),
    ]
    path = tmp_path / "timeline_docs.jsonl"
    path.write_text("".join(json.dumps(document) + "\n" for document in documents),
                    encoding="utf-8")
    return path


def test_semeval_timeline_scores_dates_at_gold_precision(coder, timeline_gold):
    result = evaluate(timeline_gold, coder, details=True)
    assert result["name"] == "semeval-timeline"
    assert result["documents"] == 2
    assert result["entries"] == 6
    assert result["with_mention"] == 5
    assert result["dated_entries"] == 4
    assert result["correct"] == 2
    assert result["accuracy"] == 0.5
    rows = {(row["id"], row["word"]): row for row in result["records"]}
    assert rows[("1", "filed")]["predicted"] == "2009-04-30"
    assert rows[("1", "filed")]["basis"] == "relative"
    assert rows[("1", "said")]["predicted"] == "2009-04-30"
    assert rows[("1", "rose")] | {"predicted": "2009-05-01", "basis": "publication",
                                  "correct": False} == rows[("1", "rose")]
    assert rows[("2", "announced")]["predicted"] is None
    assert rows[("2", "announced")]["basis"] == "none"
    assert result["by_basis"]["relative"] == {"entries": 1, "correct": 1}
    assert result["by_basis"]["story"] == {"entries": 1, "correct": 1}
    assert result["by_basis"]["publication"] == {"entries": 1, "correct": 0}
    assert result["by_basis"]["none"] == {"entries": 1, "correct": 0}
    assert sum(basis["entries"] for basis in result["by_basis"].values()) == 4


def test_semeval_timeline_rejects_malformed_lines(coder, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError) as raised:
        evaluate(path, coder)
    assert raised.value.code is ErrorCode.E012
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(EvaluationError):
        evaluate(path, coder)
