"""The shipped dictionary set loads strictly, and a warm load comes from the compiled cache."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

import attache.dictionaries as dictionaries
from attache.cache import cache_directory
from attache.dictionaries import (
    Dictionaries,
    DictionaryFiles,
    load_dictionaries,
    shipped_files,
)


def counts(loaded: Dictionaries) -> dict[str, int]:
    return {
        "actors": len(loaded.actors),
        "agents": len(loaded.agents),
        "verb classes": len(loaded.verbs.classes),
        "verb forms": len(loaded.verbs.forms),
        "patterns": sum(len(verb_class.patterns) for verb_class in loaded.verbs.classes),
        "synsets": len(loaded.verbs.synsets),
        "discards": len(loaded.discards),
        "issues": len(loaded.issues),
    }


def entry_for(loaded: Dictionaries, phrase: tuple[str, ...]):
    (entry_id,) = {i for p, i in loaded.actor_index.by_first[phrase[0]] if p == phrase}
    return loaded.actors[entry_id]


def test_shipped_dictionaries_load_strictly():
    files = shipped_files()
    assert all(path.is_file() for path in files.all())
    loaded = load_dictionaries(files, use_cache=False)  # raises DictionaryError on any defect
    sizes = counts(loaded)
    assert sizes["actors"] > 25_000
    assert sizes["agents"] > 2_000
    assert sizes["verb classes"] > 390
    assert sizes["patterns"] > 10_000
    assert sizes["discards"] > 400
    assert sizes["issues"] > 2_500
    assert loaded.version == files.digest()
    putin = entry_for(loaded, ("VLADIMIR", "PUTIN"))
    assert putin.code_on(date(1990, 1, 1)) == "RUSELI"
    assert putin.code_on(date(2020, 1, 1)) == "RUSGOV"
    (accused,) = loaded.verbs.forms["ACCUSED"]
    assert loaded.verbs.classes[accused.verb_class].code == "112"


def test_second_load_comes_from_the_compiled_cache(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ATTACHE_CACHE_DIR", str(tmp_path))
    files = shipped_files()
    first = load_dictionaries(files)
    cached = tmp_path / f"dictionaries-{files.digest()}.pickle"
    assert cached.is_file()
    assert list(tmp_path.iterdir()) == [cached]  # no partial files left behind

    def no_compiling(*args, **kwargs):
        raise AssertionError("the second load parsed the files instead of using the cache")

    monkeypatch.setattr(dictionaries, "compile_dictionaries", no_compiling)
    second = load_dictionaries(files)
    assert second is not first
    assert counts(second) == counts(first)
    assert second.version == first.version


@pytest.fixture
def small_files(tmp_path: Path) -> DictionaryFiles:
    folder = tmp_path / "dictionaries"
    folder.mkdir()
    texts = {
        "t.verbs.txt": "--- ACCUSE [112] ---\nACCUSE\n- $ * + [112]\n",
        "t.actors.txt": "FREEDONIA_ [FRE]\n",
        "t.agents.txt": "PRESIDENT [~GOV]\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return DictionaryFiles(verbs=[folder / "t.verbs.txt"], actors=[folder / "t.actors.txt"],
                           agents=[folder / "t.agents.txt"])


def test_changed_files_miss_the_cache(tmp_path: Path, monkeypatch, small_files):
    cache = tmp_path / "cache"
    monkeypatch.setenv("ATTACHE_CACHE_DIR", str(cache))
    before = load_dictionaries(small_files)
    with small_files.actors[0].open("a", encoding="utf-8") as handle:
        handle.write("SYLVANIA_ [SYL]\n")
    after = load_dictionaries(small_files)
    assert after.version != before.version
    assert [entry.name for entry in after.actors] == ["FREEDONIA", "SYLVANIA"]
    assert len(list(cache.glob("dictionaries-*.pickle"))) == 2


def test_unreadable_cache_is_rebuilt(tmp_path: Path, monkeypatch, small_files):
    monkeypatch.setenv("ATTACHE_CACHE_DIR", str(tmp_path / "cache"))
    cached = tmp_path / "cache" / f"dictionaries-{small_files.digest()}.pickle"
    cached.parent.mkdir()
    cached.write_bytes(b"not a pickle")
    loaded = load_dictionaries(small_files)
    assert [entry.name for entry in loaded.actors] == ["FREEDONIA"]
    with cached.open("rb") as handle:  # replaced by a good one
        assert [entry.name for entry in pickle.load(handle).actors] == ["FREEDONIA"]


def test_no_cache_is_written_without_use_cache(tmp_path: Path, monkeypatch, small_files):
    monkeypatch.setenv("ATTACHE_CACHE_DIR", str(tmp_path / "cache"))
    load_dictionaries(small_files, use_cache=False)
    assert not (tmp_path / "cache").exists()


def test_cache_directory_defaults(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("ATTACHE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_directory() == tmp_path / "xdg" / "attache"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_directory() == tmp_path / "home" / ".cache" / "attache"
