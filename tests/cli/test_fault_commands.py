"""Faults from outside, through the real commands (issue 12): a killed worker, two writers
at once, a lock held past the timeout, a full disk, a damaged store and a folder the
command may not read. Each ends with a coded message or a clean finish, never a
traceback; nothing stored is lost or stored twice, and a rerun resumes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from attache.cache import cache_directory
from attache.cli.options import EXIT_FAILED, EXIT_OK
from attache.ingest import read_inputs
from attache.store import ingest, open_store

ATTACHE = [sys.executable, "-m", "attache"]


def _articles(path: Path, count: int, padded: bool = False) -> list[str]:
    """``count`` short distinct articles as JSON Lines; returns their ids. ``padded``: with
    a title and URL of the longest length, which fill a store fast and cost no coding."""
    ids = [f"n{number}" for number in range(count)]
    with path.open("w", encoding="utf-8") as handle:
        for number, article_id in enumerate(ids):
            text = (f"Russia attacked Ukraine on day {number}. France condemned the attack. "
                    "Officials met in Paris to discuss the border.")
            record = {"id": article_id, "text": text, "published": "2022-03-01"}
            if padded:
                record["title"] = f"{number} " + "t" * 1990
                record["url"] = f"https://example.org/{number}/" + "u" * 1970
            handle.write(json.dumps(record) + "\n")
    return ids


def _stored(db: Path) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM articles")]


def _sound(db: Path, ids: list[str]) -> None:
    """Every id stored exactly once, no record twice, and SQLite finds the file sound."""
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert sorted(row[0] for row in connection.execute("SELECT id FROM articles")) == \
            sorted(ids)
        for table in ("events", "sentences", "mentions"):
            assert not connection.execute(
                f"SELECT article_id, seq FROM {table} GROUP BY 1, 2 HAVING count(*) > 1"
            ).fetchall()


def _wait_for(condition, seconds: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: the command ended early: {process.communicate()}")
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.1)


def _count_stored(db: Path) -> int:
    try:
        return len(_stored(db))
    except sqlite3.Error:
        return 0


def test_a_worker_killed_mid_run_costs_nothing(tmp_path):
    source = tmp_path / "news.jsonl"
    ids = _articles(source, 24)
    db = tmp_path / "news.sqlite"
    run = subprocess.Popen([*ATTACHE, "ingest", str(source), "--db", str(db), "--workers", "2",
                            "--batch-size", "2", "--quiet"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: _count_stored(db) >= 4, 120, "first articles", run)
    workers = [child for child in psutil.Process(run.pid).children(recursive=True)
               if child.ppid() != run.pid]  # the forkserver's children: the workers
    assert workers, "no worker process found"
    workers[0].send_signal(signal.SIGKILL)
    _out, err = run.communicate(timeout=300)
    assert run.returncode == EXIT_OK, err
    assert "Traceback" not in err
    _sound(db, ids)


def test_two_writers_at_once_store_each_article_once(tmp_path):
    source = tmp_path / "news.jsonl"
    ids = _articles(source, 10)
    db = tmp_path / "news.sqlite"
    command = [*ATTACHE, "ingest", str(source), "--db", str(db), "--quiet"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for run in (first, second):
        _out, err = run.communicate(timeout=300)
        assert run.returncode == EXIT_OK, err
        assert "Traceback" not in err
    _sound(db, ids)


def test_a_lock_held_past_the_timeout_then_the_rerun_resumes(tmp_path, hold_lock, coder):
    source = tmp_path / "news.jsonl"
    ids = _articles(source, 12)
    db = tmp_path / "news.sqlite"
    with open_store(db) as store:  # a first run stored four (this process's coder)
        ingest(store, list(read_inputs([source]))[:4], coder)
    env = {**os.environ, "ATTACHE_LOCK_TIMEOUT": "2"}
    holder = hold_lock(db)
    try:
        locked = subprocess.run([*ATTACHE, "ingest", str(source), "--db", str(db), "--quiet"],
                                capture_output=True, text=True, timeout=300, env=env,
                                check=False)
    finally:
        holder.communicate("")
    assert locked.returncode == EXIT_FAILED
    assert "is locked by another process: waiting up to 2 s" in locked.stderr
    assert "[E020]" in locked.stderr and "Traceback" not in locked.stderr
    resumed = subprocess.run([*ATTACHE, "ingest", str(source), "--db", str(db), "--quiet"],
                             capture_output=True, text=True, timeout=300, env=env, check=False)
    assert resumed.returncode == EXIT_OK, resumed.stderr
    assert "(8 inserted, 4 unchanged, 0 replaced)" in resumed.stderr
    assert "4 already stored, skipped" in resumed.stderr
    _sound(db, ids)


def test_a_full_disk_stops_with_e021_and_the_rerun_resumes(tmp_path, small_disk):
    source = tmp_path / "news.jsonl"
    ids = _articles(source, 60, padded=True)
    db = small_disk / "news.sqlite"
    subprocess.run(["mount", "-o", "remount,size=480k", str(small_disk)], check=True)
    full = subprocess.run([*ATTACHE, "ingest", str(source), "--db", str(db), "--quiet"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert full.returncode == EXIT_FAILED, full.stderr
    assert "[E021]" in full.stderr and "Traceback" not in full.stderr
    before = _stored(db)
    assert 0 < len(before) < 60, full.stderr
    subprocess.run(["mount", "-o", "remount,size=32m", str(small_disk)], check=True)
    resumed = subprocess.run([*ATTACHE, "ingest", str(source), "--db", str(db), "--quiet"],
                             capture_output=True, text=True, timeout=300, check=False)
    assert resumed.returncode == EXIT_OK, resumed.stderr
    assert f"{len(before)} already stored, skipped" in resumed.stderr
    _sound(db, ids)


def test_a_damaged_store_is_a_coded_error_for_every_command(wikinews_store_path, tmp_path,
                                                           damage):
    db = tmp_path / "damaged.sqlite"
    shutil.copyfile(wikinews_store_path, db)
    damage(db)
    article = tmp_path / "a.txt"
    article.write_text("Russia attacked Ukraine.")
    for command in (["events", "--db", db], ["dedup", "--db", db],
                    ["export", "--db", db, "--format", "csv", "--out", tmp_path / "x.csv"],
                    ["top", "dyads", "--db", db], ["ingest", article, "--db", db, "--quiet"]):
        done = subprocess.run([*ATTACHE, *map(str, command)], capture_output=True, text=True,
                              timeout=300, check=False)
        assert done.returncode == EXIT_FAILED, (command, done.stderr)
        assert "[E022]" in done.stderr and "Traceback" not in done.stderr, (command, done.stderr)


def test_a_damaged_store_is_503_and_health_says_so(wikinews_store_path, tmp_path, damage):
    from fastapi.testclient import TestClient

    from attache.server import create_app

    db = tmp_path / "damaged.sqlite"
    shutil.copyfile(wikinews_store_path, db)
    damage(db)
    with TestClient(create_app(db), base_url="http://localhost") as client:
        events = client.get("/api/events", params={"limit": 500})
        health = client.get("/api/health")
    assert events.status_code == 503 and events.json()["error"]["code"] == "E022"
    assert health.status_code == 503 and health.json()["error"]["code"] == "E022"


def test_a_folder_it_may_not_read_is_a_rejection_not_a_crash(tmp_path):
    """Run as an unprivileged user (root reads any folder)."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot drop privileges")
    work = Path(tempfile.mkdtemp(prefix="attache-perm-"))
    try:
        work.chmod(0o777)
        good = work / "good.txt"
        good.write_text("Russia attacked Ukraine.")
        closed = work / "closed"
        closed.mkdir()
        (closed / "a.txt").write_text("France praised Germany.")
        closed.chmod(0o000)
        command = [*ATTACHE, "ingest", str(good), str(closed), "--db", str(work / "x.sqlite"),
                   "--quiet"]
        env = dict(os.environ)
        if os.geteuid() == 0:
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
            cache = work / "cache"  # the compiled dictionaries, where that user can read them
            shutil.copytree(cache_directory(), cache)
            env["ATTACHE_CACHE_DIR"] = str(cache)
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=work,
                              env=env, check=False)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 3, done.stderr
        assert f"rejected {closed}: [E013]" in done.stderr and "Permission denied" in done.stderr
        assert _stored(work / "x.sqlite") == [f"{work.name}/good.txt"]
    finally:
        closed.chmod(0o700)
        shutil.rmtree(work)
