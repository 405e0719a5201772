"""Inputs at the edges: each either reads or becomes a coded Rejection, and the articles
around it are read; nothing raises or waits for ever (issue 12, items 1-4 and the `.gz`,
stdin and date conventions)."""

import gzip
import json
import os
import subprocess
import sys
import threading
import time
from datetime import date

import pytest

from attache.errors import ArticleError
from attache.ingest import count_inputs, new_article, parse_published, read_inputs
from attache.ingest.articles import FIELD_LIMITS
from attache.ingest.readers import file_article_id
from attache.model import Article, Rejection


def _line(**record) -> str:
    return json.dumps(record) + "\n"


GOOD_BEFORE = _line(id="before", text="Russia attacked Ukraine.")
GOOD_AFTER = _line(id="after", text="France praised Germany.")


def _outcomes(items) -> list[str]:
    return [item.id if isinstance(item, Article) else item.code for item in items]


@pytest.mark.parametrize(
    ("bad_line", "code"),
    [
        ('{"id": "s", "text": "x \\ud800 y"}\n', "E016"),  # lone surrogate in the text
        ('{"id": "x\\udfff", "text": "Fine."}\n', "E016"),  # ... in the id
        ('{"title": "\\udc80", "text": "Fine."}\n', "E016"),  # ... in the title
        ("[" * 100_000 + "]" * 100_000 + "\n", "E018"),  # nested 100k deep
        ('{"text": "Fine.", "x": ' + "[" * 40 + "]" * 40 + "}\n", "E018"),
        ('{"id": ' + "9" * 5000 + ', "text": "Fine."}\n', "E007"),  # int beyond 4,300 digits
        (_line(id="t" * (FIELD_LIMITS["id"] + 1), text="Fine."), "E017"),
        (_line(title="T" * (FIELD_LIMITS["title"] + 1), text="Fine."), "E017"),
    ],
)
def test_a_bad_line_is_a_coded_rejection_between_good_ones(tmp_path, bad_line, code):
    path = tmp_path / "news.jsonl"
    path.write_text(GOOD_BEFORE + bad_line + GOOD_AFTER, encoding="utf-8")
    items = list(read_inputs([path]))
    assert _outcomes(items) == ["before", code, "after"]
    rejection = items[1]
    assert rejection.location == f"{path}:2"
    # what is stored about the rejection must be encodable (no lone surrogate left)
    for value in (rejection.article_id, rejection.message, rejection.location):
        (value or "").encode("utf-8")


def test_a_line_longer_than_the_limit_is_skipped_without_being_held(tmp_path):
    path = tmp_path / "news.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(GOOD_BEFORE + '{"text": "' + "x" * (2 << 20) + '"}\n' + GOOD_AFTER)
    items = list(read_inputs([path], max_chars=100))
    assert _outcomes(items) == ["before", "E019", "after"]


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_any_line_ending_separates_lines(tmp_path, ending):
    path = tmp_path / "news.jsonl"
    path.write_bytes((GOOD_BEFORE + GOOD_AFTER).replace("\n", ending).encode())
    assert _outcomes(read_inputs([path])) == ["before", "after"]
    assert count_inputs([path]) == 2


def test_a_byte_order_mark_costs_no_article(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + (GOOD_BEFORE + GOOD_AFTER).encode())
    assert _outcomes(read_inputs([path])) == ["before", "after"]


def test_gzip_inputs_are_read_and_damage_keeps_what_came_before(tmp_path):
    lines = "".join(_line(id=f"a{n}", text=f"Russia attacked Ukraine {n}.") for n in range(500))
    whole = tmp_path / "news.jsonl.gz"
    whole.write_bytes(gzip.compress(lines.encode()))
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(b"Iran closed the strait."))
    data = gzip.compress(lines.encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_text(GOOD_BEFORE)
    assert len(list(read_inputs([whole]))) == 500
    assert count_inputs([whole]) == 500
    (story,) = read_inputs([tmp_path / "story.txt.gz"])
    assert story.id == f"{tmp_path.name}/story.txt" and story.text == "Iran closed the strait."
    items = list(read_inputs([cut, fake]))
    assert 0 < sum(isinstance(item, Article) for item in items) < 500
    assert [item.code for item in items if isinstance(item, Rejection)] == ["E013", "E013"]
    assert "damaged gzip data" in items[-2].message and "not gzip data" in items[-1].message


def test_same_file_name_in_two_folders_is_two_articles(tmp_path):
    for folder, text in (("A", "Russia attacked Ukraine."), ("B", "France praised Germany.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text)
    items = list(read_inputs([tmp_path / "A", tmp_path / "B"]))
    assert _outcomes(items) == ["A/report.txt", "B/report.txt"]
    assert file_article_id(tmp_path / "A" / "report.txt") == "A/report.txt"
    assert file_article_id(tmp_path / "A" / ".." / "A" / "report.txt.gz") == "A/report.txt"


def test_what_a_folder_cannot_give_is_reported(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia attacked Ukraine.")
    (folder / "b.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(folder / "c.jsonl")
    (folder / "d").mkdir()
    (folder / "e.md").write_text("not an input: left alone")
    (folder / "z.txt").write_text("France praised Germany.")
    start = time.monotonic()
    items = list(read_inputs([folder]))
    assert time.monotonic() - start < 5, "a FIFO in a folder must not be waited on"
    assert _outcomes(items) == ["news/a.txt", "E013", "E013", "E013", "news/z.txt"]
    assert "broken symbolic link" in items[1].message
    assert "not a regular file" in items[2].message
    assert "folder inside a folder" in items[3].message
    assert count_inputs([folder]) == 5


def test_a_named_fifo_is_read_when_written_and_given_up_on_when_not(tmp_path):
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    start = time.monotonic()
    assert _outcomes(read_inputs([fifo], fifo_wait=0.3)) == ["E013"]
    assert time.monotonic() - start < 5
    assert count_inputs([fifo]) is None  # a pipe is read once: never counted

    def write() -> None:
        with fifo.open("w") as handle:
            handle.write(GOOD_BEFORE + GOOD_AFTER)

    writer = threading.Thread(target=write)
    writer.start()
    assert _outcomes(read_inputs([fifo], fifo_wait=10)) == ["before", "after"]
    writer.join()


def test_stdin_and_pipes_are_read_by_content(tmp_path):
    """``-`` and /dev/stdin: JSON Lines when the input starts with ``{``, else one text."""
    script = (
        "import sys; from attache.ingest import read_inputs; "
        "print([getattr(i, 'id', None) or i.code for i in read_inputs(sys.argv[1:])])"
    )
    for path in ("-", "/dev/stdin"):
        done = subprocess.run([sys.executable, "-c", script, path],
                              input=GOOD_BEFORE + GOOD_AFTER, capture_output=True, text=True,
                              check=True)
        assert done.stdout.strip() == "['before', 'after']", done.stderr
    done = subprocess.run([sys.executable, "-c", script, "-", "-"],
                          input="\ufeff  Russia attacked Ukraine.", capture_output=True,
                          text=True, check=True)
    text_id = new_article("  Russia attacked Ukraine.").id
    assert done.stdout.strip() == f"['{text_id}', 'E013']"  # stdin cannot be read twice


def test_a_file_without_a_known_ending_is_read_by_content(tmp_path):
    (tmp_path / "feed").write_text(GOOD_BEFORE + GOOD_AFTER)
    (tmp_path / "story").write_text("Russia attacked Ukraine.")
    assert _outcomes(read_inputs([tmp_path / "feed", tmp_path / "story"])) == [
        "before", "after", f"{tmp_path.name}/story"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-07", date(2020, 1, 7)),
        ("2020-01-07T23:30:00-05:00", date(2020, 1, 7)),
        ("20200107", date(2020, 1, 7)),
        ("Tue, 07 Jan 2020 10:00:00 GMT", date(2020, 1, 7)),
        ("Tue, 07 Jan 2020 23:30:00 -0500", date(2020, 1, 7)),
        ("7 January 2020", date(2020, 1, 7)),
        ("Jan. 7, 2020", date(2020, 1, 7)),
        ("Tuesday, January 7, 2020 10:00 EST", date(2020, 1, 7)),
        ("2020/01/07", date(2020, 1, 7)),
        ("13/01/2020", date(2020, 1, 13)),
    ],
)
def test_published_reads_iso_rfc2822_and_news_dates(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["07/01/2020", "2020", "January 2020", "Monday", "10:00",
                                   "tomorrow", "2019-13-01", "x\ud800"])
def test_published_refuses_partial_ambiguous_and_junk_dates(value):
    with pytest.raises(ArticleError) as caught:
        parse_published(value)
    assert caught.value.code.name == "E009"
    caught.value.message.encode("utf-8")
