"""Every read endpoint answers with sensible data from the Wikinews store."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest

from attache.query import (
    EVENT_COLUMNS,
    EventFilter,
    dyad_series,
    find_events,
    top_dyads,
    top_places,
)
from attache.store import open_store

GERMANY = "wikinews:Germany_bans_Mahan_Air_of_Iran,_citing_%27security%27"


@pytest.fixture(scope="module")
def reader(wikinews_store_path):
    with open_store(wikinews_store_path, read_only=True) as store:
        yield store


def test_health(api):
    body = api.get("/api/health").json()
    assert body["status"] == "ok" and body["articles"] == 41
    assert body["writes"] is False and body["schema_version"] >= 2


def test_events_match_the_library(api, reader):
    body = api.get("/api/events", params={"actor": "TUR", "limit": 500}).json()
    expected = find_events(reader, EventFilter(actor="TUR"))
    assert body["items"] == expected and body["next_offset"] is None
    assert set(body["items"][0]) == set(EVENT_COLUMNS)


def test_events_filters(api):
    params = {"source": "CYP", "target": "TUR", "quad_class": 1, "since": "2020-01-01"}
    items = api.get("/api/events", params=params).json()["items"]
    assert items and all(row["source_code"].startswith("CYP") for row in items)
    assert all(row["quad_class"] == 1 and row["published"] >= "2020-01-01" for row in items)
    every = api.get("/api/events", params={"modality": "any", "limit": 500}).json()
    assert {row["modality"] for row in every["items"]} > {"asserted"}


def test_events_pages_are_consistent(api):
    whole = api.get("/api/events", params={"limit": 90}).json()
    pages, offset = [], 0
    while offset is not None and offset < 90:
        page = api.get("/api/events", params={"limit": 30, "offset": offset}).json()
        assert page["limit"] == 30 and page["offset"] == offset
        pages.extend(page["items"])
        offset = page["next_offset"]
    assert pages == whole["items"] and whole["next_offset"] == 90


def test_last_page_has_no_next_offset(api):
    total = len(api.get("/api/articles", params={"limit": 500}).json()["items"])
    last = api.get("/api/articles", params={"limit": 10, "offset": total - 3}).json()
    assert len(last["items"]) == 3 and last["next_offset"] is None
    beyond = api.get("/api/articles", params={"offset": total + 10}).json()
    assert beyond["items"] == [] and beyond["next_offset"] is None


def test_articles_newest_first(api, reader):
    items = api.get("/api/articles", params={"limit": 500}).json()["items"]
    assert len(items) == 41
    dates = [row["published"] for row in items]
    assert dates == sorted(dates, reverse=True)
    plain = reader.read("SELECT count(*) AS n FROM events WHERE modality = 'asserted'")[0]["n"]
    assert sum(row["events"] for row in items) == plain > 0
    dated = api.get("/api/articles", params={"since": "2020-01-01"}).json()["items"]
    assert dated and all(row["published"] >= "2020-01-01" for row in dated)


def test_article_with_all_records(api, reader):
    # An id without '%': the test client decodes paths twice (the real server does not,
    # see test_serve.py, which fetches GERMANY).
    (row,) = reader.read(
        "SELECT article_id FROM quotes WHERE instr(article_id, '%') = 0"
        " GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 1"
    )
    article_id = row["article_id"]
    response = api.get("/api/articles/" + quote(article_id, safe=""))
    assert response.status_code == 200
    body = response.json()
    assert body == reader.article(article_id).to_dict()
    text = body["article"]["text"]
    for kind in ("sentences", "mentions", "events", "quotes", "dates", "places"):
        assert body[kind], kind
    for event in body["events"]:  # the evidence spans point into the text
        evidence = event["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["text"]
        assert event["verb_start"] < event["verb_end"]
    assert any(len(quote["chain"]) > 1 for quote in body["quotes"])


def test_article_with_markup_comes_back_verbatim(api):
    body = api.get("/api/articles/script-test").json()
    assert "<script>alert(1)</script>" in body["article"]["text"]
    assert body["article"]["title"].startswith("<script>")
    assert body["events"]


def test_unknown_article_is_404(api, assert_error):
    assert_error(api.get("/api/articles/no-such-article"), 404, "not_found")


def test_actors_and_top_actors(api):
    page = api.get("/api/actors", params={"limit": 5}).json()
    assert len(page["items"]) == 5 and page["next_offset"] == 5
    counts = [row["events"] for row in page["items"]]
    assert counts == sorted(counts, reverse=True)
    rus = api.get("/api/actors", params={"prefix": "rus"}).json()["items"]
    assert rus and all(row["code"].startswith("RUS") for row in rus)
    top = api.get("/api/actors/top", params={"limit": 3, "side": "source"}).json()["items"]
    assert len(top) == 3 and set(top[0]) == {"actor", "events", "mentions"}


def test_actor_profile_shows_roles_over_time(api):
    body = api.get("/api/actors/RUSGOV").json()
    assert body["code"] == "RUSGOV" and body["country"] == "RUS"
    putin = next(role for role in body["roles"] if role["name"] == "VLADIMIR_PUTIN")
    assert putin["source"].startswith("Phoenix.Countries.actors.txt:")
    codes = {(code["code"], code["start"]) for code in putin["codes"]}
    assert ("RUSGOV", "2008-05-08") in codes and any(c[0] == "RUSELI" for c in codes)
    assert body["names"] and body["recent_events"]
    assert all(set(partner) == {"actor", "events", "mentions", "mean_goldstein"}
               for partner in body["top_partners"])


def test_unknown_actor_is_404(api, assert_error):
    assert_error(api.get("/api/actors/ZZZZZZ"), 404, "not_found")


def test_quotes_and_quantities(api):
    quotes = api.get("/api/quotes", params={"article_id": GERMANY}).json()["items"]
    assert quotes and all(row["article_id"] == GERMANY for row in quotes)
    assert any(row["chain"][:1] == ["US Secretary of State Mike Pompeo"] for row in quotes)
    by_speaker = api.get("/api/quotes", params={"speaker": "USA"}).json()["items"]
    assert by_speaker and all(row["speaker_code"].startswith("USA") for row in by_speaker)
    money = api.get("/api/quantities", params={"kind": "money"}).json()
    assert len(money["items"]) == 7
    assert all(row["kind"] == "money" and isinstance(row["actors"], list)
               for row in money["items"])


def test_series_of_a_dyad_in_the_sample(api, reader):
    params = {"a": "TUR", "b": "LBY", "both_directions": "true", "by": "month"}
    body = api.get("/api/series", params=params).json()
    assert body["items"] == dyad_series(reader, "TUR", "LBY", both_directions=True,
                                        zero_fill=True)
    one_way = api.get("/api/series", params={"a": "TUR", "b": "LBY"}).json()["items"]
    assert 0 < sum(row["events"] for row in one_way) < sum(row["events"] for row in body["items"])


def test_a_series_has_every_period_of_its_range(api):
    params = {"a": "TUR", "b": "LBY", "since": "2018-11-01", "until": "2019-01-31"}
    rows = api.get("/api/series", params=params).json()["items"]
    assert [row["period"] for row in rows] == ["2018-11", "2018-12", "2019-01"]
    assert rows[0] == {"period": "2018-11", "events": 0, "mentions": 0, "mean_goldstein": None,
                       "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 0}
    sparse = api.get("/api/series", params={**params, "zero_fill": "false"}).json()["items"]
    assert all(row["events"] for row in sparse)


def test_the_download_is_every_event_of_the_filter(api):
    params = {"actor": "TUR", "order": "-goldstein"}
    paged = api.get("/api/events", params={**params, "limit": 500}).json()["items"]
    csv_text = api.get("/api/events/download", params={**params, "format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [(row["article_id"], int(row["seq"])) for row in rows] == [
        (item["article_id"], item["seq"]) for item in paged]
    assert rows and all(row["source_name"] or row["target_name"] for row in rows)
    as_json = api.get("/api/events/download", params={**params, "format": "json"}).json()
    assert [(item["article_id"], item["seq"]) for item in as_json] == [
        (item["article_id"], item["seq"]) for item in paged]
    goldstein = [item["goldstein"] for item in paged]
    assert goldstein == sorted(goldstein, reverse=True)


def test_events_filter_by_place_type_and_text(api, reader):
    found = api.get("/api/events", params={"country": "IRQ", "limit": 500}).json()["items"]
    assert found and {item["location_country_iso3"] for item in found} == {"IRQ"}
    assert all(item["location_precision"] in ("place", "admin1", "country") for item in found)
    typed = api.get("/api/events", params={"plover_type": "assault", "text": "KILLED"}).json()
    assert typed["items"] and all(item["plover_type"] == "ASSAULT"
                                  and "killed" in item["evidence_text"].lower()
                                  for item in typed["items"])


def test_actors_by_name(api):
    items = api.get("/api/actors", params={"q": "Ira"}).json()["items"]
    assert items[0] == {**items[0], "code": "IRN", "name": "Iran"}
    assert {item["code"] for item in items} >= {"IRN", "IRQ"}


def test_top_dyads(api, reader):
    body = api.get("/api/dyads/top", params={"limit": 5}).json()
    assert body["items"] == top_dyads(reader, limit=5)
    by_country = api.get("/api/dyads/top", params={"level": "country", "actor": "TUR"}).json()
    assert all("TUR" in (row["source"], row["target"]) for row in by_country["items"])


def test_top_places(api, reader):
    body = api.get("/api/places/top", params={"limit": 5}).json()
    assert body["items"] == top_places(reader, limit=5)
    assert body["items"] and all(row["place"] and row["events"] >= 1 for row in body["items"])
    countries = api.get("/api/places/top", params={"level": "country"}).json()["items"]
    assert countries and all(row["place"] is None and len(row["country"]) == 3
                             for row in countries)


def test_search(api):
    body = api.get("/api/search", params={"q": "mahan air"}).json()
    assert [row["id"] for row in body["articles"]] == [GERMANY]
    hit = body["articles"][0]
    offset = hit["match_start"] - hit["snippet_start"]
    assert hit["snippet"][offset:offset + 9].lower() == "mahan air"
    assert body["events"] and body["limit"] == 20
    assert api.get("/api/search", params={"q": "%_%"}).json() == {
        "articles": [], "events": [], "limit": 20, "offset": 0
    }


def test_search_of_blank_text_is_refused_by_the_spec(api, assert_error):
    assert_error(api.get("/api/search", params={"q": "   "}), 422, "invalid_parameter")
