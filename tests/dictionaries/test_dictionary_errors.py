"""Malformed dictionaries raise DictionaryError (E002) naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from attache.dictionaries.actors import load_actors, load_agents, load_discards, load_issues
from attache.dictionaries.verbs import load_verbs
from attache.errors import DictionaryError, ErrorCode

VERB_HEADER = "--- GRANT [070] ---\nGRANT\n"

CASES = {
    # name: (loader, file text, line the error must name, words the message must contain)
    "date with seven digits": (load_actors, "A_ [AAA]\nB_ [BBB 2004031-20050101]\n", 2,
                               "neither yymmdd nor yyyymmdd"),
    "month 13": (load_actors, "A_\n    [AAA 20041301-20050101]\n", 2, "month"),
    "bare date": (load_actors, "A_ [AAA 20040101]\n", 1, "needs >, < or a-b"),
    "actor without code": (load_actors, "A_ [AAA]\nLONELY_ENTRY_\n", 2, "has no code"),
    "empty code": (load_actors, "A_ [ ]\n", 1, "empty code"),
    "unbalanced bracket": (load_actors, "A_ [AAA]\nB_ [BBB\n", 2, "unbalanced"),
    "stray closing bracket": (load_actors, "A_ [AAA]\n+B_]\n", 2, "unbalanced"),
    "synonym before any entry": (load_actors, "+LONELY\n", 1, "before any entry"),
    "agent without code": (load_agents, "PRESIDENT [~GOV]\nTROOPER\n", 2, "has no [~CODE]"),
    "agent code without tilde": (load_agents, "PRESIDENT [GOV]\n", 1, "needs a ~"),
    "agent bracket mismatch": (load_agents, "PRESIDENT [~GOV}\n", 1, "malformed"),
    "undefined marker": (load_agents, "CONGRESS!PERSON! [~LEG]\n", 1, "!PERSON!"),
    "pattern with two verbs": (load_verbs, VERB_HEADER + "- * TO * [071]\n", 3,
                               "exactly one *"),
    "pattern without verb": (load_verbs, VERB_HEADER + "- AID TO [071]\n", 3, "exactly one *"),
    "pattern without code": (load_verbs, VERB_HEADER + "- * AID\n", 3, "no [code]"),
    "bad pattern code": (load_verbs, VERB_HEADER + "- * AID [08.0]\n", 3, "not a code"),
    "undefined synset in pattern": (load_verbs, VERB_HEADER + "- * &NOPE [071]\n", 3,
                                    "&NOPE"),
    "undefined nested synset": (load_verbs, "&MONEY\n+&CURRENCY\n", 2, "&CURRENCY"),
    "verb before any class": (load_verbs, "GRANT\n", 1, "before any"),
    "unclosed irregular forms": (load_verbs, VERB_HEADER + "GIVE {GAVE GIVEN\n", 3,
                                 "unclosed {"),
    "empty discard": (load_discards, "WORLD_CUP\n+\n", 2, "empty discard"),
    "issue outside a block": (load_issues, "inflation\n", 1, "no block"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_malformed_line_names_file_and_line(tmp_path: Path, case: str):
    loader, text, line, words = CASES[case]
    path = tmp_path / "broken.txt"
    path.write_text("# header comment\n" + text, encoding="utf-8")
    with pytest.raises(DictionaryError) as raised:
        loader(path)
    error = raised.value
    assert error.code is ErrorCode.E002
    assert str(error).startswith("[E002] Dictionary ")
    assert f"broken.txt:{line + 1}:" in str(error)  # +1: the header comment line
    assert words in str(error)


@pytest.mark.parametrize("loader", [load_actors, load_agents, load_verbs, load_discards])
def test_invalid_utf8_names_the_line(tmp_path: Path, loader):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"# fine\n# also fine\nS\xe3O_PAULO_ [BRA]\n")
    with pytest.raises(DictionaryError) as raised:
        loader(path)
    assert raised.value.code is ErrorCode.E002
    assert "latin1.txt:3:" in str(raised.value)
    assert "UTF-8" in str(raised.value)


def test_invalid_utf8_in_issues_is_a_dictionary_error(tmp_path: Path):
    path = tmp_path / "latin1.issues.txt"
    path.write_bytes(b'<ISSUE CATEGORY="X">\nS\xe3O PAULO\n')
    with pytest.raises(DictionaryError) as raised:
        load_issues(path)
    assert "latin1.issues.txt:2:" in str(raised.value)


def test_collecting_problems_reports_every_bad_verb_line(tmp_path: Path):
    path = tmp_path / "t.verbs.txt"
    path.write_text(VERB_HEADER + "- * * [071]\n- * AID [071]\n- * &NOPE [071]\n",
                    encoding="utf-8")
    problems: list[DictionaryError] = []
    verbs = load_verbs(path, problems)
    assert [str(problem).split(": ")[0] for problem in problems] == [
        "[E002] Dictionary t.verbs.txt:3", "[E002] Dictionary t.verbs.txt:5"]
    assert [p.code for p in verbs.classes[0].patterns] == ["071"]


def test_missing_dictionary_file_is_a_dictionary_error(tmp_path: Path):
    with pytest.raises(DictionaryError) as raised:
        load_issues(tmp_path / "absent.issues.txt")
    assert raised.value.code is ErrorCode.E002
    assert "absent.issues.txt:0:" in str(raised.value)


def test_issue_blocks_end_and_comments_are_skipped(tmp_path: Path):
    path = tmp_path / "t.issues.txt"
    path.write_text('<ISSUE CATEGORY="ENERGY">\n<!-- a comment -->\nOIL PRICE\n~OIL SPILL\n'
                    '</ISSUE>\nDAM [WATER]\n', encoding="utf-8")
    issues = load_issues(path)
    assert [(i.phrase, i.issue, i.category) for i in issues] == [
        (("OIL", "PRICE"), "ENERGY", "ENERGY"), (("DAM",), "WATER", "")]
    bare = tmp_path / "bare.issues.txt"
    bare.write_text('<ISSUE CATEGORY="ENERGY">\n</ISSUE>\nOIL PRICE\n', encoding="utf-8")
    with pytest.raises(DictionaryError):
        load_issues(bare)
