"""The issue's bar for resumable runs: kill -9 an ``attache ingest`` in the middle, run the
same command again, and every article is coded and stored exactly once."""

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.slow  # subprocesses, servers or many runs: see pyproject's markers

SAMPLE = Path(__file__).parents[2] / "src" / "attache" / "data" / "sample" / "wikinews-sample.jsonl"


def _short_articles(path: Path) -> list[str]:
    """60 short articles cut from the bundled Wikinews sample: the first two paragraphs of
    each story, and paragraphs three and four of the first twenty."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    lines = []
    for part, selection in ((0, records), (1, records[:20])):
        for record in selection:
            paragraphs = record["text"].split("\n\n")[2 * part: 2 * part + 2]
            lines.append({"id": f"{record['id']}#{part}", "text": "\n\n".join(paragraphs),
                          "published": record["published"]})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return [line["id"] for line in lines]


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_kill_9_then_rerun_codes_every_article_exactly_once(tmp_path):
    source = tmp_path / "news.jsonl"
    ids = _short_articles(source)
    assert len(ids) == 60
    db = tmp_path / "news.sqlite"
    command = [sys.executable, "-m", "attache", "ingest", str(source), "--db", str(db),
               "--workers", "2", "--batch-size", "4", "--quiet"]

    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db, "SELECT count(*) FROM articles") < 8:
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "no article stored within 60 s"
        time.sleep(0.05)
    children = psutil.Process(first.pid).children(recursive=True)
    first.send_signal(signal.SIGKILL)
    first.communicate()
    assert first.returncode == -signal.SIGKILL
    # The workers (and the forkserver) notice their parent is gone and exit.
    _gone, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, f"orphaned workers: {alive}"
    stored = _count(db, "SELECT count(*) FROM articles")
    assert 8 <= stored < 60, "the run should have been killed half-way"

    second = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert second.returncode == 0, second.stderr
    inserted = 60 - stored
    assert (
        f"ingested 60 articles ({inserted} inserted, {stored} unchanged, 0 replaced)"
        in second.stderr
    ), second.stderr
    assert f"0 rejected; {stored} already stored, skipped" in second.stderr

    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT id, count(*) FROM articles GROUP BY id").fetchall()
        assert sorted(rows) == sorted((article_id, 1) for article_id in ids)
        assert connection.execute("SELECT count(*) FROM events").fetchone()[0] > 60
        for table in ("events", "mentions", "sentences"):
            duplicated = connection.execute(
                f"SELECT article_id, seq FROM {table} GROUP BY article_id, seq "
                "HAVING count(*) > 1"
            ).fetchall()
            assert duplicated == [], table
        # Articles coded in the interrupted run and those of the rerun number their
        # sentences the same way: each article's rows are one coding, not two.
        assert connection.execute(
            "SELECT count(*) FROM (SELECT article_id FROM sentences GROUP BY article_id "
            "HAVING max(seq) + 1 != count(*))"
        ).fetchone()[0] == 0


    # A third run has nothing left to code; its progress bar knows the total up front.
    third = subprocess.run(command[:-1], capture_output=True, text=True, timeout=120,
                           check=False)
    assert third.returncode == 0, third.stderr
    assert "60/60" in third.stderr
    assert "(0 inserted, 60 unchanged, 0 replaced)" in third.stderr
    assert third.stderr.rstrip().endswith("; 60 already stored, skipped")


def test_bad_worker_count_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("ingest", SAMPLE, "--db", tmp_path / "x.sqlite", "--workers", "0")
    assert result.returncode == 2
    assert "argument --workers: must be 1 or more, got 0" in result.stderr
    assert not (tmp_path / "x.sqlite").exists()
