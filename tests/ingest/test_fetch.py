"""PoliteClient against a real HTTP server on 127.0.0.1: who it says it is, robots.txt,
conditional requests, retries, timeouts, redirects, size limits and the per-site delay."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
from news_site import ROBOTS, Route

from attache.errors import WebError
from attache.ingest.fetch import FetchSettings, PoliteClient, Validators

FAST = FetchSettings(delay=0.0, timeout=0.5, retries=1, backoff=0.01)
"""Small times so no test waits: the defaults are seconds."""


class FakeTime:
    """A clock that only moves when the client sleeps, recording each wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))
        self.now += seconds


def _fails(client: PoliteClient, url: str) -> WebError:
    with pytest.raises(WebError) as caught:
        client.get(url)
    return caught.value


def test_a_page_comes_with_headers_and_the_request_names_attache(site):
    url = site.page("/news/a.html", "<html><body><p>Hello</p></body></html>")
    with PoliteClient(FetchSettings(delay=0.0, user_agent="attache/9 (test; +ops@example.org)")
                      ) as client:
        response = client.get(url)
    assert response.status == 200 and response.body.startswith(b"<html>")
    assert response.final_url == url and response.header("content-type").startswith("text/html")
    page_request = site.requests("/news/a.html")[0]
    assert page_request.headers["User-Agent"] == "attache/9 (test; +ops@example.org)"
    assert site.requests()[0].path == "/robots.txt"  # asked first, once


def test_the_default_user_agent_names_attache_and_robots():
    agent = FetchSettings().user_agent
    assert agent.startswith("attache/") and "robots.txt" in agent


def test_validators_make_the_request_conditional_and_a_304_has_no_body(site):
    url = site.page("/news/a.html", "<p>x</p>", etag='"v1"')
    with PoliteClient(FAST) as client:
        first = client.get(url)
        again = client.get(url, first.validators)
        by_date = client.get(url, Validators(last_modified=first.header("Last-Modified")))
    assert first.validators.etag == '"v1"' and first.validators.last_modified
    assert again.not_modified and again.body == b"" and by_date.not_modified
    conditional = site.requests("/news/a.html")[1]
    assert conditional.headers["If-None-Match"] == '"v1"' and conditional.status == 304


def test_robots_txt_disallowing_a_path_means_no_request_for_it(site):
    site.add("/robots.txt", Route(ROBOTS, content_type="text/plain"))
    private = site.page("/private/secret.html", "<p>secret</p>")
    only_us = site.page("/no-attache/x.html", "<p>x</p>")
    public = site.page("/news/ok.html", "<p>ok</p>")
    with PoliteClient(FAST) as client:
        assert client.get(public).status == 200
        # the "attache" group replaces "*": /private/ is allowed to attache, /no-attache/ not
        assert client.get(private).status == 200
        error = _fails(client, only_us)
    assert error.code.name == "E032" and "/robots.txt" in error.message
    assert site.requests("/no-attache/x.html") == []
    assert len(site.requests("/robots.txt")) == 1  # read once per client


def test_a_robots_txt_that_cannot_be_read_disallows_for_now(site):
    site.add("/robots.txt", Route(b"down", 503, "text/plain"))
    url = site.page("/news/a.html", "<p>x</p>")
    with PoliteClient(FAST) as client:
        error = _fails(client, url)
    assert error.code.name == "E030" and error.transient and "robots.txt" in error.message
    assert site.requests("/news/a.html") == []


def test_robots_txt_is_asked_for_conditionally_when_remembered(site):
    site.add("/robots.txt", Route(ROBOTS, content_type="text/plain", etag='"r1"'))
    url = site.page("/no-attache/x.html", "<p>x</p>")

    class Memory:
        def __init__(self):
            self.kept = {}

        def robots(self, robots_url):
            return self.kept.get(robots_url)

        def save_robots(self, robots_url, text, validators):
            self.kept[robots_url] = (text, validators)

    memory = Memory()
    for _ in range(2):
        with PoliteClient(FAST, robots_memory=memory) as client:
            assert _fails(client, url).code.name == "E032"  # the kept copy still applies
    first, second = site.requests("/robots.txt")
    assert first.status == 200 and second.status == 304
    assert second.headers["If-None-Match"] == '"r1"'


def test_404_is_e031_at_once_and_500_is_retried_then_e030(site):
    missing = site.url("/news/missing.html")
    broken = site.add("/news/broken.html", Route(b"oops", 500, "text/plain"))
    with PoliteClient(FetchSettings(delay=0.0, retries=2, backoff=0.01)) as client:
        not_found = _fails(client, missing)
        server_error = _fails(client, broken)
    assert not_found.code.name == "E031" and "404" in not_found.message
    assert not not_found.transient and len(site.requests("/news/missing.html")) == 1
    assert server_error.code.name == "E030" and server_error.transient
    assert "HTTP 500" in server_error.message and "3 tries" in server_error.message
    assert len(site.requests("/news/broken.html")) == 3


def test_retries_back_off_and_honour_retry_after(site):
    busy = site.add("/busy", Route(b"busy", 503, "text/plain", headers={"Retry-After": "7"}))
    time = FakeTime()
    settings = FetchSettings(delay=0.0, retries=3, backoff=2.0, max_backoff=30.0)
    with PoliteClient(settings, sleep=time.sleep, clock=time.clock) as client:
        assert _fails(client, busy).code.name == "E030"
    assert time.waits == [7.0, 7.0, 8.0]  # max(Retry-After, 2 * 2**n), 3 retries


def test_a_slow_answer_times_out(site):
    slow = site.add("/news/slow.html", Route(b"<p>late</p>", delay=2.0))
    with PoliteClient(FetchSettings(delay=0.0, timeout=0.2, retries=0)) as client:
        error = _fails(client, slow)
    assert error.code.name == "E030" and "no answer within 0.2 s" in error.message


def test_a_redirect_is_followed_and_a_loop_is_e034(site):
    target = site.page("/news/new.html", "<p>moved here</p>")
    site.add("/news/old.html", Route(status=301, location="/news/new.html"))
    site.add("/loop/a", Route(status=302, location=site.url("/loop/b")))
    site.add("/loop/b", Route(status=302, location="/loop/a"))
    for hop in range(8):
        site.add(f"/chain/{hop}", Route(status=307, location=f"/chain/{hop + 1}"))
    with PoliteClient(FAST) as client:
        moved = client.get(site.url("/news/old.html"))
        loop = _fails(client, site.url("/loop/a"))
        chain = _fails(client, site.url("/chain/0"))
    assert moved.final_url == target and moved.body == b"<p>moved here</p>"
    assert moved.url == site.url("/news/old.html")
    assert loop.code.name == "E034" and "redirect loop" in loop.message
    assert chain.code.name == "E034" and "more than 5 redirects" in chain.message
    assert len(site.requests("/loop/a")) == 1 and site.requests("/chain/6") == []


def test_only_http_and_https_are_fetched(site):
    site.add("/to-ftp", Route(status=302, location="ftp://127.0.0.1/file.txt"))
    with PoliteClient(FAST) as client:
        for url in ("ftp://127.0.0.1/file.txt", "file:///etc/passwd", "javascript:alert(1)",
                    "http://", site.url("/to-ftp")):
            error = _fails(client, url)
            assert error.code.name == "E035", url


@pytest.mark.parametrize("send_length", [True, False], ids=["declared", "streamed"])
def test_a_20_mb_page_is_e033_without_reading_it_all(site, send_length):
    big = b"<html><body>" + b"<p>word word word word</p>\n" * (20 * 1024 * 1024 // 26) + b"</body>"
    url = site.add("/news/huge.html", Route(big, send_length=send_length))
    with PoliteClient(FetchSettings(delay=0.0, max_bytes=1024 * 1024)) as client:
        error = _fails(client, url)
    assert error.code.name == "E033" and "1,048,576 bytes" in error.message


def test_the_size_limit_counts_decompressed_bytes(site):
    bomb = gzip.compress(b"<p>" + b"a" * (4 * 1024 * 1024) + b"</p>")
    url = site.add("/news/bomb.html", Route(bomb, headers={"Content-Encoding": "gzip"}))
    small = site.add("/news/small.html",
                     Route(gzip.compress(b"<p>fine</p>"), headers={"Content-Encoding": "gzip"}))
    with PoliteClient(FetchSettings(delay=0.0, max_bytes=1024 * 1024)) as client:
        assert client.get(small).body == b"<p>fine</p>"
        assert _fails(client, url).code.name == "E033"
    assert len(bomb) < 1024 * 1024  # small on the wire


def test_one_site_waits_its_delay_and_the_robots_crawl_delay(site):
    site.add("/robots.txt", Route(b"User-agent: *\nCrawl-delay: 3\n", content_type="text/plain"))
    urls = [site.page(f"/news/{n}.html", f"<p>{n}</p>") for n in range(3)]
    time = FakeTime()
    with PoliteClient(FetchSettings(delay=1.0), sleep=time.sleep, clock=time.clock) as client:
        for url in urls:
            client.get(url)
    # robots.txt (the first request to the site: no wait), then each page the Crawl-delay
    assert time.waits == [3.0, 3.0, 3.0]


def test_the_delay_is_per_site(site):
    other_origin = site.url("/news/x.html").replace("127.0.0.1", "localhost")
    here = site.page("/news/x.html", "<p>x</p>")
    time = FakeTime()
    with PoliteClient(FetchSettings(delay=5.0), sleep=time.sleep, clock=time.clock) as client:
        client.get(here)
        client.get(other_origin)
    assert time.waits == [5.0, 5.0]  # robots.txt then the page, on each site; never across


def test_a_connection_refused_is_transient(site):
    url = site.url("/news/x.html")
    site.stop()
    with PoliteClient(FetchSettings(delay=0.0, retries=0)) as client:
        error = _fails(client, url)
    assert error.code.name == "E030" and error.transient


def test_validators_headers():
    when = datetime(2023, 1, 16, tzinfo=UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert Validators('"a"', when).headers() == {"If-None-Match": '"a"',
                                                 "If-Modified-Since": when}
    assert Validators().headers() == {}
