"""The bad-input corpus: hostile and broken inputs of many kinds, each between good articles.

``write_corpus(folder)`` writes it and returns its :class:`Case` list; each case says what
it must end as: stored articles (by id) and rejections (by code and location). The tests
run it through ``attache ingest`` (both engines) and ``attache code``; run this file to
write the corpus somewhere to try by hand::

    python tests/ingest/bad_inputs.py /tmp/corpus && attache ingest /tmp/corpus/* --db x.sqlite
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from attache.ingest.articles import DEFAULT_MAX_CHARS, FIELD_LIMITS, MAX_RECORD_BYTES

GOOD_TEXT = "Russia attacked Ukraine on Monday."


@dataclass
class Case:
    """One kind of bad input: the paths to ingest, the ids that must be stored, and the
    rejections (code, location relative to the corpus folder) that must be recorded."""

    name: str
    paths: list[str]
    stored: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    text_file: bool = False  # also a case for `attache code`


def _good(case: str, where: str) -> str:
    return json.dumps({"id": f"{case}-{where}", "text": f"{GOOD_TEXT} ({case}, {where})"}) + "\n"


# (name, the bad line as bytes, its outcome: "stored:<id>" or an error code)
LINE_CASES: list[tuple[str, bytes, str]] = [
    ("surrogate-text", b'{"id": "s1", "text": "Russia \\ud800 attacked Ukraine."}', "E016"),
    ("surrogate-id", b'{"id": "x\\udfff", "text": "Russia attacked Ukraine."}', "E016"),
    ("surrogate-title", b'{"title": "\\udc80", "text": "Russia attacked Ukraine."}', "E016"),
    ("nested-100k", b"[" * 100_000 + b"]" * 100_000, "E018"),
    ("nested-in-field", b'{"text": "x", "extra": ' + b"[" * 40 + b"]" * 40 + b"}", "E018"),
    ("huge-integer", b'{"id": ' + b"9" * 5000 + b', "text": "Russia attacked."}', "E007"),
    ("not-json", b'{"id": "broken", "text": "no closing brace"', "E007"),
    ("array-line", b'["Russia attacked Ukraine."]', "E007"),
    ("latin1-bytes", b'{"id": "l1", "text": "Caf\xe9 society in Paris."}', "E004"),
    ("no-text", b'{"id": "t1", "title": "Only a title"}', "E008"),
    ("numeric-text", b'{"id": "t2", "text": 42}', "E008"),
    ("list-id", b'{"id": ["a"], "text": "Russia attacked Ukraine."}', "E008"),
    ("object-title", b'{"title": {"a": 1}, "text": "Russia attacked Ukraine."}', "E008"),
    ("nan-title", b'{"title": NaN, "text": "Russia attacked Ukraine."}', "E008"),
    ("empty-text", b'{"id": "e1", "text": "   \\n\\t "}', "E003"),
    ("binary-text", json.dumps({"text": "\x00\x01\x02\x03\x1b" * 20}).encode(), "E005"),
    ("text-too-long", json.dumps({"text": "word " * (DEFAULT_MAX_CHARS // 5 + 1)}).encode(),
     "E006"),
    ("line-too-long", b'{"text": "' + b"x" * (MAX_RECORD_BYTES + 10) + b'"}', "E019"),
    ("id-too-long", json.dumps({"id": "i" * (FIELD_LIMITS["id"] + 1), "text": "Fine."}).encode(),
     "E017"),
    ("url-too-long", json.dumps({"url": "u" * (FIELD_LIMITS["url"] + 1), "text": "Fine."})
     .encode(), "E017"),
    ("ambiguous-date", b'{"text": "Russia attacked.", "published": "07/01/2020"}', "E009"),
    ("integer-date", b'{"text": "Russia attacked.", "published": 20200107}', "E009"),
    ("rfc2822-date", b'{"id": "rfc", "text": "Russia attacked Ukraine.", '
                     b'"published": "Tue, 07 Jan 2020 10:00:00 GMT"}', "stored:rfc"),
    ("news-date", b'{"id": "news-date", "text": "Russia attacked Ukraine.", '
                  b'"published": "January 7, 2020"}', "stored:news-date"),
    ("nul-inside", b'{"id": "nul", "text": "Russia\\u0000 attacked Ukraine."}', "stored:nul"),
    ("zero-width", '{"id": "zw", "text": "Rus\u200bsia attacked Ukr\u200caine."}'.encode(),
     "stored:zw"),
    ("html-tags", b'{"id": "html", "text": "<p>Russia <b>attacked</b> Ukraine.</p>"}',
     "stored:html"),
    ("unknown-fields", b'{"id": "extra", "text": "Russia attacked Ukraine.", "x": {"y": [1]}}',
     "stored:extra"),
    ("whitespace-line", b" \t ", "skipped"),
]


def write_corpus(folder: Path) -> list[Case]:
    """Write every case under ``folder`` and return them, in ingest order."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def jsonl(name: str, data: bytes, stored: list[str], rejected: list[tuple[str, str]]):
        path = folder / f"{len(cases):02d}-{name}.jsonl"
        path.write_bytes(data)
        cases.append(Case(name, [path.name], stored, rejected))

    for name, bad, outcome in LINE_CASES:
        data = _good(name, "before").encode() + bad + b"\n" + _good(name, "after").encode()
        stored = [f"{name}-before", f"{name}-after"]
        rejected = []
        if outcome.startswith("stored:"):
            stored.insert(1, outcome.removeprefix("stored:"))
        elif outcome != "skipped":
            rejected.append((outcome, f"{len(cases):02d}-{name}.jsonl:2"))
        jsonl(name, data, stored, rejected)

    # whole-file kinds
    both = [_good("twice", "a"), json.dumps({"id": "twice-a", "text": "Other text."}) + "\n"]
    jsonl("same-id-other-text", "".join(both).encode(), ["twice-a"],
          [("E014", f"{len(cases):02d}-same-id-other-text.jsonl:2")])
    jsonl("exact-repeat", (_good("repeat", "a") * 2).encode(), ["repeat-a"], [])
    jsonl("byte-order-mark", b"\xef\xbb\xbf" + (_good("bom", "1") + _good("bom", "2")).encode(),
          ["bom-1", "bom-2"], [])
    jsonl("cr-endings", (_good("cr", "1") + _good("cr", "2")).replace("\n", "\r").encode(),
          ["cr-1", "cr-2"], [])
    jsonl("crlf-endings", (_good("crlf", "1") + _good("crlf", "2")).replace("\n", "\r\n")
          .encode(), ["crlf-1", "crlf-2"], [])
    jsonl("no-final-newline", (_good("nonl", "1") + _good("nonl", "2")).rstrip("\n").encode(),
          ["nonl-1", "nonl-2"], [])

    def add(name: str, relative: str, data: bytes | None, stored=(), rejected=(), text=False):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            path.write_bytes(data)
        cases.append(Case(name, [relative], list(stored), list(rejected), text_file=text))
        return path

    n = len(cases)
    gz_lines = "".join(_good("gz", str(i)) for i in range(3))
    add("gzip-jsonl", f"{n:02d}-gzip.jsonl.gz", gzip.compress(gz_lines.encode()),
        [f"gz-{i}" for i in range(3)])
    n += 1
    many = "".join(json.dumps({"id": f"cut-{i}", "text": f"{GOOD_TEXT} {i} {os.urandom(8).hex()}"})
                   + "\n" for i in range(200))
    packed = gzip.compress(many.encode())
    add("truncated-gzip", f"{n:02d}-cut.jsonl.gz", packed[: len(packed) // 2], ["cut-0"],
        [("E013", f"{n:02d}-cut.jsonl.gz")])
    n += 1
    add("not-gzip", f"{n:02d}-fake.jsonl.gz", _good("fake", "1").encode(), [],
        [("E013", f"{n:02d}-fake.jsonl.gz")])
    n += 1
    add("text-bom", f"{n:02d}-bom.txt", "\ufeff".encode() + GOOD_TEXT.encode(),
        [f"{folder.name}/{n:02d}-bom.txt"], text=True)
    n += 1
    add("text-gzip", f"{n:02d}-story.txt.gz", gzip.compress(GOOD_TEXT.encode()),
        [f"{folder.name}/{n:02d}-story.txt"], text=True)
    n += 1
    add("text-latin1", f"{n:02d}-latin1.txt", "Café society.".encode("latin-1"), [],
        [("E004", f"{n:02d}-latin1.txt")], text=True)
    n += 1
    add("text-utf16", f"{n:02d}-utf16.txt", GOOD_TEXT.encode("utf-16"), [],
        [("E004", f"{n:02d}-utf16.txt")], text=True)
    n += 1
    add("text-empty", f"{n:02d}-empty.txt", b"\n  \n", [], [("E003", f"{n:02d}-empty.txt")],
        text=True)
    n += 1
    add("text-binary", f"{n:02d}-binary.txt", bytes(range(32)) * 40, [],
        [("E005", f"{n:02d}-binary.txt")], text=True)
    n += 1
    add("text-crlf-nul", f"{n:02d}-crlf.txt", b"Russia attacked\x00 Ukraine.\r\n\r\nMore.\r\n",
        [f"{folder.name}/{n:02d}-crlf.txt"], text=True)
    n += 1
    add("text-by-content", f"{n:02d}-feed", (_good("content", "1") + _good("content", "2"))
        .encode(), ["content-1", "content-2"])
    n += 1
    add("missing-path", f"{n:02d}-missing.jsonl", None, [], [("E013", f"{n:02d}-missing.jsonl")],
        text=True)
    n += 1
    nest = folder / f"{n:02d}-folder"
    add("folder", f"{n:02d}-folder", None,
        [f"{n:02d}-folder/a.txt", f"{n:02d}-folder/z.txt"],
        [("E013", f"{n:02d}-folder/b.txt"), ("E013", f"{n:02d}-folder/c.jsonl"),
         ("E013", f"{n:02d}-folder/d")])
    nest.mkdir()
    (nest / "a.txt").write_text(f"{GOOD_TEXT} (folder a)")
    (nest / "b.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(nest / "c.jsonl")
    (nest / "d").mkdir()
    (nest / "e.md").write_text("not an input: left alone")
    (nest / "z.txt").write_text(f"{GOOD_TEXT} (folder z)")
    n += 1
    for side in ("A", "B"):
        add(f"same-name-{side}", f"{n:02d}-{side}/report.txt",
            f"{GOOD_TEXT} (report {side})".encode(), [f"{n:02d}-{side}/report.txt"])
    return cases


def expected(cases: list[Case]) -> tuple[list[str], list[tuple[str, str]]]:
    """Every id to be stored and every (code, location) to be rejected."""
    stored = [article_id for case in cases for article_id in case.stored]
    rejected = [rejection for case in cases for rejection in case.rejected]
    return stored, rejected


if __name__ == "__main__":
    written = write_corpus(Path(sys.argv[1]))
    sys.stdout.write(f"{len(written)} cases written to {sys.argv[1]}\n")
