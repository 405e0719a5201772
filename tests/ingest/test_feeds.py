"""Feeds of every common format read with feedparser; malformed ones are E036."""

from __future__ import annotations

from datetime import date

import pytest

from attache.errors import InputError, WebError
from attache.ingest.feeds import FeedEntry, parse_feed, read_feed_list

FEED_URL = "http://127.0.0.1:8000/feeds/world.xml"

RSS_20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>World</title><link>http://127.0.0.1:8000/</link>
<item><title>Talks in Geneva</title><link>/news/geneva.html</link>
  <guid isPermaLink="false">geneva-1</guid><pubDate>Mon, 16 Jan 2023 23:30:00 -0500</pubDate></item>
<item><title>No date here</title><link>http://127.0.0.1:8000/news/nodate.html</link></item>
<item><title>A link-less item</title><description>Just text</description></item>
<item><title>Talks in Geneva</title><link>/news/geneva.html</link>
  <guid isPermaLink="false">geneva-1</guid></item>
</channel></rss>"""

RSS_091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<link>http://127.0.0.1:8000/</link><description>d</description>
<item><title>Old style</title><link>http://127.0.0.1:8000/old.html</link></item>
</channel></rss>"""

RSS_10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://127.0.0.1:8000/"><title>RDF</title><link>http://127.0.0.1:8000/</link>
<description>d</description></channel>
<item rdf:about="http://127.0.0.1:8000/rdf.html"><title>RDF item</title>
<link>http://127.0.0.1:8000/rdf.html</link><dc:date>2023-02-01T10:00:00Z</dc:date></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:feed</id>
<updated>2023-03-01T00:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:entry:1</id><link href="/atom/1.html"/>
<published>2023-03-01T08:00:00+02:00</published><updated>2023-03-02T00:00:00Z</updated></entry>
</feed>"""


def test_rss_20_entries_with_absolute_links_dates_and_no_repeats():
    entries = parse_feed(RSS_20, FEED_URL, "application/rss+xml")
    assert entries == [
        FeedEntry("geneva-1", "http://127.0.0.1:8000/news/geneva.html", "Talks in Geneva",
                  date(2023, 1, 17)),  # 23:30 at UTC-5 is the 17th in UTC
        FeedEntry("http://127.0.0.1:8000/news/nodate.html",
                  "http://127.0.0.1:8000/news/nodate.html", "No date here", None),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (RSS_091, FeedEntry("http://127.0.0.1:8000/old.html", "http://127.0.0.1:8000/old.html",
                            "Old style")),
        (RSS_10, FeedEntry("http://127.0.0.1:8000/rdf.html", "http://127.0.0.1:8000/rdf.html",
                           "RDF item", date(2023, 2, 1))),
        (ATOM, FeedEntry("urn:entry:1", "http://127.0.0.1:8000/atom/1.html", "Atom entry",
                         date(2023, 3, 1))),
    ],
    ids=["rss-0.91", "rss-1.0", "atom"],
)
def test_other_feed_formats(body, expected):
    assert parse_feed(body, FEED_URL) == [expected]


def test_a_feed_with_an_xml_fault_still_gives_the_entries_it_can():
    broken = RSS_20.replace(b"</channel></rss>", b"<item><title>cut off")
    assert [entry.key for entry in parse_feed(broken, FEED_URL)][:2] == [
        "geneva-1", "http://127.0.0.1:8000/news/nodate.html"]


@pytest.mark.parametrize(
    "body",
    [
        b"this is not a feed at all, just words",
        b"<html><head><title>Home</title></head><body><p>Welcome</p></body></html>",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut',
        b"",
    ],
    ids=["text", "html", "truncated", "empty"],
)
def test_a_malformed_feed_is_e036(body):
    with pytest.raises(WebError) as caught:
        parse_feed(body, FEED_URL)
    assert caught.value.code.name == "E036" and FEED_URL in caught.value.message


def test_a_feed_list_skips_comments_blanks_and_repeats(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text("# world news\nhttp://a.example/rss\n\n  http://b.example/atom  \n"
                    "http://a.example/rss\n", encoding="utf-8")
    assert read_feed_list(path) == ["http://a.example/rss", "http://b.example/atom"]
    with pytest.raises(InputError) as caught:
        read_feed_list(tmp_path / "missing.txt")
    assert caught.value.code.name == "E013"
