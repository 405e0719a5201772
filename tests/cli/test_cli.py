"""The real ``attache`` command on stores built from hand-made records (no spaCy model)."""

import csv
import io
import json
import sqlite3
import sys
import types
from datetime import date

import pytest

from attache.cli.main import main
from attache.query import EVENT_COLUMNS
from attache.store import open_store


@pytest.fixture
def db(tmp_path, make_coded):
    path = tmp_path / "events.sqlite"
    with open_store(path) as store:
        store.write(
            make_coded(
                "k1",
                published=date(2020, 1, 1),
                events=[
                    ("RUSMIL", "190", "UKRMIL", "asserted"),
                    ("USAGOV", "122", "RUSGOV", "negated"),
                ],
            )
        )
        store.write(
            make_coded(
                "k2",
                published=date(2020, 2, 1),
                events=[
                    ("IRNGOV", "0431", "USA", "asserted"),
                ],
            )
        )
    return path


def test_events_table(run_cli, db):
    result = run_cli("events", "--db", db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "published",
        "source_code",
        "cameo_code",
        "target_code",
        "quad_class",
        "plover_type",
        "evidence_text",
        "article_id",
    ]
    assert len(lines) == 3 and "RUSMIL" in lines[1] and "IRNGOV" in lines[2]
    assert result.stderr.strip() == "2 events"


def test_events_json_with_filters(run_cli, db):
    result = run_cli("events", "--db", db, "--actor", "rus", "--all-modalities", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(row["source_code"], row["modality"]) for row in rows] == [
        ("RUSMIL", "asserted"),
        ("USAGOV", "negated"),
    ]


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--source", "IRN"], ["k2"]),
        (["--target", "UKR"], ["k1"]),
        (["--code", "04"], ["k2"]),
        (["--root", "19"], ["k1"]),
        (["--quad-class", "1"], ["k2"]),
        (["--since", "2020-01-15"], ["k2"]),
        (["--until", "2020-01-15"], ["k1"]),
        (["--limit", "1"], ["k1"]),
    ],
)
def test_events_csv_filters(run_cli, db, flags, expected):
    result = run_cli("events", "--db", db, "--format", "csv", *flags)
    assert result.returncode == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == list(EVENT_COLUMNS)
    assert [row["article_id"] for row in reader] == expected


def test_events_errors_name_their_code(run_cli, db, tmp_path):
    bad_date = run_cli("events", "--db", db, "--since", "last week")
    assert bad_date.returncode == 1
    assert bad_date.stderr.startswith(
        "attache: [E009] Published date 'last week' is not a date attache reads"
    )
    missing = run_cli("events", "--db", tmp_path / "nope.sqlite")
    assert missing.returncode == 1 and missing.stderr.startswith("attache: [E013]")
    assert not (tmp_path / "nope.sqlite").exists()
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA user_version = 7")
    connection.close()
    old = run_cli("events", "--db", db)
    assert old.returncode == 1 and old.stderr.startswith("attache: [E010]")


def test_code_rejects_bad_input_before_loading_the_model(run_cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = run_cli("code", empty)
    assert (result.returncode, result.stderr.strip()) == (
        1,
        "attache: [E003] Article text is empty (after removing whitespace).",
    )
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"Caf\xe9")
    result = run_cli("code", latin1)
    assert result.returncode == 1 and "[E004]" in result.stderr
    result = run_cli("code", tmp_path / "missing.txt")
    assert result.returncode == 1 and "[E013]" in result.stderr
    result = run_cli("code", "-", "--published", "tomorrow", stdin="Some text.")
    assert result.returncode == 1 and "[E009]" in result.stderr


def test_usage_errors_exit_2(run_cli):
    assert run_cli().returncode == 2
    assert run_cli("events").returncode == 2  # --db is required


def test_console_script_is_installed(attache_command):
    import subprocess

    result = subprocess.run(
        [attache_command, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for command in ("code", "ingest", "events", "demo", "eval"):
        assert command in result.stdout


@pytest.fixture
def fake_evaluation(monkeypatch):
    calls = []

    def run(name, path, **options):
        calls.append((name, path, options))
        return {
            "precision": 0.5,
            "recall": 0.25,
            "records": 12,
            "passed": True,
            "by_code": {"190": 1},
        }

    module = types.ModuleType("attache.evaluation")
    module.run = run
    monkeypatch.setitem(sys.modules, "attache.evaluation", module)
    return calls


def test_eval_prints_top_level_numbers(fake_evaluation, capsys):
    assert main(["eval", "plover-gsr", "gold.jsonl"]) == 0
    assert fake_evaluation == [("plover-gsr", "gold.jsonl", {})]
    assert capsys.readouterr().out.splitlines() == [
        "precision  0.500",
        "recall     0.250",
        "records    12",
    ]


def test_eval_json_and_dictionaries(fake_evaluation, capsys):
    argv = ["eval", "petrarch-validation", "v.xml", "--dictionaries", "dicts", "--json"]
    assert main(argv) == 0
    assert fake_evaluation == [("petrarch-validation", "v.xml", {"dictionaries": "dicts"})]
    assert json.loads(capsys.readouterr().out)["by_code"] == {"190": 1}


def test_eval_errors_become_messages(monkeypatch, capsys):
    from attache.errors import ErrorCode, EvaluationError

    def run(name, path, **options):
        raise EvaluationError(ErrorCode.E012, path=path, problem="no records")

    module = types.ModuleType("attache.evaluation")
    module.run = run
    monkeypatch.setitem(sys.modules, "attache.evaluation", module)
    assert main(["eval", "plover-gsr", "gold.jsonl"]) == 1
    assert capsys.readouterr().err == "attache: [E012] Evaluation file gold.jsonl: no records\n"
