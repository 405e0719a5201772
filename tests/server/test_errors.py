"""One JSON error shape for every 4xx/5xx, security headers, the request size limit and
the OpenAPI document."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from attache.server import MAX_BODY_BYTES, create_app
from attache.server.guard import CONTENT_SECURITY_POLICY

TOKEN = "errors-token"
BEARER = (b"authorization", b"Bearer " + TOKEN.encode())

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def _has_security_headers(response) -> bool:
    return all(response.headers.get(name) == value for name, value in SECURITY_HEADERS.items())


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/events?limit=0", 422, "invalid_parameter"),
        ("/api/events?limit=501", 422, "invalid_parameter"),
        ("/api/events?offset=-1", 422, "invalid_parameter"),
        ("/api/events?quad_class=5", 422, "invalid_parameter"),
        ("/api/events?since=yesterday", 422, "invalid_parameter"),
        ("/api/events?modality=maybe", 422, "invalid_parameter"),
        ("/api/quantities?kind=furlongs", 422, "invalid_parameter"),
        ("/api/series?a=RUS", 422, "invalid_parameter"),
        ("/api/series?a=RUS&b=UKR&by=week", 422, "invalid_parameter"),
        ("/api/series?a=%20&b=UKR", 422, "invalid_parameter"),
        ("/api/actors?prefix=%20", 422, "invalid_parameter"),
        ("/api/actors?prefix=", 422, "invalid_parameter"),
        ("/api/events?until=0", 422, "invalid_parameter"),
        ("/api/quotes?article_id=" + "x" * 201, 422, "invalid_parameter"),
        ("/api/search?q=", 422, "invalid_parameter"),
        ("/api/search?q=" + "x" * 201, 422, "invalid_parameter"),
        ("/api/actors/" + "X" * 65, 422, "invalid_parameter"),
        ("/api/nothing-here", 404, "not_found"),
        ("/api", 404, "not_found"),
        ("/docs", 404, "not_found"),
        ("/redoc", 404, "not_found"),
    ],
)
def test_errors_have_one_shape(api, assert_error, url, status, code):
    response = api.get(url)
    assert_error(response, status, code)
    assert _has_security_headers(response)


def test_validation_error_names_the_parameter(api, assert_error):
    error = assert_error(api.get("/api/events?limit=abc"), 422, "invalid_parameter")
    assert error["message"].startswith("query.limit:")
    assert error["details"][0]["location"] == ["query", "limit"]
    assert "abc" not in json.dumps(error["details"])  # the input is not echoed back


def test_wrong_method_is_405(api, assert_error):
    response = api.delete("/api/events")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET"


def test_security_headers_on_success(api):
    for url in ("/api/health", "/openapi.json", "/api/events"):
        assert _has_security_headers(api.get(url))


def test_413_from_content_length(api, assert_error):
    response = api.post("/api/articles", content=b"x" * (MAX_BODY_BYTES + 1),
                        headers={"content-type": "application/json"})
    assert_error(response, 413, "body_too_large")
    assert _has_security_headers(response)


def test_413_from_a_chunked_body_without_content_length(wikinews_store_path, assert_error):
    from fastapi.testclient import TestClient

    def chunks():
        for _ in range(20):
            yield b"y" * 100

    app = create_app(wikinews_store_path, max_body_bytes=1000, token=TOKEN)
    with TestClient(app, base_url="http://localhost") as client:
        response = client.post("/api/articles", content=chunks(),
                               headers={"content-type": "application/json",
                                        "authorization": f"Bearer {TOKEN}"})
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "body_too_large")


def _call(app, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, dict]:
    """Drive the ASGI app by hand: POST /api/articles with these headers and body chunks.
    Returns the status and the JSON body; fails if the app reads past the chunks."""
    sent: list[dict] = []
    pending = list(chunks)

    async def receive():
        assert pending, "read past the end of the body"
        chunk = pending.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/articles", "raw_path": b"/api/articles",
        "query_string": b"", "root_path": "", "headers": headers, "client": ("t", 1),
        "server": ("t", 80),
    }
    # On a thread of its own: another test's tool may have left a loop running here.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return sent[0]["status"], json.loads(body)


def test_413_when_content_length_lies(wikinews_store_path):
    app = create_app(wikinews_store_path, max_body_bytes=1000, token=TOKEN)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"10"), BEARER]
    status, body = _call(app, headers, [b"z" * 600, b"z" * 600, b"z" * 600])
    assert status == 413 and body["error"]["code"] == "body_too_large"


def test_malformed_content_length_is_400(wikinews_store_path):
    app = create_app(wikinews_store_path)
    status, body = _call(app, [(b"content-length", b"12abc")], [b""])
    assert status == 400 and body["error"]["code"] == "bad_request"


def test_a_crash_is_a_json_500(wikinews_store_path, monkeypatch, assert_error):
    from fastapi.testclient import TestClient

    import attache.server.reads as reads

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reads, "list_articles", broken)
    with TestClient(create_app(wikinews_store_path), base_url="http://localhost") as client:
        response = client.get("/api/articles")
    error = assert_error(response, 500, "internal_error")
    assert "boom" not in error["message"]
    assert _has_security_headers(response)


def test_missing_store_is_e023(tmp_path):
    from attache.errors import StoreError

    with pytest.raises(StoreError) as raised:
        create_app(tmp_path / "missing.sqlite")
    assert raised.value.code.name == "E023" and "no such file" in raised.value.message
    assert not (tmp_path / "missing.sqlite").exists()


def test_openapi_documents_every_operation(api):
    spec = api.get("/openapi.json").json()
    operations = [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]
    paths = {path for path, _, _ in operations}
    assert {
        "/api/health", "/api/events", "/api/actors", "/api/actors/top", "/api/actors/{code}",
        "/api/quotes", "/api/quantities", "/api/series", "/api/dyads/top", "/api/articles",
        "/api/articles/{article_id}", "/api/search", "/api/places/top",
    } <= paths
    for path, method, operation in operations:
        if not path.startswith("/api/"):
            continue  # the dashboard's pages
        assert operation.get("summary") and operation.get("description"), (path, method)
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])
        error = operation["responses"]["422"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorBody"}, path
    post = spec["paths"]["/api/articles"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["required"] == ["text"]
    assert {"401", "403", "413"} <= set(post["responses"])


def test_a_store_gone_after_start_is_503(store_copy, assert_error):
    from fastapi.testclient import TestClient

    with TestClient(create_app(store_copy), base_url="http://localhost") as client:
        store_copy.unlink()
        response = client.get("/api/health")
    assert_error(response, 503, "E023")


def test_a_wrong_method_lists_every_method_of_the_path(api, assert_error):
    response = api.request("OPTIONS", "/api/articles")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, POST"  # two routers serve this path
    assert api.delete("/api/events").headers["allow"] == "GET"


def test_a_server_fault_does_not_show_the_store_path(store_copy, assert_error):
    from fastapi.testclient import TestClient

    with TestClient(create_app(store_copy), base_url="http://localhost") as client:
        store_copy.unlink()
        response = client.get("/api/events")
        page = client.get("/search", params={"q": "Turkey"})
    assert_error(response, 503, "E023")
    assert str(store_copy.parent) not in response.text
    assert page.status_code == 503 and str(store_copy.parent) not in page.text
