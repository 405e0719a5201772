"""User dictionaries on every path a user codes by (code, ingest on both engines), and the
actor commands end to end: learn, gaps, recode, import. Real CLI, real coder."""

from __future__ import annotations

import csv
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from attache.dictionaries import dictionaries_for
from attache.store import open_store

DATA = Path(__file__).parent.parent / "data"

#: A name no shipped dictionary knows, and the code the user's CSV gives it.
TEST_NAME, TEST_CODE = "Zorblat Quimby", "NORMIL"
QUIMBY_STORY = "Zorblat Quimby arrived in Oslo on Monday. Quimby praised the new bridge."


def _news(path: Path, stories: list[tuple[str, str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": story_id, "published": published, "text": text})
                            + "\n" for story_id, published, text in stories), encoding="utf-8")
    return path


@pytest.fixture
def user_folder(tmp_path) -> Path:
    folder = tmp_path / "my-dictionaries"
    folder.mkdir()
    (folder / "test.actors.csv").write_text(
        f"name,code,start,end,aliases,note\n{TEST_NAME},{TEST_CODE},,,Quimby,a test name\n",
        encoding="utf-8")
    return folder


def _codes(rows) -> set[str]:
    """The codes of the mentions (evidence text, code) of the test name."""
    return {code for text, code in rows if "Quimby" in text}


def test_code_uses_the_user_folder(run_cli, tmp_path, user_folder):
    story = tmp_path / "quimby.txt"
    story.write_text(QUIMBY_STORY, encoding="utf-8")
    result = run_cli("code", story, "--published", "2021-03-01", "--dictionaries", user_folder)
    assert result.returncode == 0, result.stderr
    coded = json.loads(result.stdout)
    mentions = [m for m in coded["mentions"] if m["evidence"]["text"] == TEST_NAME]
    assert [(m["code"], m["entry"]) for m in mentions] == [(TEST_CODE, "test.actors.csv:2")]
    assert coded["dictionaries"] == dictionaries_for(user_folder).version


def test_a_malformed_user_line_stops_the_command_with_file_and_line(run_cli, tmp_path,
                                                                     user_folder):
    (user_folder / "test.actors.csv").write_text(
        "name,code,start,end,aliases,note\nOk Name,NORGOV,,,,\nBad Name,NORGOV,soon,,,\n",
        encoding="utf-8")
    story = tmp_path / "quimby.txt"
    story.write_text(QUIMBY_STORY, encoding="utf-8")
    for command in (("code", story), ("ingest", story, "--db", tmp_path / "x.sqlite")):
        result = run_cli(*command, "--dictionaries", user_folder)
        assert result.returncode == 1
        assert "[E002] Dictionary test.actors.csv:3: start 'soon' is not an ISO date" in (
            result.stderr)
        assert "Traceback" not in result.stderr


def test_ingest_on_two_workers_and_then_recode(run_cli, tmp_path, user_folder):
    news = _news(tmp_path / "news.jsonl", [
        ("q1", "2021-03-01", QUIMBY_STORY),
        ("q2", "2021-03-02", "Officials in Oslo said on Tuesday that talks would go on."),
        ("q3", "2021-03-03", "Zorblat Quimby met the Norwegian prime minister on Wednesday."),
    ])
    plain, users = tmp_path / "plain.sqlite", tmp_path / "users.sqlite"
    assert run_cli("ingest", news, "--db", plain, "--quiet").returncode == 0
    done = run_cli("ingest", news, "--db", users, "--quiet", "--workers", "2",
                   "--dictionaries", user_folder)
    assert done.returncode == 0, done.stderr
    query = "SELECT evidence_text, code FROM mentions"
    assert _codes(sqlite3.connect(users).execute(query)) == {TEST_CODE}
    assert TEST_CODE not in _codes(sqlite3.connect(plain).execute(query))

    # recode the plain store: only the two articles that name Quimby change
    recoded = run_cli("recode", "--db", plain, "--changed-by", user_folder, "--quiet")
    assert recoded.returncode == 0, recoded.stderr
    assert "2 stored articles may change" in recoded.stderr
    assert "2 replaced" in recoded.stderr
    store = sqlite3.connect(plain)
    assert _codes(store.execute(query)) == {TEST_CODE}
    versions = dict(store.execute("SELECT id, dictionaries FROM articles"))
    assert versions["q1"] == versions["q3"] == dictionaries_for(user_folder).version
    assert versions["q2"] == dictionaries_for(None).version
    again = run_cli("recode", "--db", plain, "--changed-by", user_folder, "--quiet")
    assert "0 stored articles may change" in again.stderr


def test_ingest_on_dask_uses_the_user_folder(run_cli, tmp_path, user_folder):
    import pyarrow.dataset as ds

    news = _news(tmp_path / "news.jsonl", [("q1", "2021-03-01", QUIMBY_STORY)])
    folder = tmp_path / "parquet"
    done = run_cli("ingest", news, "--engine", "dask", "--workers", "1", "--out", folder,
                   "--quiet", "--dictionaries", user_folder)
    assert done.returncode == 0, done.stderr
    mentions = ds.dataset(folder / "mentions", format="parquet", partitioning="hive").to_table(
        columns=["evidence_text", "code"]).to_pylist()
    assert _codes((row["evidence_text"], row["code"]) for row in mentions) == {TEST_CODE}


KELLMANN_STORIES = [
    ("k1", "2021-01-04", "Norwegian Foreign Minister Arvid Kellmann visited Berlin on Monday."),
    ("k2", "2021-01-11", "Arvid Kellmann, Norway's foreign minister, met reporters in Rome."),
    ("k3", "2021-01-18", "Norwegian Foreign Minister Arvid Kellmann arrived in Madrid."),
    ("k4", "2021-01-25", "Arvid Kellmann criticised Sweden on Friday. Kellmann left early."),
]


def test_learn_then_gaps_then_recode(run_cli, tmp_path):
    db = tmp_path / "news.sqlite"
    assert run_cli("ingest", _news(tmp_path / "news.jsonl", KELLMANN_STORIES), "--db", db,
                   "--quiet").returncode == 0
    gaps = run_cli("actors", "gaps", "--db", db, "--format", "json")
    assert gaps.returncode == 0, gaps.stderr
    names = {name["name"]: name for name in json.loads(gaps.stdout)["unknown_names"]}
    assert names["Arvid Kellmann"]["label"] == "PERSON"
    assert names["Arvid Kellmann"]["first"] == names["Arvid Kellmann"]["last"] == "2021-01-25"

    learned = tmp_path / "learned" / "news.actors.csv"
    result = run_cli("actors", "learn", "--db", db, "--out", learned)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(learned.open(encoding="utf-8")))
    assert [(row["name"], row["code"], row["aliases"]) for row in rows] == [
        ("Arvid Kellmann", "NORGOV", "Kellmann")]
    assert "learned 1 names" in result.stderr

    assert run_cli("recode", "--db", db, "--changed-by", learned.parent,
                   "--quiet").returncode == 0
    after = run_cli("actors", "gaps", "--db", db, "--format", "json", "--names-only")
    assert "Kellmann" not in after.stdout
    codes = {code for (code,) in sqlite3.connect(db).execute(
        "SELECT code FROM mentions WHERE article_id = 'k4' AND evidence_text LIKE '%Kellmann'")}
    assert codes == {"NORGOV"}


def test_actors_import_writes_a_loadable_user_dictionary(run_cli, tmp_path):
    folder = tmp_path / "my-dictionaries"
    result = run_cli("actors", "import", DATA / "leaders.csv", "--out", folder)
    assert result.returncode == 0, result.stderr
    assert "wrote 4 rows" in result.stderr
    assert dictionaries_for(folder).actors[0].name == "Arvid Kellmann"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country,role\nArvid Kellmann,NOR,wizard\n", encoding="utf-8")
    refused = run_cli("actors", "import", bad, "--out", folder)
    assert refused.returncode == 1 and "[E047] Actor list bad.csv:2: unknown role" in (
        refused.stderr)


def test_serve_codes_posted_articles_with_the_user_folder(tmp_path, user_folder):
    """The API alike: ``attache serve --dictionaries`` (a real server on a free loopback
    port) codes a posted article with the user's entry."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    db = tmp_path / "api.sqlite"
    open_store(db).close()  # attache serve serves an existing store
    env = {**os.environ, "TEST_TOKEN": "sekrit"}
    process = subprocess.Popen(
        [sys.executable, "-m", "attache", "serve", "--db", str(db), "--port", str(port),
         "--token-env", "TEST_TOKEN", "--dictionaries", str(user_folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def call(path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            base + path, data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": "Bearer sekrit"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                call("/api/health")
                break
            except OSError:
                assert process.poll() is None, "attache serve exited"
                assert time.monotonic() < deadline, "attache serve did not start"
                time.sleep(0.2)
        call("/api/articles", {"id": "quimby", "text": QUIMBY_STORY, "published": "2021-03-01"})
        article = call(f"/api/articles/{quote('quimby', safe='')}")
    finally:
        process.terminate()
        process.wait(timeout=30)
    mentions = [(m["evidence"]["text"], m["code"]) for m in article["mentions"]]
    assert _codes(mentions) == {TEST_CODE}
