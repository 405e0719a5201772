"""The Dask engine gives the same records as the local engine, and a rerun codes nothing
twice. One local ingest and one LocalCluster (2 worker processes) serve the module."""

import json
from importlib import resources
from itertools import islice
from pathlib import Path

import pytest

from attache.engines.dask import WORKER_SETTINGS, ingest_dask
from attache.errors import AttacheError, ErrorCode
from attache.ingest import read_inputs
from attache.store import ingest, open_store
from attache.store.parquet import DATASETS, read_done_ids, read_rejection_keys

pytestmark = pytest.mark.slow  # subprocesses, servers or many runs: see pyproject's markers

ARTICLES = 20


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The first 20 Wikinews sample articles, and one line that is not JSON."""
    source = resources.files("attache").joinpath("data/sample/wikinews-sample.jsonl")
    lines = list(islice(source.read_text(encoding="utf-8").splitlines(), ARTICLES))
    path = tmp_path_factory.mktemp("input") / "sample.jsonl"
    path.write_text("\n".join([*lines[:5], "{not json", *lines[5:]]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def both(sample, tmp_path_factory, coder):
    """The sample ingested by the local engine (SQLite) and the Dask engine (Parquet)."""
    folder = tmp_path_factory.mktemp("engines")
    with open_store(folder / "local.sqlite") as store:
        local = ingest(store, read_inputs([sample]), coder)
    progress = []
    dask = ingest_dask([sample], folder / "parquet", workers=2, partition_size=6,
                       on_progress=lambda report, items: progress.append(items))
    return folder, local, dask, progress


def test_dask_and_local_engines_give_identical_records(both, sqlite_rows, parquet_rows):
    folder, local, dask, progress = both
    assert (dask.inserted, dask.rejected, dask.events, dask.events_all) == (
        local.inserted, local.rejected, local.events, local.events_all)
    assert dask.inserted == ARTICLES and dask.rejected == 1 and dask.events > 100
    assert sum(progress) == ARTICLES + 1 and len(progress) == 4  # 21 items in partitions of 6
    with open_store(folder / "local.sqlite") as store:
        for table in DATASETS:
            expected = sqlite_rows(store, table)
            assert expected, f"the sample should fill {table}"
            assert parquet_rows(folder / "parquet", table) == expected, table


def test_a_rerun_codes_nothing_twice(both, sample):
    folder = both[0] / "parquet"
    files = sorted(folder.rglob("*.parquet"))
    again = ingest_dask([sample], folder, workers=2)
    assert (again.inserted, again.unchanged, again.replaced) == (0, ARTICLES, 0)
    assert again.rejected == 1  # the bad line is read again, but not stored again
    assert sorted(folder.rglob("*.parquet")) == files
    assert len(read_done_ids(folder)) == ARTICLES
    assert len(read_rejection_keys(folder)) == 1


def test_existing_scheduler_codes_only_new_and_changed_articles(both, sample, tmp_path):
    import dask
    from distributed import LocalCluster

    folder = both[0] / "parquet"
    lines = sample.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    changed = {**first, "title": "A corrected title"}
    new = {**first, "id": "new-article"}
    path = tmp_path / "more.jsonl"
    path.write_text("\n".join([*lines, json.dumps(new)]) + "\n", encoding="utf-8")
    path.write_text(path.read_text().replace(lines[0], json.dumps(changed)), encoding="utf-8")
    with (
        dask.config.set(WORKER_SETTINGS),  # keeps Dask's MALLOC_TRIM out of this process
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                     dashboard_address=None) as cluster,
    ):
        report = ingest_dask([path], folder, scheduler=cluster.scheduler_address)
    assert (report.inserted, report.replaced, report.unchanged) == (1, 1, ARTICLES - 1)
    assert len(read_done_ids(folder)) == ARTICLES + 2  # the old version of one stays too


def test_the_cli_runs_the_dask_engine(both, sample, run_cli, tmp_path):
    folder = both[0] / "parquet"
    done = run_cli("ingest", sample, "--engine", "dask", "--out", folder, "--quiet")
    assert done.returncode == 3, done.stderr  # stored, with the sample's one bad line rejected
    assert "ingested 20 articles (0 inserted, 20 unchanged, 0 replaced)" in done.stderr
    assert run_cli("ingest", sample, "--engine", "dask", "--quiet").returncode == 2  # no --out
    assert run_cli("ingest", sample, "--out", folder).returncode == 2  # local needs --db


def test_bad_settings_and_unreachable_scheduler_are_e011(tmp_path, sample):
    import dask
    import distributed  # noqa: F401  its defaults must be loaded before config.set: a
    # "distributed" key that set() creates is removed whole when the block ends, with the
    # defaults an import inside the block merged into it (KeyError 'comm' in later tests)

    with pytest.raises(AttacheError) as raised:
        ingest_dask([sample], tmp_path / "out", workers=0)
    assert raised.value.code == ErrorCode.E011
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(AttacheError) as raised:
            ingest_dask([sample], tmp_path / "out", scheduler="tcp://127.0.0.1:9")
    assert raised.value.code == ErrorCode.E011
