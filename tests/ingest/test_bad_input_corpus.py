"""The bad-input corpus (``bad_inputs.py``) through the real commands: every case ends as
the articles it must store and the rejections it must record, with their codes; the good
articles around each bad one are all stored, nothing is stored twice, no traceback is
printed, and the store passes SQLite's integrity check (issue 12)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import expected, write_corpus

from attache.cli.main import main
from attache.cli.options import EXIT_FAILED, EXIT_OK, EXIT_REJECTED

pytestmark = pytest.mark.slow  # subprocesses, servers or many runs: see pyproject's markers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("bad") / "corpus"
    return folder, write_corpus(folder)


def _ingest(folder: Path, cases: list, *options: str) -> subprocess.CompletedProcess[str]:
    paths = [path for case in cases for path in case.paths]
    return subprocess.run([sys.executable, "-m", "attache", "ingest", *paths, "--quiet",
                           *options], cwd=folder, capture_output=True, text=True, timeout=900,
                          check=False)


def _check(cases: list, ids: list[str], rejections: list[tuple[str, str]]) -> None:
    stored, rejected = expected(cases)
    assert len(ids) == len(set(ids)), "an article was stored twice"
    missing = sorted(set(stored) - set(ids))
    assert not missing, f"not stored: {missing}"
    extra = sorted(i for i in set(ids) - set(stored) if not i.startswith("cut-"))
    assert not extra, f"stored but not expected: {extra}"
    assert sorted(set(rejections)) == sorted(set(rejected))
    assert len(rejections) == len(set(rejections)), "a rejection was recorded twice"


def test_the_corpus_has_at_least_thirty_kinds(corpus):
    _folder, cases = corpus
    kinds = {case.name for case in cases}
    assert len(kinds) >= 30
    assert {code for case in cases for code, _ in case.rejected} >= {
        "E003", "E004", "E005", "E006", "E007", "E008", "E009", "E013", "E014", "E016",
        "E017", "E018", "E019"}


def test_the_corpus_through_ingest(corpus, tmp_path):
    folder, cases = corpus
    db = tmp_path / "corpus.sqlite"
    done = _ingest(folder, cases, "--db", str(db))
    assert done.returncode == EXIT_REJECTED, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [row[0] for row in connection.execute("SELECT id FROM articles")]
        rejections = connection.execute("SELECT code, location FROM rejections").fetchall()
    _check(cases, ids, rejections)

    again = _ingest(folder, cases, "--db", str(db))  # nothing twice on a rerun either
    assert again.returncode == EXIT_REJECTED and "0 inserted" in again.stderr, again.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        _check(cases, [row[0] for row in connection.execute("SELECT id FROM articles")],
               connection.execute("SELECT code, location FROM rejections").fetchall())


def test_the_corpus_through_ingest_on_dask(corpus, tmp_path):
    from attache.store.parquet import read_table

    folder, cases = corpus
    out = tmp_path / "parquet"
    done = _ingest(folder, cases, "--engine", "dask", "--workers", "1", "--out", str(out))
    assert done.returncode == EXIT_REJECTED, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    ids = read_table(out, "articles").column("id").to_pylist()
    table = read_table(out, "rejections")
    rejections = list(zip(table.column("code").to_pylist(), table.column("location").to_pylist(),
                          strict=True))
    _check(cases, ids, rejections)


def test_the_text_cases_through_code(corpus, coder, capsys, monkeypatch):
    """``attache code`` on each text-file case (in this process, with the session's coder):
    JSON of the coded article, or exit 1 and ``attache: [Exxx]``, never a traceback."""
    folder, cases = corpus
    monkeypatch.chdir(folder)
    text_cases = [case for case in cases if case.text_file]
    assert len(text_cases) >= 8
    for case in text_cases:
        status = main(["code", case.paths[0]])
        out, err = capsys.readouterr()
        if case.stored:
            assert status == EXIT_OK, (case.name, err)
            assert json.loads(out)["article"]["id"] == case.stored[0]
        else:
            (code, _location), = case.rejected
            assert status == EXIT_FAILED, case.name
            assert err.startswith(f"attache: [{code}]"), (case.name, err)
