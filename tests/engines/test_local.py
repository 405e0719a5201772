"""The local engine: ParallelCoder on worker processes, against the plain in-process Coder.

The tests with a stand-in task use the ``fork`` start method so the workers inherit this
module's functions; the real-coder test uses the default (forkserver) like the CLI does.
"""

import json
import os
import signal
import time
from pathlib import Path

import pytest

from attache.engines.local import ParallelCoder
from attache.engines.worker import code_batch
from attache.errors import AttacheError
from attache.model import Article, CodedArticle, Rejection

SAMPLE = Path(__file__).parents[2] / "src" / "attache" / "data" / "sample" / "wikinews-sample.jsonl"


def _sample_articles(limit: int) -> list[Article]:
    articles = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines()[:limit]:
        record = json.loads(line)
        first_paragraphs = "\n\n".join(record["text"].split("\n\n")[:3])
        articles.append(Article(record["id"], first_paragraphs, title=record.get("title")))
    return articles


def test_two_workers_code_like_the_plain_coder(coder, agency_story):
    items = [
        *_sample_articles(5),
        Rejection(None, "E007", "Input line 3 is not valid JSON: test", "news.jsonl:3"),
        Article("blank", "   \n  "),
        agency_story,
        *_sample_articles(9)[5:],
    ]
    expected = list(coder.code_stream(items, batch_size=3))
    with ParallelCoder(2, batch_size=3) as parallel:
        results = list(parallel.code_stream(items))
        assert len(parallel.worker_pids()) == 2
    assert [type(result) for result in results] == [type(result) for result in expected]
    assert results[5] == items[5]  # the reader's rejection passes through untouched
    assert results[6].code == "E003"  # the coder's own rejection
    for got, want in zip(results, expected, strict=True):
        if isinstance(want, CodedArticle):
            assert got.to_dict() == want.to_dict()
            assert got.events  # real articles, real events
        else:
            assert got == want


def test_code_batch_is_the_worker_contract(coder, agency_story):
    results = code_batch([agency_story, Rejection("x", "E003", "empty")])
    assert results[0].to_dict() == coder.code_article(agency_story).to_dict()
    assert results[1] == Rejection("x", "E003", "empty")


# -- stand-in tasks (module level, so workers can run them) ----------------------------


def mark_coded(items, stages):
    """Codes nothing: an empty CodedArticle per article, the worker's pid in its title."""
    return [
        item if isinstance(item, Rejection)
        else CodedArticle(Article(item.id, item.text, title=str(os.getpid())))
        for item in items
    ]


def crash_on_poison(items, stages):
    """Dies like an out-of-memory kill when a batch holds an article saying POISON."""
    if any(isinstance(item, Article) and "POISON" in item.text for item in items):
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.05)
    return mark_coded(items, stages)


def always_crash(items, stages):
    os.kill(os.getpid(), signal.SIGKILL)


def slow(items, stages):
    time.sleep(0.3)
    return mark_coded(items, stages)


def _articles(n: int, poison: set[int] = frozenset()) -> list[Article]:
    return [Article(f"a{i}", "POISON" if i in poison else f"Text {i}.") for i in range(n)]


def test_a_worker_crash_rejects_only_its_batch():
    items = _articles(20, poison={9})
    items.insert(3, Rejection(None, "E007", "bad line", "x.jsonl:4"))
    with ParallelCoder(2, batch_size=4, start_method="fork", task=crash_on_poison) as parallel:
        results = list(parallel.code_stream(items))
        again = list(parallel.code_stream(_articles(6)))  # the pool still works after
    assert [getattr(r, "article_id", None) or r.article.id for r in results[4:]] == [
        item.id for item in items[4:]
    ]
    assert results[3] == items[3]
    rejected = [r for r in results if isinstance(r, Rejection) and r.code == "E015"]
    # batches of four: [a0 a1 a2 rejection] [a3 .. a6] [a7 a8 a9 a10]: a9 kills the third
    assert [r.article_id for r in rejected] == ["a7", "a8", "a9", "a10"]
    assert "worker process stopped" in rejected[0].message
    assert sum(isinstance(r, CodedArticle) for r in results) == 16
    assert all(isinstance(r, CodedArticle) for r in again)


def test_workers_that_always_die_stop_the_run():
    with ParallelCoder(2, batch_size=2, start_method="fork", task=always_crash) as parallel:
        with pytest.raises(AttacheError) as caught:
            list(parallel.code_stream(_articles(20)))
    assert caught.value.code.name == "E015"


def test_input_is_read_only_as_batches_go_out():
    pulled = []

    def source():
        for item in _articles(200):
            pulled.append(item.id)
            yield item

    parallel = ParallelCoder(2, batch_size=5, in_flight=3, start_method="fork", task=mark_coded)
    with parallel:
        done = 0
        for result in parallel.code_stream(source()):
            assert result.article.id == f"a{done}"
            done += 1
            assert len(pulled) - done <= 3 * 5  # read but not yet handed back: 3 batches
    assert done == 200


def test_stopping_early_ends_the_workers():
    parallel = ParallelCoder(2, batch_size=1, start_method="fork", task=slow)
    with parallel:
        results = parallel.code_stream(_articles(50))
        next(results)
        pids = parallel.worker_pids()
        started = time.perf_counter()
        results.close()
        assert time.perf_counter() - started < 5
    assert pids and parallel.worker_pids() == []
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_one_worker_codes_in_this_process():
    with ParallelCoder(1, batch_size=4, task=mark_coded) as parallel:
        results = list(parallel.code_stream(_articles(10)))
        assert parallel.worker_pids() == []
    assert {result.article.title for result in results} == {str(os.getpid())}


@pytest.mark.parametrize("options", [{"workers": 0}, {"workers": 2, "batch_size": 0},
                                     {"workers": 2, "start_method": "teleport"}])
def test_bad_settings_are_coded_errors(options):
    with pytest.raises(AttacheError) as caught:
        ParallelCoder(**options)
    assert caught.value.code.name == "E011"
