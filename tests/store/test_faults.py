"""What a disk or another process can do to a store (issue 12, item 5): each is a coded
error that harms nothing stored, and writing goes on once the cause is gone."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from attache.errors import StoreError
from attache.store import open_store


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_lock_held_too_long_is_e020_after_saying_so(tmp_path, make_coded, hold_lock):
    path = tmp_path / "store.sqlite"
    waits = []
    with open_store(path, lock_timeout=1.5, on_lock_wait=lambda *args: waits.append(args)) as store:
        store.write(make_coded("a1"))
        holder = hold_lock(path)
        try:
            start = time.monotonic()
            with pytest.raises(StoreError) as raised:
                store.write(make_coded("a2"))
            waited = time.monotonic() - start
        finally:
            holder.communicate("")
        assert raised.value.code.name == "E020" and "1.5 s" in raised.value.message
        assert 1.4 <= waited < 10
        assert waits == [(path, 1.5)]  # said once, when the wait began
        assert store.write(make_coded("a2")) == "inserted"  # the lock is gone: it goes on
    assert _integrity(path) == "ok"


def test_the_lock_timeout_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTACHE_LOCK_TIMEOUT", "0.5")
    with open_store(tmp_path / "s.sqlite") as store:
        assert store.lock_timeout == 0.5
    monkeypatch.setenv("ATTACHE_LOCK_TIMEOUT", "soon")
    with pytest.raises(Exception) as raised:
        open_store(tmp_path / "s.sqlite")
    assert raised.value.code.name == "E011"


def test_a_damaged_store_is_e022(tmp_path, make_coded, damage):
    path = tmp_path / "store.sqlite"
    with open_store(path) as store:
        for number in range(30):
            store.write(make_coded(f"a{number}"))
    damage(path)
    with pytest.raises(StoreError) as raised, open_store(path, read_only=True) as store:
        store.read("SELECT count(*) FROM events")
    assert raised.value.code.name == "E022" and "sqlite3" in raised.value.message
    with pytest.raises(StoreError) as raised, open_store(path) as store:  # writable too
        store.write(make_coded("new"))
    assert raised.value.code.name == "E022"


def test_a_full_disk_is_e021_and_writing_goes_on_with_space(small_disk, make_coded):
    path = small_disk / "store.sqlite"
    text = "Russian troops attacked Ukrainian positions near Kharkiv on Monday. " * 300
    written = 0
    with open_store(path) as store:
        with pytest.raises(StoreError) as raised:
            for number in range(1000):
                store.write(make_coded(f"a{number}", text=text))
                written += 1
        assert raised.value.code.name == "E021"
        assert 0 < written < 1000
        assert _integrity(path) == "ok"
        subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True)
        assert store.write(make_coded(f"a{written}", text=text)) == "inserted"
        stored = store.read("SELECT count(*) AS n FROM articles")[0]["n"]
    assert stored == written + 1
    assert _integrity(path) == "ok"


def test_a_full_disk_when_opening_is_not_a_schema_error(small_disk):
    with (small_disk / "filler").open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:  # the disk is full
            pass
    with pytest.raises(StoreError) as raised:
        open_store(small_disk / "store.sqlite")
    assert raised.value.code.name in ("E021", "E023"), raised.value
    assert "schema version" not in raised.value.message
