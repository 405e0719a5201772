"""The dashboard's pages, rendered by a bare FastAPI app (no browser): what each shows,
status codes, escaping, and that no page needs inline script or style (the CSP)."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from attache.dashboard import install
from attache.dashboard.chart import QUAD_COLOURS
from attache.dashboard.pages import api_links, evidence_parts, query_url, safe_url, static_folder
from attache.query import dyad_series
from attache.store import open_store

EVIL = (
    '<script>window.pwned = 1; alert(1)</script> Russian troops attacked Kyiv. '
    'Officials "said" so.'
)


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag
                and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]  # fmt: skip


@pytest.fixture
def client(tmp_path, make_coded):
    path = tmp_path / "dashboard.sqlite"
    with open_store(path) as store:
        for index, day in enumerate((date(2020, 1, 6), date(2020, 1, 20), date(2020, 3, 2))):
            store.write(make_coded(f"a{index}", published=day))
        evil = make_coded("evil/one?", text=EVIL, published=date(2020, 3, 3))
        evil.article = type(evil.article)(
            evil.article.id, EVIL, title="<b>bold</b> title", published=date(2020, 3, 3),
            url="javascript:alert(2)",
        )
        store.write(evil)
    app = FastAPI()
    install(app, lambda: open_store(path, read_only=True))
    with TestClient(app, base_url="http://localhost") as test_client:
        test_client.store_path = path
        yield test_client


def _no_inline_code(html: str) -> None:
    tags = Tags(html)
    assert all(attrs.get("src") for tag, attrs in tags.tags if tag == "script")
    assert not [attrs for _, attrs in tags.tags if "style" in attrs]
    assert not [attrs for _, attrs in tags.tags if any(k.startswith("on") for k in attrs)]
    assert "<style" not in html


@pytest.mark.parametrize("path", ["/", "/articles", "/articles/a0", "/actors/RUSMIL", "/dyad",
                                  "/dyad?a=RUS&b=UKR", "/search?q=troops", "/search"])
def test_pages_render_without_inline_code(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    _no_inline_code(response.text)


def test_home_lists_dyads_actors_and_articles(client):
    html = client.get("/").text
    assert "/dyad?a=RUSMIL&amp;b=UKRMIL" in html
    assert 'href="/actors/RUSMIL"' in html
    assert 'href="/articles/evil%2Fone%3F"' in html and "&lt;b&gt;bold&lt;/b&gt; title" in html


def test_article_text_is_escaped_piece_by_piece(client):
    response = client.get("/articles/evil%2Fone%3F")
    assert response.status_code == 200
    html = response.text
    assert "<script>window" not in html and "&lt;script&gt;window.pwned" in html
    assert "<b>bold</b>" not in html
    assert not [a for a in Tags(html).find("a") if (a.get("href") or "").startswith("javascript")]
    text = re.search(r'<article class="article-text" id="article-text">(.*?)</article>', html,
                     re.S).group(1)  # fmt: skip
    plain = re.sub(r"<[^>]+>", "", text)
    assert plain.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"') == EVIL


def test_every_record_is_linked_both_ways(client):
    tags = Tags(client.get("/articles/a0").text)
    records = {attrs["id"] for _, attrs in tags.tags if (attrs.get("id") or "").startswith("rec-")}
    assert {"rec-event-0", "rec-event-1", "rec-actor-0", "rec-quote-0", "rec-date-0",
            "rec-quantity-0", "rec-place-0", "rec-equipment-0"} <= records  # fmt: skip
    anchors = {attrs["id"] for _, attrs in tags.tags if (attrs.get("id") or "").startswith("span-")}
    assert anchors == {"span-" + record[4:] for record in records}
    highlights = [attrs for tag, attrs in tags.tags if "hl" in (attrs.get("class") or "").split()]
    assert {attrs["href"] for attrs in highlights} <= {"#" + record for record in records}
    backs = {attrs["href"] for attrs in tags.find("a", class_="back")}
    assert backs == {"#" + anchor for anchor in anchors}
    assert "source chain: State Department → Reuters" in client.get("/articles/a0").text


def dyad_series_filled(store_path) -> list[dict]:
    """The page's months: every month from 2019-12 to the last with events, empty ones 0."""
    with open_store(store_path, read_only=True) as store:
        return dyad_series(store, "RUS", "UKR", since=date(2019, 12, 1), zero_fill=True)


def test_dyad_bars_match_dyad_series(client):
    html = client.get("/dyad?a=RUS&b=UKR&since=2019-12-01").text
    with open_store(client.store_path, read_only=True) as store:
        series = dyad_series(store, "RUS", "UKR", since=date(2019, 12, 1))
    bars = Tags(html).find("a", class_="bar")
    assert [(bar["data-period"], int(bar["data-events"])) for bar in bars] == [
        (row["period"], row["events"]) for row in series
    ]
    for bar, row in zip(bars, series, strict=True):
        assert bar["href"] == f"#period-{row['period']}"
        for quad in (1, 2, 3, 4):
            assert int(bar[f"data-quad{quad}"]) == row[f"quad{quad}"]
    periods = Tags(html).find("section", class_="period")
    filled = dyad_series_filled(client.store_path)
    assert [p["id"] for p in periods] == [f"period-{row['period']}" for row in reversed(filled)]
    assert {p["id"] for p in periods if p["data-events"] == "0"} == {
        f"period-{row['period']}" for row in filled if not row["events"]}
    assert 'href="/articles/a2#span-event-0"' in html
    assert "Use conventional military force" in html


@pytest.mark.parametrize(("query", "message"), [
    ("a=RUS&b=ZZZ", "No events name an actor with the code &#39;ZZZ&#39;"),
    ("a=RUS&b=UKR&since=2020-13-01", "Since: Published date"),
    ("a=RUS&b=UKR&since=2020-02-01&until=2020-01-01", "is after until"),
    ("a=RUS&b=", "Give actor B"),
    ("a=RU%20S&b=UKR", "is not an actor code"),
])  # fmt: skip
def test_dyad_errors_are_messages_with_400(client, query, message):
    response = client.get(f"/dyad?{query}")
    assert response.status_code == 400
    assert message in response.text and 'id="dyad-form"' in response.text


def test_a_dyad_without_events_says_so(client):
    response = client.get("/dyad?a=RUS&b=UKR&since=2021-01-01")
    assert response.status_code == 200 and 'id="no-events"' in response.text


def test_not_found_pages(client):
    assert client.get("/articles/nope").status_code == 404
    response = client.get("/actors/XYZ")
    assert response.status_code == 404 and "XYZ" in response.text


def test_actor_page(client):
    html = client.get("/actors/rusmil").text
    assert 'id="actor-code">RUSMIL<' in html
    assert "/dyad?a=RUSMIL&amp;b=UKRMIL&amp;both=1" in html
    assert "“Russian”" in html


def test_search_and_its_paging(client):
    html = client.get("/search?q=Kyiv").text
    assert 'href="/articles/evil%2Fone%3F"' in html and "<mark>Kyiv</mark>" in html
    assert client.get("/search?q=troops&offset=x").status_code == 400
    assert client.get("/search?q=" + "x" * 300).status_code == 400
    assert "No article matches" in client.get("/search?q=zzzzqq").text


def test_static_files_and_colours(client):
    css = client.get("/static/dashboard.css")
    assert css.status_code == 200
    for colour in QUAD_COLOURS.values():
        assert colour in css.text
    assert client.get("/static/dashboard.js").status_code == 200
    assert {path.name for path in static_folder().iterdir()} >= {"dashboard.css", "dashboard.js"}


def test_helpers():
    assert api_links("RUS", "UKR", "2020-02", False) == [(
        "RUS → UKR",
        "/api/events?source=RUS&target=UKR&since=2020-02-01&until=2020-02-29&limit=500",
    )]  # fmt: skip
    narrowed = api_links("RUS", "UKR", "2020-02", True, date(2020, 2, 10), date(2021, 1, 1))
    assert [label for label, _ in narrowed] == ["RUS → UKR", "UKR → RUS"]
    assert "since=2020-02-10&until=2020-02-29" in narrowed[1][1]
    assert query_url("/dyad", a="R&D", b="", both=True, c=None, offset=0) == (
        "/dyad?a=R%26D&both=1&offset=0"
    )
    assert safe_url(" https://x.org/a ") == "https://x.org/a"
    assert safe_url("javascript:alert(1)") is None and safe_url(None) is None
    row = {"evidence_text": "Troops attacked Kyiv.", "start": 10, "verb_start": 17,
           "verb_end": 25}  # fmt: skip
    assert evidence_parts(row) == ("Troops ", "attacked", " Kyiv.")
    assert evidence_parts({**row, "verb_end": 99}) == ("Troops attacked Kyiv.", "", "")
    assert evidence_parts({"evidence_text": "x"}) == ("x", "", "")


def test_a_dyad_dated_by_the_event_or_by_publication(client):
    by_event = client.get("/dyad?a=RUS&b=UKR&dated=event")
    assert by_event.status_code == 200 and "month of the event" in by_event.text
    with open_store(client.store_path, read_only=True) as store:
        series = dyad_series(store, "RUS", "UKR", dated_by="event", zero_fill=True)
    bars = Tags(by_event.text).find("a", class_="bar")
    assert [bar["data-period"] for bar in bars] == [row["period"] for row in series
                                                     if row["events"]]
    assert client.get("/dyad?a=RUS&b=UKR&dated=tomorrow").status_code == 400
