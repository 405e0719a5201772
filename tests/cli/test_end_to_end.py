"""The real command on real English news text, with the real coder and spaCy model."""

import json
import re
import subprocess

import pytest

pytestmark = pytest.mark.slow  # subprocesses, servers or many runs: see pyproject's markers

NEWS = (
    "Iranian President Hassan Rouhani told foreign powers to leave the Persian Gulf on "
    "Sunday.\n\nThe United States sent troops to Saudi Arabia after drones attacked oil "
    "facilities. Russia condemned the attack."
)

FINAL_LINE = re.compile(
    r"ingested (\d+) articles \((\d+) inserted, (\d+) unchanged, (\d+) replaced\), "
    r"(\d+) events, (\d+) rejected"
)


def test_code_prints_the_coded_article(run_cli, tmp_path):
    path = tmp_path / "gulf.txt"
    path.write_text(NEWS)
    result = run_cli("code", path, "--published", "2019-09-22", "--title", "Gulf")
    assert result.returncode == 0, result.stderr
    coded = json.loads(result.stdout)
    assert coded["article"]["id"] == f"{tmp_path.name}/gulf.txt"
    assert coded["article"]["published"] == "2019-09-22"
    assert coded["article"]["title"] == "Gulf"
    assert coded["sentences"] and coded["events"]
    for event in coded["events"]:
        evidence = event["evidence"]
        assert NEWS[evidence["start"] : evidence["end"]] == evidence["text"]


def test_code_reads_stdin(attache_command):
    result = subprocess.run(
        [attache_command, "code", "-", "--id", "s1"],
        input=NEWS,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"]["id"] == "s1"


def test_ingest_then_reingest_then_query(run_cli, tmp_path):
    source = tmp_path / "news.jsonl"
    lines = [
        {"id": "n1", "text": NEWS, "published": "2019-09-22", "title": "Gulf"},
        {
            "id": "n2",
            "text": "Germany banned the Iranian airline Mahan Air on Monday.",
            "published": "2019-01-21",
        },
    ]
    source.write_text(
        json.dumps(lines[0]) + "\n" + '{"id": "broken"\n' + json.dumps(lines[1]) + "\n"
    )
    db = tmp_path / "news.sqlite"

    first = run_cli("ingest", source, "--db", db, "--quiet")
    assert first.returncode == 3, first.stderr  # stored, but a line was rejected
    assert f"rejected {source}:2: [E007] Input line 2 is not valid JSON" in first.stderr
    counts = FINAL_LINE.search(first.stderr).groups()
    assert counts[:4] == ("2", "2", "0", "0") and counts[5] == "1"

    again = run_cli("ingest", source, "--db", db, "--quiet")
    assert again.returncode == 3, again.stderr
    assert FINAL_LINE.search(again.stderr).groups()[:5] == ("2", "0", "2", "0", "0")

    events = run_cli("events", "--db", db, "--format", "json", "--all-modalities")
    assert events.returncode == 0, events.stderr
    rows = json.loads(events.stdout)
    assert int(counts[4]) <= len(rows)
    assert {row["article_id"] for row in rows} <= {"n1", "n2"}


def test_ingest_of_nothing_readable_exits_1(run_cli, tmp_path):
    result = run_cli("ingest", tmp_path / "missing.jsonl", "--db", tmp_path / "x.sqlite")
    assert result.returncode == 1
    assert f"rejected {tmp_path / 'missing.jsonl'}: [E013]" in result.stderr
    assert "ingested 0 articles" in result.stderr


def test_demo(run_cli, tmp_path):
    result = run_cli("demo", "--db", tmp_path / "demo.sqlite", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Wikinews contributors" in result.stdout
    assert "articles: 40" in result.stdout
    assert "events by quad class:" in result.stdout
    assert FINAL_LINE.search(result.stderr).group(1) == "40"
