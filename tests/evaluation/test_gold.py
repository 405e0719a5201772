from __future__ import annotations

from pathlib import Path

import pytest

from attache.errors import ErrorCode, EvaluationError
from attache.evaluation.gold import read_jsonl


def test_records_come_with_their_line_numbers(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "a", "tokens": []}\n\n{"text": "b", "tokens": [1]}\n')
    assert read_jsonl(path, {"text": str, "tokens": list}) == [
        (1, {"text": "a", "tokens": []}), (3, {"text": "b", "tokens": [1]})]


def test_a_record_missing_a_field_names_its_line_and_the_fields(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "a", "tokens": [], "timeline": []}\n{"text": "b"}\n')
    with pytest.raises(EvaluationError) as raised:
        read_jsonl(path, {"text": str, "tokens": list, "timeline": list})
    assert raised.value.code is ErrorCode.E012
    assert "line 2: needs 'text', 'tokens' and 'timeline'" in raised.value.message
