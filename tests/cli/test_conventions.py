"""Conventions users expect of a command (issue 12): --version, `-` for stdin and stdout,
exit statuses that tell all / some / none stored, checked option ranges, tables that fit
the terminal with numbers aligned right."""

from __future__ import annotations

import io
import json
import sys

import pytest

from attache import attache_version
from attache.cli.main import main
from attache.cli.options import EXIT_FAILED, EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from attache.cli.output import write_table
from attache.store import IngestReport, open_store


@pytest.fixture
def db(tmp_path, make_coded):
    path = tmp_path / "events.sqlite"
    with open_store(path) as store:
        for number in range(3):
            store.write(make_coded(f"a{number}", text=f"Russian troops attacked Ukrainian "
                                   f"positions near Kharkiv on day {number} of the long war."))
    return path


def _stdin(monkeypatch, tmp_path, data: str) -> None:
    path = tmp_path / "stdin"
    path.write_text(data, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", path.open(encoding="utf-8"))


def test_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"attache {attache_version()}"


def test_ingest_reads_stdin_and_its_status_says_all_some_or_none(
        tmp_path, monkeypatch, capsys, coder):
    db = tmp_path / "x.sqlite"
    good = "".join(json.dumps({"id": f"s{n}", "text": "Russia attacked Ukraine."}) + "\n"
                   for n in range(2))
    _stdin(monkeypatch, tmp_path, good)
    assert main(["ingest", "-", "--db", str(db), "--quiet"]) == EXIT_OK
    assert "ingested 2 articles (2 inserted" in capsys.readouterr().err
    _stdin(monkeypatch, tmp_path, good + '{"id": "bad"\n')
    assert main(["ingest", "-", "--db", str(db), "--quiet"]) == EXIT_REJECTED
    err = capsys.readouterr().err
    assert "rejected <stdin>:3: [E007]" in err
    _stdin(monkeypatch, tmp_path, '{"text": " "}\n')
    assert main(["ingest", "-", "--db", str(db), "--quiet"]) == EXIT_FAILED
    assert "every input was rejected" in capsys.readouterr().err
    _stdin(monkeypatch, tmp_path, "Russia attacked Ukraine, a plain text on stdin.")
    assert main(["ingest", "-", "--db", str(db), "--quiet"]) == EXIT_OK
    assert "ingested 1 article (1 inserted" in capsys.readouterr().err


def test_the_summary_line_counts_in_words():
    assert IngestReport(inserted=1, events=1).line().startswith(
        "ingested 1 article (1 inserted, 0 unchanged, 0 replaced), 1 event, 0 rejected")


def test_export_to_stdout(db, capsys, monkeypatch):
    assert main(["export", "--db", str(db), "--format", "csv", "--out", "-"]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out.startswith("article_id,") and len(captured.out.splitlines()) == 7
    assert "events written to stdout (csv)" in captured.err
    binary = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(binary))
    assert main(["export", "--db", str(db), "--format", "parquet", "--out", "-"]) == EXIT_OK
    sys.stdout.flush()
    assert binary.getvalue()[:4] == b"PAR1" and binary.getvalue()[-4:] == b"PAR1"


def test_export_codebook_beside_the_file_or_where_asked(db, capsys, tmp_path):
    out = tmp_path / "events.tsv"
    arguments = ["export", "--db", str(db), "--format", "gdelt"]
    assert main([*arguments, "--out", str(out), "--codebook"]) == EXIT_OK
    assert (tmp_path / "events.tsv.codebook.md").read_text().startswith(
        "# attache export codebook (gdelt)")
    assert main([*arguments, "--out", "-", "--codebook"]) == EXIT_USAGE
    assert "--codebook needs a path" in capsys.readouterr().err
    named = tmp_path / "book.md"
    assert main([*arguments, "--out", "-", "--codebook", str(named)]) == EXIT_OK
    assert named.is_file() and capsys.readouterr().out.count("\n") == 2  # two clusters


@pytest.mark.parametrize("arguments", [
    ["events", "--root", "99"], ["events", "--root", "x"], ["events", "--limit", "0"],
    ["top", "dyads", "--limit", "-1"], ["dedup", "--article-threshold", "1.5"],
    ["dedup", "--evidence-threshold", "0"], ["dedup", "--shingle-size", "0"],
])
def test_values_out_of_range_are_usage_errors(db, capsys, arguments):
    with pytest.raises(SystemExit) as exited:
        main([*arguments, "--db", str(db)])
    assert exited.value.code == EXIT_USAGE
    assert "must be" in capsys.readouterr().err or "root codes are 01 to 20"


def test_root_9_means_09_and_an_empty_date_range_is_an_error(db, capsys):
    assert main(["events", "--db", str(db), "--root", "19", "--format", "json"]) == EXIT_OK
    assert len(json.loads(capsys.readouterr().out)) == 3
    status = main(["events", "--db", str(db), "--since", "2020-02-01", "--until", "2020-01-01"])
    assert status == EXIT_FAILED
    assert "[E011] Unknown date range '2020-02-01 to 2020-01-01'" in capsys.readouterr().err


def test_tables_fit_the_width_and_align_numbers_right(db, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "110")
    assert main(["events", "--db", str(db)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line) <= 110 for line in lines)
    assert any(len(line) > 100 for line in lines) and "…" in lines[1]
    header = lines[0]
    column = header.index("quad_class") + len("quad_class")  # right-aligned: ends align
    assert all(line[column - 1].isdigit() for line in lines[1:])


def test_write_table_cuts_text_not_numbers():
    rows = [{"text": "word " * 40, "count": 12345}, {"text": "short", "count": 7}]
    out = io.StringIO()
    write_table(rows, ["text", "count"], out, width=40)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert lines[1].endswith("…  12345") and lines[2].endswith("      7")
