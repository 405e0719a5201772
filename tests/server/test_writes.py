"""POST /api/articles: off without a token, 401 without the right one, coded and stored
with it; and reads can never write."""

from __future__ import annotations

import sqlite3

import pytest

from attache.server import create_app
from attache.store import open_store

ARTICLE = {
    "id": "api-test",
    "title": "Turkey and Greece talk",
    "text": "Turkey accused Greece of violating its airspace on Monday. "
            "Greek officials rejected the accusation.",
    "published": "2020-09-01",
    "source": "API Wire",
    "url": "https://example.org/api-test",
}


def _count(path, sql: str, *parameters) -> int:
    with open_store(path, read_only=True) as store:
        return next(iter(store.read(sql, parameters)[0].values()))


def test_writes_are_off_without_a_token(writable_api, store_copy, assert_error):
    for token in (None, ""):
        client = writable_api(token=token)
        assert client.get("/api/health").json()["writes"] is False
        response = client.post("/api/articles", json=ARTICLE,
                               headers={"Authorization": "Bearer anything"})
        assert_error(response, 403, "writes_disabled")
    assert _count(store_copy, "SELECT count(*) FROM articles WHERE id = ?", "api-test") == 0


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdA=="},
     {"Authorization": "Bearer"}, {"Authorization": "bearer test-token-012345678"}],
)
def test_401_without_the_right_token(writable_api, store_copy, assert_error, headers):
    client = writable_api()
    response = client.post("/api/articles", json=ARTICLE, headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    assert _count(store_copy, "SELECT count(*) FROM articles WHERE id = ?", "api-test") == 0


def test_the_token_is_checked_before_the_body(writable_api, assert_error):
    client = writable_api()
    response = client.post("/api/articles", content=b"{not json",
                           headers={"content-type": "application/json"})
    assert_error(response, 401, "unauthorized")


def test_article_is_coded_stored_and_readable(writable_api, store_copy, token):
    client = writable_api()
    auth = {"Authorization": f"Bearer {token}"}
    response = client.post("/api/articles", json=ARTICLE, headers=auth)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/api/articles/api-test"
    body = response.json()
    assert body["status"] == "inserted"
    stored = body["article"]
    assert stored["article"]["id"] == "api-test" and stored["article"]["published"] == "2020-09-01"
    assert any(event["source"] and event["source"]["code"].startswith("TUR")
               for event in stored["events"])
    assert client.get("/api/articles/api-test").json() == stored
    events = client.get("/api/events", params={"source": "TUR", "since": "2020-09-01",
                                                "until": "2020-09-01"}).json()["items"]
    assert [row["article_id"] for row in events] == ["api-test"] * len(events) and events
    assert _count(store_copy, "SELECT count(*) FROM articles") == 42

    again = client.post("/api/articles", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    changed = client.post("/api/articles", json={**ARTICLE, "title": "New title"}, headers=auth)
    assert changed.status_code == 201 and changed.json()["status"] == "replaced"
    assert _count(store_copy, "SELECT count(*) FROM articles") == 42


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": "   \n  "}, 422, "E003"),
        ({"text": "abc\x00\x01\x02\x03\x04\x05\x06\x07"}, 422, "E005"),
        ({"text": ""}, 422, "invalid_body"),
        ({"title": "no text"}, 422, "invalid_body"),
        ({"text": "Turkey protested.", "published": "last week"}, 422, "invalid_body"),
        ({"text": "Turkey protested.", "colour": "red"}, 422, "invalid_body"),
        ({"text": 42}, 422, "invalid_body"),
        (["not", "an", "object"], 422, "invalid_body"),
    ],
)
def test_bad_articles(writable_api, store_copy, token, assert_error, body, status, code):
    client = writable_api()
    response = client.post("/api/articles", json=body,
                           headers={"Authorization": f"Bearer {token}"})
    assert_error(response, status, code)
    assert _count(store_copy, "SELECT count(*) FROM articles") == 41


def test_an_article_the_coder_rejects_is_422_with_its_code(store_copy, token, assert_error,
                                                           fake_coder, writable_api):
    client = writable_api(coder_factory=lambda: fake_coder)
    response = client.post("/api/articles", json={"id": "bad", "text": "This will FAIL."},
                           headers={"Authorization": f"Bearer {token}"})
    assert_error(response, 422, "E015")
    assert _count(store_copy, "SELECT count(*) FROM rejections WHERE article_id = 'bad'") == 1


def test_bad_json_and_media_type(writable_api, token, assert_error):
    client = writable_api()
    auth = {"Authorization": f"Bearer {token}"}
    response = client.post("/api/articles", content=b'{"text": ',
                           headers={**auth, "content-type": "application/json"})
    assert_error(response, 400, "invalid_json")
    response = client.post("/api/articles", content=b'{"text": "x"}',
                           headers={**auth, "content-type": "text/plain"})
    assert_error(response, 415, "unsupported_media_type")
    response = client.post("/api/articles", content=b"\xff\xfe",
                           headers={**auth, "content-type": "application/json"})
    assert_error(response, 400, "invalid_json")


def test_large_body_is_413_before_the_token(writable_api, assert_error):
    client = writable_api(max_body_bytes=2000)
    response = client.post("/api/articles", json={"text": "word " * 1000})
    assert_error(response, 413, "body_too_large")


def test_the_reader_cannot_write(wikinews_store_path):
    app = create_app(wikinews_store_path)
    with app.state.open_reader() as store:
        assert store.read_only
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.read("DELETE FROM articles")


def test_a_read_handler_cannot_write(store_copy, monkeypatch, assert_error):
    """A handler that tried to write (here: list_articles replaced by a DELETE) fails on
    its read-only connection, and the store keeps every row."""
    from fastapi.testclient import TestClient

    import attache.server.reads as reads

    def deleting(store, **options):
        return store.read("DELETE FROM articles RETURNING id")

    monkeypatch.setattr(reads, "list_articles", deleting)
    with TestClient(create_app(store_copy), base_url="http://localhost") as client:
        assert_error(client.get("/api/articles"), 500, "internal_error")
    assert _count(store_copy, "SELECT count(*) FROM articles") == 41
