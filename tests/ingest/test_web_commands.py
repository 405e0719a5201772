"""``attache fetch`` and ``attache watch`` as a user runs them: the real command, the real
coder and store, a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from news_site import ROBOTS, WEB, Route, sample_stories, serve_feed_of_stories

pytestmark = pytest.mark.slow  # subprocesses, servers or many runs: see pyproject's markers

FAST = ("--delay", "0", "--timeout", "2", "--retries", "0")


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
        return connection.execute(sql).fetchall()


def _count(db: Path, table: str) -> int:
    try:
        return _rows(db, f"SELECT count(*) FROM {table}")[0][0]
    except sqlite3.OperationalError:  # not created yet
        return 0


EVENTS = ("SELECT source_code, cameo_code, target_code, modality, evidence_text FROM events"
          " ORDER BY article_id, seq")


def test_fetch_codes_pages_reports_faults_and_recodes_from_its_archive(site, run_cli,
                                                                      tmp_path):
    story = site.page("/world/kharkiv.html", (WEB / "boilerplate-story.html").read_bytes())
    indonesian = site.page("/dunia/jakarta.html", (WEB / "indonesian.html").read_bytes())
    missing = site.url("/world/missing.html")
    db, archive = tmp_path / "live.sqlite", tmp_path / "archive"
    done = run_cli("fetch", story, missing, indonesian, "--db", db, "--archive", archive,
                   *FAST, "--contact", "ops@example.org")
    assert done.returncode == 3, done.stderr  # some pages failed
    assert f"rejected {missing}: [E031]" in done.stderr
    assert f"rejected {indonesian}: [E038] Language not supported" in done.stderr
    assert "3 pages fetched" not in done.stderr and "2 pages fetched" in done.stderr
    assert "ingested 1 article (1 inserted" in done.stderr and "Traceback" not in done.stderr
    assert site.requests("/world/kharkiv.html")[0].headers["User-Agent"].endswith(
        "+ops@example.org)")
    (article,) = _rows(db, "SELECT source, published, url FROM articles")
    assert article == ("The Daily Courier", "2023-01-16",
                       site.url("/world/2023/01/16/russian-troops-attack-kharkiv"))
    live_events = _rows(db, EVENTS)
    assert len(live_events) >= 2

    (warc,) = archive.glob("*.warc.gz")
    recoded_db = tmp_path / "recoded.sqlite"
    again = run_cli("ingest", archive, "--db", recoded_db, "--quiet")
    assert again.returncode == 3, again.stderr  # the Indonesian page is rejected again
    assert "[E038]" in again.stderr  # the Indonesian page was archived too
    assert _rows(recoded_db, EVENTS) == live_events
    assert len(site.requests()) == 4  # robots.txt and the three pages: nothing refetched


def test_fetch_exits_1_when_nothing_could_be_fetched(site, run_cli, tmp_path):
    done = run_cli("fetch", site.url("/a"), "ftp://127.0.0.1/b", "--db", tmp_path / "x.sqlite",
                   *FAST)
    assert done.returncode == 1
    assert "[E031]" in done.stderr and "[E035]" in done.stderr and "Traceback" not in done.stderr


def test_two_watch_once_passes_store_50_articles_then_ask_only_if_changed(site, run_cli,
                                                                          tmp_path):
    """The issue's bar, with the real command and coder."""
    site.add("/robots.txt", Route(ROBOTS, content_type="text/plain", etag='"robots-1"'))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# one feed\n{serve_feed_of_stories(site, sample_stories(50))}\n",
                     encoding="utf-8")
    db = tmp_path / "watch.sqlite"
    first = run_cli("watch", feeds, "--once", "--db", db, *FAST)
    assert first.returncode == 0, first.stderr
    assert "1 feeds polled (0 not modified, 0 failed), 50 new entries" in first.stderr
    assert "ingested 50 articles (50 inserted" in first.stderr
    assert _count(db, "articles") == 50 and _count(db, "events") > 50
    assert len(site.requests()) == 52
    site.clear_log()

    second = run_cli("watch", feeds, "--once", "--db", db, *FAST)
    assert second.returncode == 0, second.stderr
    assert "1 feeds polled (1 not modified, 0 failed), 0 new entries" in second.stderr
    assert "ingested 0 articles" in second.stderr
    requests = site.requests()
    assert [request.path for request in requests] == ["/robots.txt", "/feed.xml"]
    assert all(request.conditional and request.status == 304 for request in requests)
    assert _count(db, "articles") == 50


def test_watch_killed_with_sigkill_loses_nothing_already_coded(site, attache_command,
                                                              tmp_path):
    """kill -9 in the middle of a pass, then the same command again: every entry is stored
    once, what was stored before the kill is untouched, and only the page being coded when
    it died is fetched twice."""
    feed = serve_feed_of_stories(site, sample_stories(40), delay=0.05)
    db = tmp_path / "watch.sqlite"
    command = [str(attache_command), "watch", feed, "--once", "--db", str(db), *FAST]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(db, "articles") < 8:
        assert process.poll() is None and time.monotonic() < deadline, "no progress"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    before = dict(_rows(db, "SELECT id, coded_at FROM articles"))
    assert 8 <= len(before) < 40

    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "1 feeds polled (1 not modified, 0 failed)" in done.stderr
    after = dict(_rows(db, "SELECT id, coded_at FROM articles"))
    assert len(after) == 40 and {key: after[key] for key in before} == before
    assert _rows(db, "SELECT count(*) FROM feed_entries WHERE done_at IS NULL") == [(0,)]
    pages = [request.path for request in site.requests() if request.path.startswith("/news/")]
    twice = {path for path in pages if pages.count(path) > 1}
    assert len(twice) <= 1 and len(set(pages)) == 40


def _interrupt_by_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_watch_every_polls_until_interrupted(site, attache_command, tmp_path):
    feed = site.add("/feed.xml", Route(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>',
        content_type="application/rss+xml", etag='"quiet"'))
    command = [str(attache_command), "watch", feed, "--every", "0.3s",
               "--db", str(tmp_path / "w.sqlite"), *FAST]
    # as from a terminal: a shell's background job (CI started with "&", nohup) would pass
    # on an ignored SIGINT, and the interrupt below would never arrive
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, preexec_fn=_interrupt_by_default)
    deadline = time.monotonic() + 60
    # the fourth request starts pass 4: pass 3 has written its report by then
    while len(site.requests("/feed.xml")) < 4:
        assert process.poll() is None and time.monotonic() < deadline, "no fourth pass"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130 and "attache: interrupted" in stderr
    assert "pass 1: 1 feeds polled (0 not modified, 0 failed)" in stderr
    assert "pass 3: 1 feeds polled (1 not modified, 0 failed)" in stderr
    assert [r.status for r in site.requests("/feed.xml")][:3] == [200, 304, 304]


def test_watch_needs_every_or_once_and_a_readable_feed_list(run_cli, tmp_path):
    db = tmp_path / "x.sqlite"
    neither = run_cli("watch", "feeds.txt", "--db", db)
    assert neither.returncode == 2 and "--every" in neither.stderr
    bad = run_cli("watch", "feeds.txt", "--every", "soon", "--db", db)
    assert bad.returncode == 2 and "'soon' is not a duration" in bad.stderr
    missing = run_cli("watch", tmp_path / "missing.txt", "--once", "--db", db)
    assert missing.returncode == 1 and "[E013]" in missing.stderr
    negative = run_cli("watch", tmp_path / "missing.txt", "--once", "--db", db, "--delay", "-1")
    assert negative.returncode == 1 and "[E011]" in negative.stderr


def test_an_interrupt_swallowed_during_a_pass_still_ends_watch(run_cli, monkeypatch, tmp_path):
    # Ctrl-C that lands in a finalizer (a closed connection's, during a pass) is only printed
    # by Python ("Exception ignored in ..."); watch must still stop at the wait that follows
    import attache.ingest.live as live

    passes = []

    def pass_hit_by_a_lost_interrupt(*args, **kwargs):
        assert not passes, "a second pass: the interrupt was lost"
        passes.append(1)
        try:
            signal.getsignal(signal.SIGINT)(signal.SIGINT, None)
        except KeyboardInterrupt:
            pass  # what the finalizer machinery does with it
        return live.WebReport()

    monkeypatch.setattr(live, "poll_feeds", pass_hit_by_a_lost_interrupt)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://example.org/feed.xml\n", encoding="utf-8")
    done = run_cli("watch", feeds, "--every", "0.5s", "--db", tmp_path / "w.sqlite")
    assert done.returncode == 130 and "interrupted" in done.stderr
    assert passes == [1]
