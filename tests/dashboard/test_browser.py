"""The dashboard end to end: the real ``attache serve``, Debian's headless Chromium.

Every page is loaded under the server's Content-Security-Policy and watched: a script that
runs (a dialog, the payload's window flag) or a CSP violation (a console error) fails it.
"""

from __future__ import annotations

import csv
import io
import struct
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from dashboard_support import CHART_MONTHS, CHART_SOURCE, CHART_TARGET, XSS_ARTICLE, serve, stop

from attache.dashboard.chart import QUAD_COLOURS
from attache.query import dyad_series, top_dyads
from attache.store import open_store

ROOT = Path(__file__).resolve().parents[2]
CHART_URL = f"/dyad?a={CHART_SOURCE[:3]}&b={CHART_TARGET[:3]}"


def load(watched, url: str, status: int = 200):
    """Open ``url`` and check it answered ``status`` with no dialog and no console error."""
    response = watched.page.goto(url)
    assert response is not None and response.status == status, url
    assert watched.dialogs == [], f"{url} opened a dialog: {watched.dialogs}"
    expected = f"the server responded with a status of {status} "  # the page's own status
    errors = [text for text in watched.errors if status < 400 or expected not in text]
    assert errors == [], f"{url} logged errors: {errors}"
    watched.errors.clear()
    return response


def decode_png(data: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, bytes per pixel, pixels) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    pixels = bytearray()
    previous = bytearray(stride)
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1 :
                                                            (row + 1) * (stride + 1)])  # fmt: skip
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                guess = left + up - corner
                nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up),
                              (abs(guess - corner), 2, corner))[2]  # fmt: skip
                line[i] = (line[i] + nearest) & 0xFF
        pixels += line
        previous = line
    return width, height, bpp, bytes(pixels)


def colour_areas(png: bytes) -> dict[int, int]:
    """Pixels of each quad class's colour (within 2 per channel) in a screenshot."""
    _, _, bpp, pixels = decode_png(png)
    counts = Counter(pixels[i : i + 3] for i in range(0, len(pixels), bpp))
    wanted = {quad: bytes.fromhex(colour[1:]) for quad, colour in QUAD_COLOURS.items()}
    areas = dict.fromkeys(wanted, 0)
    for rgb, count in counts.items():
        for quad, target in wanted.items():
            if all(abs(a - b) <= 2 for a, b in zip(rgb, target, strict=True)):
                areas[quad] += count
    return areas


# -- every page -------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "selector", "text"), [
    ("/", "#top-dyads", "Busiest dyads"),
    ("/articles", "table.articles", "Chart dyad 2021-04"),
    ("/articles/script-test", "#article-text", "Russia condemned the United States"),
    (f"/actors/{CHART_SOURCE}", "#actor-code", CHART_SOURCE),
    (CHART_URL, "#dyad-chart", "material conflict"),
    ("/search?q=Mahan", "#search-articles", "Mahan"),
])  # fmt: skip
def test_each_page_renders(dashboard_url, watched, path, selector, text):
    response = load(watched, dashboard_url + path)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    element = watched.page.locator(selector)
    assert element.is_visible()
    assert text in element.inner_text()


def test_unknown_article_and_actor_are_404_pages(dashboard_url, watched):
    load(watched, dashboard_url + "/articles/no-such-article", 404)
    assert "No article with the id" in watched.page.inner_text("#message")
    load(watched, dashboard_url + "/actors/QQQQQ", 404)


# -- the dyad chart -----------------------------------------------------------------------


def test_the_bars_match_dyad_series(dashboard_url, dashboard_store_path, watched):
    load(watched, dashboard_url + CHART_URL)
    bars = watched.page.eval_on_selector_all(
        "#dyad-chart a.bar",
        """bars => bars.map(bar => ({
            period: bar.dataset.period,
            events: Number(bar.dataset.events),
            rects: Array.from(bar.querySelectorAll('rect[data-quad]')).map(rect => ({
                quad: Number(rect.dataset.quad), count: Number(rect.dataset.count),
                height: rect.getBBox().height, fill: rect.getAttribute('fill')}))}))""",
    )
    with open_store(dashboard_store_path, read_only=True) as store:
        series = dyad_series(store, CHART_SOURCE[:3], CHART_TARGET[:3])
    assert [(bar["period"], bar["events"]) for bar in bars] == [
        (row["period"], row["events"]) for row in series
    ]
    assert [row["period"] for row in series] == [*CHART_MONTHS, "2021-05"]  # + the XSS one
    unit = None
    for bar, row in zip(bars, series, strict=True):
        drawn = {rect["quad"]: rect["count"] for rect in bar["rects"]}
        assert drawn == {q: row[f"quad{q}"] for q in (1, 2, 3, 4) if row[f"quad{q}"]}
        for rect in bar["rects"]:
            assert rect["fill"] == QUAD_COLOURS[rect["quad"]]
            unit = unit or rect["height"] / rect["count"]
            assert rect["height"] == pytest.approx(rect["count"] * unit, rel=1e-3)
    assert watched.page.locator("#dyad-chart circle").count() == len(series)


def test_clicking_a_bar_shows_that_months_events(dashboard_url, watched):
    load(watched, dashboard_url + CHART_URL)
    page = watched.page
    page.locator('#dyad-chart a.bar[data-period="2021-02"] rect[data-quad="1"]').click()
    page.wait_for_url("**#period-2021-02")
    section = page.locator("#period-2021-02")
    box, viewport = section.bounding_box(), page.viewport_size
    assert 0 <= box["y"] < viewport["height"], "the month's events are not scrolled into view"
    assert section.evaluate("el => el.matches(':target')")
    rows = section.locator("tr.event")
    assert rows.count() == sum(CHART_MONTHS["2021-02"])
    assert all(date.startswith("2021-02") for date in rows.locator("td.date").all_inner_texts())
    link = rows.first.locator("a.to-article")
    assert link.get_attribute("href").startswith("/articles/chart-2021-02#span-event-")
    link.click()
    page.wait_for_url("**/articles/chart-2021-02#span-event-*")
    assert page.locator(".hl.active").count() >= 1


def test_screenshot_of_the_chart_has_the_quad_colours_in_data_order(
    dashboard_url, watched, tmp_path
):
    load(watched, dashboard_url + CHART_URL + "&until=2021-04-30")
    png = watched.page.locator("#dyad-chart svg").screenshot(path=tmp_path / "dyad-chart.png")
    assert (tmp_path / "dyad-chart.png").stat().st_size > 0
    areas = colour_areas(png)
    totals = {quad: sum(month[quad - 1] for month in CHART_MONTHS.values()) for quad in areas}
    assert sorted(areas, key=areas.get) == sorted(totals, key=totals.get)  # 2 < 3 < 4 < 1
    per_event = [areas[quad] / totals[quad] for quad in areas]
    assert min(per_event) > 0.85 * max(per_event), (areas, totals)


def test_dyad_form_errors_are_shown_on_the_page(dashboard_url, watched):
    load(watched, dashboard_url + "/dyad")
    page = watched.page
    page.fill("#dyad-form input[name=a]", "AAA")
    page.fill("#dyad-form input[name=b]", "ZZZQ")
    with page.expect_navigation() as navigation:
        page.click("#dyad-form button[type=submit]")
    assert navigation.value.status == 400
    assert "No events name an actor with the code 'ZZZQ'" in page.inner_text("#message")
    assert page.locator("#dyad-form input[name=a]").input_value() == "AAA"


# -- names, the explorer, the map, time ---------------------------------------------------


def test_the_actor_page_names_the_actor(dashboard_url, watched):
    load(watched, dashboard_url + "/actors/IRN")
    assert watched.page.inner_text("#actor-name") == "Iran"
    assert watched.page.title().startswith("Iran (IRN)")


def test_the_actor_box_offers_actors_by_name(dashboard_url, watched):
    load(watched, dashboard_url + "/")
    page = watched.page
    page.locator("#actor-box input[name=q]").press_sequentially("Ira", delay=30)
    offered = page.locator("#actor-options option")
    offered.first.wait_for(state="attached")
    labels = offered.evaluate_all("options => options.map(o => o.label)")
    assert "Iran (IRN)" in labels
    page.fill("#actor-box input[name=q]", "Iran")
    with page.expect_navigation():
        page.click("#actor-box button[type=submit]")
    assert page.url.endswith("/actors/IRN") and page.inner_text("#actor-name") == "Iran"


def test_a_name_in_the_dyad_form_finds_its_code(dashboard_url, watched):
    load(watched, dashboard_url + "/dyad?a=United+States&b=Iran&both=1")
    assert "No events name" not in watched.page.inner_text("main")
    assert "/actors/IRN" in watched.page.inner_html("h1")


def test_the_map_shades_a_country_with_events(dashboard_url, watched, tmp_path):
    load(watched, dashboard_url + "/map?country=IRQ")
    page = watched.page
    iraq = page.locator('#world-map path[data-iso3="IRQ"]')
    assert int(iraq.get_attribute("data-events")) > 0
    shade = iraq.evaluate("el => getComputedStyle(el).fill")
    empty = page.locator('#world-map path[data-iso3="AUS"]').evaluate(
        "el => getComputedStyle(el).fill")
    assert shade != empty and page.locator("#world-map path.shaded").count() == 1
    box = iraq.bounding_box()
    assert box["width"] > 5 and box["height"] > 5
    png = iraq.screenshot(path=tmp_path / "iraq.png")
    _, _, bpp, pixels = decode_png(png)
    red, green, blue = (int(shade[4:-1].split(",")[index]) for index in range(3))
    painted = sum(all(abs(a - b) <= 2 for a, b in zip(pixels[i:i + 3], (red, green, blue),
                                                      strict=True))
                  for i in range(0, len(pixels), bpp))
    assert painted > 50  # the country is drawn in its shade


def test_the_explorer_download_is_the_apis_rows(dashboard_url, watched):
    load(watched, dashboard_url + "/explore?actor=Iran&order=-goldstein")
    page = watched.page
    rows = page.locator("#explorer-events tr.event")
    assert rows.count() > 0
    link = rows.first.locator("a.to-article").get_attribute("href")
    assert "#span-event-" in link
    download = page.locator("#download-csv").get_attribute("href")
    assert "actor=IRN" in download
    csv_text = page.request.get(dashboard_url + download).text()
    downloaded = list(csv.DictReader(io.StringIO(csv_text)))
    api = page.request.get(dashboard_url + "/api/events?actor=IRN&order=-goldstein&limit=500")
    items = api.json()["items"]
    assert [(row["article_id"], int(row["seq"])) for row in downloaded] == [
        (item["article_id"], item["seq"]) for item in items]
    shown = rows.evaluate_all("rows => rows.map(r => [r.dataset.article, Number(r.dataset.seq)])")
    assert [tuple(pair) for pair in shown] == [
        (item["article_id"], item["seq"]) for item in items][:len(shown)]


def test_a_month_without_events_shows_zero(dashboard_url, watched):
    load(watched, dashboard_url + CHART_URL + "&since=2020-12-01&until=2021-04-30")
    empty = watched.page.locator("#period-2020-12")
    assert empty.get_attribute("data-events") == "0"
    assert "0 events" in empty.inner_text()
    load(watched, dashboard_url + "/")
    months = watched.page.locator("#timeline rect.month")
    counts = months.evaluate_all("bars => bars.map(b => Number(b.dataset.events))")
    assert 0 in counts and sum(counts) > 0


# -- the article view -------------------------------------------------------------------


def _busiest_article(store_path: Path) -> str:
    with open_store(store_path, read_only=True) as store:
        return store.read(
            "SELECT e.article_id FROM events AS e JOIN quotes AS q USING (article_id)"
            " WHERE e.article_id LIKE 'wikinews:%'"
            " GROUP BY e.article_id ORDER BY count(DISTINCT e.seq) DESC, e.article_id LIMIT 1"
        )[0]["article_id"]


def test_article_highlights_every_record_and_links_both_ways(
    dashboard_url, dashboard_store_path, watched
):
    article_id = _busiest_article(dashboard_store_path)
    with open_store(dashboard_store_path, read_only=True) as store:
        coded = store.article(article_id)
    load(watched, f"{dashboard_url}/articles/{quote(article_id, safe='')}")
    page = watched.page
    assert page.inner_text("#article-text") == coded.article.text
    lists = {"event": coded.events, "actor": coded.mentions, "quote": coded.quotes,
             "date": coded.dates, "quantity": coded.quantities, "place": coded.places,
             "equipment": coded.equipment}  # fmt: skip
    for kind, records in lists.items():
        for index in range(len(records)):
            ref = f"{kind}-{index}"
            assert page.locator(f"#rec-{ref}").count() == 1, ref
            assert page.locator(f"#span-{ref}").count() == 1, ref
    event = coded.events[0]
    pieces = page.locator('#article-text a.hl[data-refs~="event-0"]')
    assert "".join(pieces.all_inner_texts()) == coded.article.text[event.verb_start:event.verb_end]
    # text -> record: a piece links to the innermost record covering it (here the event's,
    # unless a shorter record lies inside the verb)
    href = pieces.first.get_attribute("href")
    assert href == "#rec-" + pieces.first.get_attribute("data-refs").split()[0]
    pieces.first.click()
    page.wait_for_url("**" + href)
    record = page.locator(href)
    assert record.is_visible()
    assert record.evaluate("el => el.classList.contains('active')")
    # record -> text
    page.locator("#rec-event-0 a.back").click()
    page.wait_for_url("**#span-event-0")
    active = page.locator('#article-text a.hl.active[data-refs~="event-0"]')
    assert active.count() == pieces.count()
    chained = [quote_ for quote_ in coded.quotes if len(quote_.chain) > 1]
    if chained:
        index = coded.quotes.index(chained[0])
        assert " → ".join(chained[0].chain) in page.inner_text(f"#rec-quote-{index}")


# -- untrusted text ---------------------------------------------------------------------


def test_script_in_an_article_is_shown_as_text_and_never_runs(dashboard_url, watched):
    page = watched.page
    load(watched, dashboard_url + "/articles/script-test")
    assert "<script>alert(1)</script>" in page.inner_text("#article-text")
    assert "<script>alert(1)</script> Russia condemns sanctions" in page.inner_text("h1")

    load(watched, dashboard_url + "/articles/" + quote(XSS_ARTICLE.id, safe=""))
    assert page.inner_text("#article-text") == XSS_ARTICLE.text
    assert page.inner_text("h1") == XSS_ARTICLE.title
    assert page.locator("#article-text script, #article-text img, main img").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    for path in ("/", "/articles", CHART_URL + "&until=2021-12-31", "/search?q=pwned",
                 f"/actors/{CHART_SOURCE}"):  # fmt: skip
        load(watched, dashboard_url + path)
        assert page.evaluate("typeof window.__attachePwned") == "undefined", path
    assert "__attachePwned" in page.content()  # the actor's names list shows the text
    assert watched.dialogs == []


def test_search_from_the_header(dashboard_url, watched):
    load(watched, dashboard_url + "/")
    page = watched.page
    page.fill("header input[name=q]", "Mahan")
    with page.expect_navigation():
        page.press("header input[name=q]", "Enter")
    assert page.url.endswith("/search?q=Mahan")
    assert page.locator("#search-articles li").count() >= 1
    assert "Mahan" in page.locator("#search-articles mark").first.inner_text()


# -- speed on a 100k-event store -------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_url(tmp_path_factory):
    """The real server over 100,000 synthetic events (benchmarks/synthetic_events.py)."""
    folder = tmp_path_factory.mktemp("synthetic")
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synthetic_events.py"), "--rows", "100000",
         "--out", str(folder / "parquet"), "--sqlite", str(folder / "events.sqlite")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    url, process = serve(folder / "events.sqlite")
    try:
        yield url, folder / "events.sqlite"
    finally:
        stop(process)


def test_a_busy_dyad_renders_its_chart_and_events_on_100k_events(synthetic_url, watched):
    """The page works at scale; how fast it is, is measured by benchmarks/dashboard_speed.py
    (timings stay out of the tests)."""
    url, path = synthetic_url
    with open_store(path, read_only=True) as store:
        dyad = next(d for d in top_dyads(store, limit=20) if d["source"][:3] != d["target"][:3])
    load(watched, f"{url}/dyad?a={dyad['source']}&b={dyad['target']}&both=1")
    watched.page.locator("#dyad-chart svg").wait_for(state="visible")
    watched.page.locator("#dyad-events tr.event").first.wait_for(state="visible")
    assert watched.page.locator("#dyad-chart a.bar").count() >= 12
