"""Event rules: their code tables (validated data) and what each rule codes (real model,
sentences written for the test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from attache.errors import DictionaryError, ErrorCode
from attache.events.rules import RULES, load_rule_tables


def test_shipped_tables_cover_every_rule():
    tables = load_rule_tables()
    assert tables.code("refusal", "04") == "125"
    assert tables.code("threat", "19") == "138"
    assert tables.code("intent", "05") == "032"
    assert tables.code("reciprocal", "03") == "03" and tables.code("reciprocal", "19") is None
    assert [rule.name for rule in RULES] == ["rule:refusal", "rule:threat", "rule:demand",
                                             "rule:intent"]


@pytest.mark.parametrize(("row", "problem"), [
    ("surrender\t03\t120", "unknown rule"),
    ("refusal\t3\t120", "not a CAMEO root"),
    ("refusal\t03\t9999", "not a CAMEO event code"),
    ("refusal\t03", "reciprocal rows name a root only"),
    ("reciprocal\t03\t030", "reciprocal rows name a root only"),
])
def test_bad_rows_name_file_and_line(tmp_path: Path, row: str, problem: str):
    path = tmp_path / "rule_codes.tsv"
    path.write_text(f"# rules\nintent\t04\t036\n{row}\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as raised:
        load_rule_tables(path)
    assert raised.value.code is ErrorCode.E002
    assert f"{path}:3" in str(raised.value) and problem in str(raised.value)


def coded(coder_code, text: str):
    return [(e.source and e.source.code, e.cameo_code, e.target and e.target.code, e.rule)
            for e in coder_code(text).plain_events]


@pytest.fixture
def code_text(coder):
    from attache.ingest.articles import new_article

    return lambda text: coder.code_article(new_article(text))


def test_conditional_conflict_is_a_threat(code_text):
    found = coded(code_text, "Russia may attack Ukraine if the talks fail.")
    assert ("RUS", "138", "UKR", "rule:threat") in found


def test_unconditional_possibility_stays_hypothetical(code_text):
    assert coded(code_text, "Russia may attack Ukraine.") == []


def test_refusing_a_future_act(code_text):
    found = coded(code_text, "Hungary will not accept refugees from Syria.")
    assert ("HUN", "120", "SYR", "rule:refusal") in found
