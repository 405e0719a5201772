import json
from importlib import resources

from attache.ingest import count_inputs, read_inputs, read_jsonl, read_text_file
from attache.model import Article, Rejection


def _line(**record) -> bytes:
    return json.dumps(record).encode("utf-8") + b"\n"


def _codes(items):
    return [item.code if isinstance(item, Rejection) else item.id for item in items]


def test_read_jsonl_rejects_bad_lines_and_keeps_going(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        _line(id="good1", text="Iran closed the strait.", published="2019-09-16", url="u")
        + b'{"id": "broken", "text": "no closing brace"\n'
        + b'{"id": "latin1", "text": "caf\xe9 in Paris"}\n'
        + b"\n"
        + _line(id="empty", text="   ")
        + _line(id="junk", text="\u0000\u0001\u0002\u0003" * 20)
        + _line(id="huge", text="word " * 100)
        + _line(id="notext", title="only a title")
        + _line(id="numeric", text=42)
        + _line(id="baddate", text="Fine text.", published="07/01/2020")
        + b"[1, 2, 3]\n"
        + _line(id="good2", text="Saudi oil facilities were hit.", title="Drones")
    )
    items = list(read_jsonl(path, max_chars=300))
    assert _codes(items) == [
        "good1",
        "E007",
        "E004",
        "E003",
        "E005",
        "E006",
        "E008",
        "E008",
        "E009",
        "E007",
        "good2",
    ]
    rejections = {item.location: item for item in items if isinstance(item, Rejection)}
    assert set(rejections) == {f"{path}:{n}" for n in (2, 3, 5, 6, 7, 8, 9, 10, 11)}, (
        "blank line 4 is skipped but still counted"
    )
    assert rejections[f"{path}:3"].message.endswith("offset 29).")  # byte offset in the line
    assert rejections[f"{path}:5"].article_id == "empty"
    assert rejections[f"{path}:8"].message == ("Input line 8 has no usable 'text' field: missing")
    assert "'07/01/2020'" in rejections[f"{path}:10"].message
    good1 = items[0]
    assert isinstance(good1, Article)
    assert good1.published.isoformat() == "2019-09-16" and good1.url == "u"
    assert items[-1].title == "Drones"


def test_read_jsonl_numeric_id_becomes_string_and_bad_id_is_rejected(tmp_path):
    path = tmp_path / "ids.jsonl"
    path.write_bytes(_line(id=7, text="Text.") + _line(id=["x"], text="Text."))
    first, second = read_jsonl(path)
    assert first.id == "7"
    assert second.code == "E008" and "'id'" in second.message


def test_read_jsonl_without_id_uses_text_hash(tmp_path):
    path = tmp_path / "noid.jsonl"
    path.write_bytes(_line(text="Text one.") + _line(text="Text two."))
    first, second = read_jsonl(path)
    assert first.id.startswith("sha1:") and first.id != second.id


def test_read_jsonl_missing_file_is_one_rejection(tmp_path):
    (item,) = read_jsonl(tmp_path / "absent.jsonl")
    assert item.code == "E013"


def test_read_jsonl_is_lazy(tmp_path):
    path = tmp_path / "lazy.jsonl"
    path.write_bytes(_line(id="a", text="First."))
    items = read_jsonl(path)
    assert next(items).id == "a"
    with path.open("ab") as handle:  # appended after reading began: still seen
        handle.write(_line(id="b", text="Second."))
    assert [item.id for item in items] == ["b"]


def test_read_text_file_uses_file_name_as_id(tmp_path):
    path = tmp_path / "story-1.txt"
    path.write_bytes("\ufeffKurds announced a deal.\n".encode())
    (article,) = read_text_file(path)
    assert article.id == f"{tmp_path.name}/story-1.txt"
    assert article.text == "Kurds announced a deal.\n"


def test_read_text_file_rejections(tmp_path):
    cases = {
        "latin1.txt": (b"Caf\xe9 society", "E004"),
        "binary.txt": (bytes(range(32)) * 8, "E005"),
        "empty.txt": (b"\n \n", "E003"),
        "long.txt": (b"word " * 100, "E006"),
        "huge.txt": (b"x" * 2000, "E006"),  # larger than 4 * max_chars bytes: not read
    }
    for name, (data, code) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        (item,) = read_text_file(path, max_chars=300)
        assert isinstance(item, Rejection), name
        assert (item.code, item.location, item.article_id) == (
            code, str(path), f"{tmp_path.name}/{name}")


def test_read_inputs_reads_folders_sorted_and_dispatches_by_suffix(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.txt").write_text("Text B.")
    (folder / "a.jsonl").write_bytes(_line(id="j1", text="Text J1.") + b"not json\n")
    (folder / "c.md").write_text("ignored: not .txt or .jsonl")
    (folder / "sub").mkdir()
    single = tmp_path / "single.json"
    single.write_bytes(_line(id="s1", text="Text S1."))
    items = list(read_inputs([folder, single, tmp_path / "missing.txt"]))
    assert _codes(items) == ["j1", "E007", "in/b.txt", "E013", "s1", "E013"]
    assert items[1].location == f"{folder / 'a.jsonl'}:2"
    assert items[3].location == str(folder / "sub") and "folder inside" in items[3].message
    assert items[-1].location == str(tmp_path / "missing.txt")


def test_read_inputs_rejects_an_id_reused_for_different_text(tmp_path):
    path = tmp_path / "dupes.jsonl"
    path.write_bytes(
        _line(id="d", text="First version.")
        + _line(id="d", text="First version.")
        + _line(id="d", text="Second version.")
    )
    items = list(read_inputs([path]))
    assert _codes(items) == ["d", "d", "E014"]
    assert items[2].location == f"{path}:3" and items[2].article_id == "d"


def test_bundled_sample_reads_cleanly():
    sample = resources.files("attache").joinpath("data/sample/wikinews-sample.jsonl")
    with resources.as_file(sample) as path:
        items = list(read_jsonl(path))
    assert len(items) == 40
    assert all(isinstance(item, Article) for item in items)
    assert all(item.url.startswith("https://en.wikinews.org/wiki/") for item in items)
    assert all(item.source == "Wikinews" and item.published for item in items)


def test_count_inputs_counts_lines_and_files_cheaply(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b'{"text": "one"}\n\n{"text": "two"}\n{"text": "3"}')
    (tmp_path / "b.txt").write_text("An article.")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert count_inputs([tmp_path / "a.jsonl"]) == 4  # the blank line is counted too
    assert count_inputs([tmp_path]) == 5
    assert count_inputs([tmp_path / "b.txt", tmp_path / "missing.jsonl"]) == 2
