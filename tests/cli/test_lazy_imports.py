"""Commands import what they use and nothing heavier: coding one article or ingesting into a
SQLite store never imports DuckDB, Arrow, the web server or Dask, and reading a store never
imports the parser (each costs start-up time in every fresh process: the command line,
every worker, every test). jinja2 is the dashboard's, but spaCy imports it too, so only
commands without the parser can do without it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses, servers or many runs: see pyproject's markers

HEAVY = ("duckdb", "pyarrow", "fastapi", "starlette", "uvicorn", "dask", "distributed")

RUN = """
import json, sys
from attache.cli.main import main
status = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(HEAVY)))
print(json.dumps({"status": status, "heavy": heavy}))
"""


def imported_by(*args: str | Path) -> dict:
    """Run ``attache ARGS`` in a fresh interpreter; its status and the heavy modules it
    imported."""
    script = RUN.replace("json.loads(HEAVY)", repr(list(HEAVY)))
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text("Russian troops attacked Ukrainian positions near Kharkiv on Monday.",
                    encoding="utf-8")
    return path


def test_code_imports_no_heavy_module(tmp_path: Path, story: Path):
    found = imported_by("code", story, "--published", "2022-03-07")
    assert found == {"status": 0, "heavy": []}


def test_ingest_into_a_store_imports_no_heavy_module(tmp_path: Path, story: Path):
    found = imported_by("ingest", story, "--db", tmp_path / "store.sqlite", "--quiet")
    assert found == {"status": 0, "heavy": []}


def test_reading_a_store_imports_no_parser_and_no_duckdb(tmp_path: Path, story: Path):
    imported_by("ingest", story, "--db", tmp_path / "store.sqlite", "--quiet")
    script = RUN.replace("json.loads(HEAVY)", repr([*HEAVY, "jinja2", "spacy", "thinc"]))
    done = subprocess.run(
        [sys.executable, "-c", script, "top", "dyads", "--db", str(tmp_path / "store.sqlite")],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["heavy"] == []
