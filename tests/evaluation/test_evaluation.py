"""``attache eval`` on tiny gold files written here, in the formats of the development sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attache.errors import ErrorCode, EvaluationError
from attache.evaluation import run
from attache.evaluation.plover_gsr import plover_roles


def plover_record(
    record_id: str,
    text: str,
    event: str,
    actors: list[tuple[str, str]],
    recipients: list[tuple[str, str]] | None,
) -> dict:
    """A record with the fields of ``plover_gsr_cameo.current_labels.jsonl``."""
    return {
        "id": record_id,
        "text": text,
        "event_v05": event,
        "event": event,
        "mode_hint": None,
        "mode_v05": None,
        "context_v05": None,
        "actor": [{"actorText": name, "code": code} for name, code in actors],
        "recipient": (
            [{"actorText": name, "code": code} for name, code in recipients]
            if recipients is not None
            else None
        ),
        "event_text": "",
        "markup": "",
        "event_loc": None,
        "dead": None,
        "injured": None,
        "size": None,
        "comment": None,
    }


@pytest.fixture
def plover_gold(tmp_path: Path) -> Path:
    records = [
        plover_record(
            "GSR-ASSAULT-1",
            "Russia attacked Ukraine.",
            "ASSAULT",
            [("Russia", "RUS")],
            [("Ukraine", "UKR")],
        ),
        # legacy country code JAP in the gold: counts as JPN
        plover_record(
            "GSR-ACCUSE-1",
            "Japan  criticized\nChina.",
            "ACCUSE",
            [("Japan", "JAP")],
            [("China", "CHN")],
        ),
        # deliberately wrong gold type: coded ASSAULT, gold AGREE; actors still right
        plover_record(
            "GSR-AGREE-1",
            "Germany attacked France.",
            "AGREE",
            [("Germany", "GMY")],
            [("France", "FRA")],
        ),
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_plover_gsr_counts_and_scores(coder, plover_gold: Path):
    result = run("plover-gsr", plover_gold)
    assert result["name"] == "plover-gsr"
    assert result["file"] == str(plover_gold)
    assert result["sentences"] == 3
    assert result["correct"] == 2
    assert result["accuracy"] == pytest.approx(0.6667)
    assert result["any_match"] == pytest.approx(0.6667)
    assert result["events_per_sentence"] == pytest.approx(1.0)
    for side in ("source", "target"):
        assert result[side] == {
            "precision": 1.0,
            "recall": 1.0,
            "f1": 1.0,
            "true_positive": 3,
            "predicted": 3,
            "gold": 3,
        }
    assert "records" not in result


def test_plover_gsr_details_list_every_record(coder, plover_gold: Path):
    result = run("plover-gsr", plover_gold, details=True)
    rows = {row["id"]: row for row in result["records"]}
    assert list(rows) == ["GSR-ASSAULT-1", "GSR-ACCUSE-1", "GSR-AGREE-1"]
    assert rows["GSR-ASSAULT-1"]["predicted"] == "ASSAULT"
    assert rows["GSR-ASSAULT-1"]["cameo"].startswith("19")
    assert rows["GSR-ACCUSE-1"]["gold_sources"] == ["JPN"]
    assert rows["GSR-ACCUSE-1"]["sources"] == ["JPN"]
    assert rows["GSR-AGREE-1"]["gold"] == "AGREE"
    assert rows["GSR-AGREE-1"]["predicted"] == "ASSAULT"
    assert rows["GSR-AGREE-1"]["gold_sources"] == ["DEU"]  # GMY mapped


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            '{"id": "x", "text": "Russia attacked Ukraine.", "event": "ASSAULT"}\n{not json\n',
            "line 2",
        ),
        ('{"id": "x", "text": "Russia attacked Ukraine."}\n', "line 1: needs 'text' and 'event'"),
        ('{"id": "x", "text": 7, "event": "ASSAULT"}\n', "line 1"),
    ],
)
def test_malformed_plover_file_is_e012(tmp_path: Path, content: str, problem: str):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError) as raised:
        run("plover-gsr", path)
    assert raised.value.code == ErrorCode.E012
    assert problem in raised.value.message
    assert str(path) in raised.value.message


def test_missing_gold_file_is_e012(tmp_path: Path):
    with pytest.raises(EvaluationError) as raised:
        run("plover-gsr", tmp_path / "nowhere.jsonl")
    assert raised.value.code == ErrorCode.E012


def test_unknown_evaluation_is_e011(plover_gold: Path):
    with pytest.raises(EvaluationError) as raised:
        run("gdelt", plover_gold)
    assert raised.value.code == ErrorCode.E011
    assert "plover-gsr" in raised.value.message


# -- PETRARCH validation records ------------------------------------------------------------

ACTORS = """\
<!-- tiny actor dictionary for the tests -->
RUSSIA [RUS]
+RUSSIAN_FEDERATION
UKRAINE [UKR]
GERMANY [DEU]
FRANCE [FRA]
"""

AGENTS = """\
OFFICIAL [~GOV] # role noun
"""

DISCARDS = """\
# sentence-level discard
BASEBALL
"""

VERBS = """\
<!-- tiny verb dictionary for the tests -->
--- ATTACK [190] ---
ATTACK

--- CRITICIZE [111] ---
CRITICIZE
"""

RECORDS = """\
<Validation>
<!-- a tiny validation file in the format of PETR.UnitTest.records.xml -->
<Environment>
    <Verbfile>PETR.Validate.verbs.txt</Verbfile>
    <Actorfile>PETR.Validate.actors.txt</Actorfile>
    <Agentfile>PETR.Validate.agents.txt</Agentfile>
    <Discardfile>PETR.Validate.discards.txt</Discardfile>
    <Include>DEMO DYAD</Include>
    <Config option="stop_on_error" value="True"></Config>
</Environment>
<Sentences>
<Sentence date="20220224" id="DEMO-01" category="DEMO" sentence="true">
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="190"></EventCoding>
<Text>
The Russian Federation attacked
Ukraine.
</Text>
</Sentence>
<Sentence date="20220301" id="DEMO-02" category="DEMO" sentence="true">
<!-- gold deliberately wrong: coded DEU FRA 111 -->
<EventCoding sourcecode="FRA" targetcode="DEU" eventcode="111"></EventCoding>
<Text>
Germany criticized France.
</Text>
</Sentence>
<Sentence date="20220302" id="OTHER-01" category="OTHER" sentence="true">
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="190"></EventCoding>
<Text>
Russia attacked Ukraine.
</Text>
</Sentence>
<Sentence date="20220303" id="DEMO-03" category="DEMO" sentence="false">
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="190"></EventCoding>
<Text>
Russia attacked Ukraine.
</Text>
</Sentence>
<Sentence date="20220304" id="DYAD-01" category="DYAD" sentence="true">
<!-- require_dyad is on by default: no target, no event -->
<EventCoding noevents="True"></EventCoding>
<Text>
Russia attacked.
</Text>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="20220305" id="DYAD-02" category="DYAD" sentence="true">
<EventCoding sourcecode="RUS" targetcode="---" eventcode="190"></EventCoding>
<Text>
Russia attacked.
</Text>
</Sentence>
</Sentences>
</Validation>
"""


@pytest.fixture
def petrarch_gold(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("ATTACHE_CACHE_DIR", str(tmp_path / "cache"))
    directory = tmp_path / "dictionaries"
    directory.mkdir()
    for suffix, text in [
        ("actors", ACTORS),
        ("agents", AGENTS),
        ("discards", DISCARDS),
        ("verbs", VERBS),
    ]:
        (directory / f"PETR.Validate.{suffix}.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "PETR.UnitTest.records.xml"
    path.write_text(RECORDS, encoding="utf-8")
    return path


def test_petrarch_validation_counts_and_scores(coder, petrarch_gold: Path):
    result = run("petrarch-validation", petrarch_gold)
    assert result["name"] == "petrarch-validation"
    assert result["evaluated"] == 4
    assert result["skipped"] == 2  # a category not included, a sentence="false" record
    assert result["correct"] == 3
    assert result["accuracy"] == 0.75
    assert result["by_category"] == {
        "DEMO": {"evaluated": 2, "correct": 1},
        "DYAD": {"evaluated": 2, "correct": 2},
    }


def test_petrarch_validation_details(coder, petrarch_gold: Path):
    result = run(
        "petrarch-validation",
        petrarch_gold,
        dictionaries=petrarch_gold.parent / "dictionaries",
        details=True,
    )
    result = json.loads(json.dumps(result))  # JSON-ready: triples come back as lists
    rows = {row["id"]: row for row in result["records"]}
    assert list(rows) == ["DEMO-01", "DEMO-02", "DYAD-01", "DYAD-02"]
    assert rows["DEMO-01"]["text"] == "The Russian Federation attacked Ukraine."
    assert rows["DEMO-01"]["coded"] == [["RUS", "UKR", "190"]]
    assert rows["DEMO-02"]["correct"] is False
    assert rows["DEMO-02"]["coded"] == [["DEU", "FRA", "111"]]
    assert rows["DYAD-01"]["coded"] == []
    assert rows["DYAD-02"]["coded"] == [["RUS", "---", "190"]]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("<Validation><Sentences><Sentence></Validation>", "mismatched tag"),
        ("<Validation><Environment></Environment></Validation>", "no <Sentences> element"),
    ],
)
def test_malformed_petrarch_file_is_e012(petrarch_gold: Path, content: str, problem: str):
    petrarch_gold.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError) as raised:
        run("petrarch-validation", petrarch_gold)
    assert raised.value.code == ErrorCode.E012
    assert problem in raised.value.message


def test_cli_eval_prints_json(run_cli, plover_gold: Path):
    result = run_cli("eval", "plover-gsr", plover_gold, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "accuracy" in data
    assert data["sentences"] == 3
    assert data["accuracy"] == pytest.approx(0.6667)


def _roles(build, *pairs: tuple[str, str, str]) -> tuple[set[str], set[str]]:
    """The PLOVER roles of one verb's events, (source, CAMEO code, target) each, built by
    hand."""
    return plover_roles(build(events=[(source, code, target, "asserted")
                                      for source, code, target in pairs]).events)


def test_a_dyad_that_runs_both_ways_is_one_reciprocal_plover_event(make_coded):
    # "Japan and Korea met": JPN->KOR and KOR->JPN, both parties are PLOVER actors
    assert _roles(make_coded, ("JPNGOV", "040", "KORGOV"), ("KORGOV", "040", "JPNGOV")) \
        == ({"JPN", "KOR"}, set())
    # "Obama met Abe" the CAMEO way: visit one way, host the other
    assert _roles(make_coded, ("USAGOV", "042", "JPNGOV"), ("JPNGOV", "043", "USAGOV")) \
        == ({"JPN", "USA"}, set())


def test_one_way_dyads_keep_their_recipients(make_coded):
    # "France and Germany accused Russia": two actors, one recipient
    assert _roles(make_coded, ("FRAGOV", "112", "RUSGOV"), ("DEUGOV", "112", "RUSGOV")) \
        == ({"DEU", "FRA"}, {"RUS"})
    # "the army attacked the rebels": one country on both sides, still one way
    assert _roles(make_coded, ("SYRMIL", "190", "SYRREB")) == ({"SYR"}, {"SYR"})
    # a party without a known country counts on neither side
    assert _roles(make_coded, ("---GOV", "112", "RUSGOV")) == (set(), {"RUS"})
