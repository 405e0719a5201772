"""Fetching pages and polling feeds into a real store, against a real HTTP server on
127.0.0.1, with the hand-building coder of conftest (the real coder codes in
``test_web_pages.py`` and ``test_web_commands.py``)."""

from __future__ import annotations

import pytest
from news_site import (
    ROBOTS,
    WEB,
    Route,
    html_page,
    rss_feed,
    sample_stories,
    serve_feed_of_stories,
)

from attache.errors import WebError
from attache.ingest import read_inputs
from attache.ingest.archive import WebArchive
from attache.ingest.fetch import FetchSettings
from attache.ingest.live import LazyCoder, fetch_pages, poll_feeds, watch
from attache.model import Article


@pytest.fixture
def new_coder(fake_coder):
    """Makes fresh stand-in coders (conftest's ``FakeCoder``, which hand-builds records)."""
    return type(fake_coder)


FAST = FetchSettings(delay=0.0, timeout=0.5, retries=1, backoff=0.01,
                     max_bytes=2 * 1024 * 1024)


def _story(number: int) -> str:
    return html_page(f"Story {number}", [
        f"Russian troops attacked Ukrainian positions near village number {number} on Monday.",
        f"The United States condemned attack number {number}, officials said.",
    ])


def _count(store, table: str, where: str = "1") -> int:
    return store.read(f"SELECT count(*) AS n FROM {table} WHERE {where}")[0]["n"]


def _rejections(store) -> dict[str, str]:
    return {row["location"]: row["code"]
            for row in store.read("SELECT location, code FROM rejections")}


def test_two_passes_over_a_50_item_feed_store_50_then_ask_only_if_changed(site, store, new_coder):
    """The issue's bar: the second pass makes only conditional requests and stores nothing."""
    site.add("/robots.txt", Route(ROBOTS, content_type="text/plain", etag='"robots-1"'))
    feed = serve_feed_of_stories(site, sample_stories(50))
    coder = new_coder()
    first = poll_feeds(store, [feed], coder, settings=FAST)
    assert first.new_entries == 50 and first.pages == 50 and first.articles.inserted == 50
    assert _count(store, "articles") == 50 and len(coder.coded_ids) == 50
    assert _count(store, "feed_entries", "outcome = 'inserted' AND done_at IS NOT NULL") == 50
    site.clear_log()

    second = poll_feeds(store, [feed], coder, settings=FAST)
    requests = site.requests()
    assert [request.path for request in requests] == ["/robots.txt", "/feed.xml"]
    assert all(request.conditional and request.status == 304 for request in requests)
    assert second.feeds_not_modified == 1 and second.new_entries == 0 and second.pages == 0
    assert second.articles.articles == 0 and len(coder.coded_ids) == 50
    assert _count(store, "articles") == 50


def test_a_changed_feed_brings_only_its_new_entries(site, store, new_coder):
    stories = sample_stories(12)
    feed = serve_feed_of_stories(site, stories[:10])
    poll_feeds(store, [feed], new_coder(), settings=FAST)
    serve_feed_of_stories(site, stories)  # two more items, and a new ETag
    site.routes["/feed.xml"].etag = '"feed-v2"'
    site.clear_log()
    report = poll_feeds(store, [feed], new_coder(), settings=FAST)
    assert report.new_entries == 2 and report.articles.inserted == 2
    assert sorted(r.path for r in site.requests() if r.path.startswith("/news/")) == [
        "/news/story-10.html", "/news/story-11.html"]


def test_every_fault_gives_a_coded_error_and_the_pass_completes(site, store, new_coder):
    """The issue's fault fixtures, in one feed and beside it: each one is a stored rejection
    with its own code, and every good page around them is stored."""
    site.add("/robots.txt", Route(ROBOTS, content_type="text/plain"))
    good = [site.page(f"/news/good-{n}.html", _story(n)) for n in range(2)]
    latin = html_page("Ivory Coast", ["Côte d’Ivoire’s president met Ghana’s leader on Friday.",
                                      "The United States welcomed the talks, officials said."])
    site.page("/news/latin.html",  # declared in the page only
              latin.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252"),
              content_type="text/html")
    site.add("/news/broken.html", Route(b"oops", 500, "text/plain"))
    site.add("/news/slow.html", Route(_story(9).encode(), delay=2.0))
    site.add("/loop/a", Route(status=302, location="/loop/b"))
    site.add("/loop/b", Route(status=302, location="/loop/a"))
    site.add("/news/huge.html", Route(b"<p>" + b"w " * (10 * 1024 * 1024) + b"</p>",
                                      send_length=False))
    site.page("/no-attache/story.html", _story(7))
    site.page("/news/indonesian.html", (WEB / "indonesian.html").read_bytes())
    site.page("/news/menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    paths = ["/news/good-0.html", "/news/missing.html", "/news/broken.html",
             "/news/slow.html", "/loop/a", "/news/huge.html", "/no-attache/story.html",
             "/news/indonesian.html", "/news/menu.html", "/news/latin.html",
             "/news/good-1.html"]
    feed = site.add("/feed.xml", Route(rss_feed(site, [(p, p, None) for p in paths]),
                                       content_type="application/rss+xml"))
    malformed = site.add("/malformed.xml", Route(b"<rss><channel><title>Cut",
                                                 content_type="application/rss+xml"))
    missing_feed = site.url("/gone.xml")
    settings = FetchSettings(delay=0.0, timeout=0.3, retries=1, backoff=0.01,
                             max_bytes=1024 * 1024)

    report = poll_feeds(store, [malformed, missing_feed, feed], new_coder(), settings=settings)

    assert _rejections(store) == {
        malformed: "E036",
        missing_feed: "E031",
        site.url("/news/missing.html"): "E031",
        site.url("/news/broken.html"): "E030",
        site.url("/news/slow.html"): "E030",
        site.url("/loop/a"): "E034",
        site.url("/news/huge.html"): "E033",
        site.url("/no-attache/story.html"): "E032",
        site.url("/news/indonesian.html"): "E038",
        site.url("/news/menu.html"): "E037",
    }
    stored = store.read("SELECT url, text FROM articles ORDER BY url")
    assert [row["url"] for row in stored] == [*good, site.url("/news/latin.html")]
    assert "Côte d’Ivoire’s" in stored[-1]["text"]
    assert report.feeds == 3 and report.feeds_failed == 2 and not report.fetched_nothing
    assert report.failed == 8 and report.pages == 5  # 2 of them not stories
    assert report.articles.inserted == 3 and report.articles.rejected == 10
    assert site.requests("/no-attache/story.html") == []
    outcomes = {row["link"]: (row["outcome"], row["done_at"] is not None)
                for row in store.read("SELECT link, outcome, done_at FROM feed_entries")}
    assert outcomes[site.url("/news/broken.html")] == ("E030", False)  # tried again later
    assert outcomes[site.url("/news/missing.html")] == ("E031", True)
    assert outcomes[good[0]] == ("inserted", True)


def test_a_failure_for_now_is_tried_again_and_its_rejection_cleared(site, store, new_coder):
    site.add("/news/a.html", Route(b"busy", 503, "text/plain"))
    feed = site.add("/feed.xml", Route(rss_feed(site, [("/news/a.html", "A", None)]),
                                       content_type="application/rss+xml", etag='"f1"'))
    poll_feeds(store, [feed], new_coder(), settings=FAST)
    assert _rejections(store) == {site.url("/news/a.html"): "E030"}
    site.page("/news/a.html", _story(1))  # the server is back
    report = poll_feeds(store, [feed], new_coder(), settings=FAST)
    assert report.feeds_not_modified == 1 and report.articles.inserted == 1
    assert _rejections(store) == {} and _count(store, "articles") == 1


def test_a_page_failing_for_now_is_tried_max_attempts_times(site, store, new_coder):
    site.add("/news/a.html", Route(b"busy", 503, "text/plain"))
    feed = site.add("/feed.xml", Route(rss_feed(site, [("/news/a.html", "A", None)]),
                                       content_type="application/rss+xml", etag='"f1"'))
    for _ in range(4):
        poll_feeds(store, [feed], new_coder(), settings=FAST, max_attempts=3)
    assert len(site.requests("/news/a.html")) == 3 * (FAST.retries + 1)
    assert store.read("SELECT attempts FROM feed_entries") == [{"attempts": 3}]


def test_the_feed_date_and_title_stand_in_for_the_page(site, store, new_coder):
    site.page("/news/a.html", "<html><body><div><p>Iran closed the strait on Monday, officials"
              " said.</p><p>Britain condemned the move.</p></div></body></html>")
    feed = site.add("/feed.xml", Route(rss_feed(site, [
        ("/news/a.html", "Iran closes strait", "Tue, 05 Mar 2024 08:00:00 GMT")]),
        content_type="application/rss+xml"))
    poll_feeds(store, [feed], new_coder(), settings=FAST)
    (row,) = store.read("SELECT title, published FROM articles")
    assert row == {"title": "Iran closes strait", "published": "2024-03-05"}


def test_an_entry_already_stored_is_not_fetched_again(site, store, new_coder):
    url = site.page("/news/a.html", _story(1))
    items = [("/news/a.html", "A", None)]
    feeds = [site.add(f"/feed-{n}.xml", Route(rss_feed(site, items),
                                              content_type="application/rss+xml"))
             for n in range(2)]
    fetch_pages(store, [url], new_coder(), settings=FAST)  # stored before any feed lists it
    report = poll_feeds(store, feeds, new_coder(), settings=FAST)
    assert report.known == 2 and report.pages == 0
    assert len(site.requests("/news/a.html")) == 1


def test_links_to_one_canonical_url_are_one_article_coded_once(site, store, new_coder):
    html = _story(1).replace("</title>", '</title><link rel="canonical" href="/news/a.html">')
    links = [site.page(f"/news/a.html?utm_source={n}", html) for n in range(2)]
    coder = new_coder()
    report = fetch_pages(store, links, coder, settings=FAST)
    assert report.articles.inserted == 1 and report.articles.unchanged == 1
    assert len(coder.coded_ids) == 1
    assert store.read("SELECT url FROM articles") == [{"url": site.url("/news/a.html")}]


def test_the_same_story_at_another_address_is_a_duplicate_not_coded_again(site, store, new_coder):
    first = site.page("/news/a.html", _story(1))
    second = site.page("/amp/a.html", _story(1))
    coder = new_coder()
    report = fetch_pages(store, [first, second], coder, settings=FAST)
    assert report.duplicates == 1 and report.articles.inserted == 1 and len(coder.coded_ids) == 1
    assert store.read("SELECT article_id FROM web_resources WHERE url = ?", [second]) == [
        {"article_id": coder.coded_ids[0]}]


def test_a_page_answers_304_on_the_second_fetch_and_a_changed_one_is_replaced(site, store,
                                                                                  new_coder):
    url = site.page("/news/a.html", _story(1), etag='"v1"')
    fetch_pages(store, [url], new_coder(), settings=FAST)
    again = fetch_pages(store, [url], new_coder(), settings=FAST)
    assert again.not_modified == 1 and again.articles.articles == 0
    assert site.requests("/news/a.html")[-1].headers["If-None-Match"] == '"v1"'
    site.page("/news/a.html", _story(1).replace("Monday", "Tuesday"), etag='"v2"')
    changed = fetch_pages(store, [url], new_coder(), settings=FAST)
    assert changed.articles.replaced == 1 and _count(store, "articles") == 1


def test_a_pass_stopped_midway_loses_nothing_and_the_next_one_finishes(site, store, new_coder):
    """What kill -9 does between two writes: the articles stored stay, the entries not
    done are still pending although the feed now answers 304, and nothing is coded twice."""
    feed = serve_feed_of_stories(site, sample_stories(30))

    class Interrupted(new_coder):
        def code_stream(self, items, batch_size=16):
            for item in items:
                if len(self.coded_ids) == 12:
                    raise KeyboardInterrupt
                yield from super().code_stream([item], batch_size)

    with pytest.raises(KeyboardInterrupt):
        poll_feeds(store, [feed], Interrupted(), settings=FAST)
    assert _count(store, "articles") == 12
    stored_before = store.read("SELECT id, coded_at FROM articles ORDER BY id")
    coder = new_coder()
    report = poll_feeds(store, [feed], coder, settings=FAST)
    assert report.feeds_not_modified == 1 and report.articles.inserted == 18
    assert len(coder.coded_ids) == 18 and _count(store, "articles") == 30
    kept = store.read(f"SELECT id, coded_at FROM articles WHERE id IN "
                      f"({','.join('?' * 12)}) ORDER BY id", [r["id"] for r in stored_before])
    assert kept == stored_before
    refetched = [path for path in {r.path for r in site.requests()}
                 if len(site.requests(path)) > 1 and path.startswith("/news/")]
    assert refetched == ["/news/story-12.html"]  # the one being coded when it stopped


def test_the_archive_recodes_to_the_articles_the_live_run_stored(site, store, tmp_path, new_coder):
    feed = serve_feed_of_stories(site, sample_stories(5))
    site.page("/news/story-4.html", "<html><body><p>" + "Russia attacked Ukraine on Monday. "
              * 3 + "</p></body></html>")  # no date in the page: the feed's date is used
    site.routes["/feed.xml"] = Route(rss_feed(site, [
        (f"/news/story-{n}.html", f"Title {n}", "Tue, 05 Mar 2024 08:00:00 GMT")
        for n in range(5)]), content_type="application/rss+xml")
    with WebArchive(tmp_path / "archive") as archive:
        poll_feeds(store, [feed], new_coder(), settings=FAST, archive=archive)
    columns = "id, title, text, published, source, url"
    live = store.read(f"SELECT {columns} FROM articles ORDER BY id")
    recoded = sorted((item for item in read_inputs([tmp_path / "archive"])),
                     key=lambda article: article.id)
    assert all(isinstance(item, Article) for item in recoded)
    assert [(a.id, a.title, a.text, a.published.isoformat(), a.source, a.url)
            for a in recoded] == [tuple(row.values()) for row in live]
    assert "2024-03-05" in {row["published"] for row in live}


def test_a_pass_where_nothing_is_new_never_builds_the_coder(site, store, new_coder):
    feed = serve_feed_of_stories(site, sample_stories(3))
    built = []

    def factory():
        built.append(new_coder())
        return built[-1]

    poll_feeds(store, [feed], LazyCoder(factory), settings=FAST)
    poll_feeds(store, [feed], LazyCoder(factory), settings=FAST)
    site.routes["/feed.xml"].status = 404
    poll_feeds(store, [feed], LazyCoder(factory), settings=FAST)  # a rejection only
    assert len(built) == 1 and len(built[0].coded_ids) == 3


def test_watch_polls_every_so_often_and_rereads_the_feed_list(site, store, new_coder):
    feeds = [serve_feed_of_stories(site, sample_stories(2))]
    asked, slept, reports = [], [], []

    def feed_list():
        asked.append(1)
        return feeds

    watch(store, feed_list, new_coder(), every=900.0, passes=3, settings=FAST,
          sleep=slept.append, on_pass=reports.append, clock=lambda: 50.0)
    assert len(asked) == 3 and slept == [900.0, 900.0]
    assert [report.articles.inserted for report in reports] == [2, 0, 0]
    assert [report.feeds_not_modified for report in reports] == [0, 1, 1]


def test_an_archive_that_cannot_be_written_stops_the_run(site, store, tmp_path, new_coder):
    url = site.page("/news/a.html", _story(1))
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(WebError) as caught:
        fetch_pages(store, [url], new_coder(), settings=FAST,
                    archive=WebArchive(tmp_path / "file" / "archive"))
    assert caught.value.code.name == "E039"

