"""What a hostile or broken client can do to the server (issue 12, item 6): the token is
checked before the body is read, slow headers and bodies time out, connections are capped,
deep JSON is a 422 and only the allowed Host names are answered."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from attache.server import create_app

TOKEN = "hardening-token"


def _asgi(app, headers: list[tuple[bytes, bytes]], receive) -> tuple[int, dict]:
    """POST /api/articles to the ASGI app with ``receive``; the status and JSON body."""
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/articles", "raw_path": b"/api/articles",
        "query_string": b"", "root_path": "", "client": ("t", 1), "server": ("t", 80),
        "headers": [(b"host", b"localhost"), (b"content-type", b"application/json"), *headers],
    }
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return sent[0]["status"], json.loads(body)


def test_the_token_is_checked_before_a_byte_of_the_body_is_read(wikinews_store_path):
    app = create_app(wikinews_store_path, token=TOKEN)
    reads = []

    async def receive():
        reads.append(1)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    for headers in ([], [(b"authorization", b"Bearer wrong")]):
        status, body = _asgi(app, [(b"content-length", b"5000000"), *headers], receive)
        assert (status, body["error"]["code"]) == (401, "unauthorized")
    assert reads == [], "the body was read before the token was checked"


def test_a_body_that_does_not_come_is_408(wikinews_store_path):
    app = create_app(wikinews_store_path, token=TOKEN, body_timeout=0.3)

    async def receive():
        await asyncio.sleep(60)

    start = time.monotonic()
    status, body = _asgi(app, [(b"authorization", f"Bearer {TOKEN}".encode())], receive)
    assert (status, body["error"]["code"]) == (408, "request_timeout")
    assert time.monotonic() - start < 10


def test_json_nested_too_deep_is_422(wikinews_store_path):
    app = create_app(wikinews_store_path, token=TOKEN)
    deep = b"[" * 100_000 + b"]" * 100_000

    async def receive():
        return {"type": "http.request", "body": deep, "more_body": False}

    status, body = _asgi(app, [(b"authorization", f"Bearer {TOKEN}".encode())], receive)
    assert (status, body["error"]["code"]) == (422, "E018")


def test_a_lone_surrogate_in_a_posted_article_is_422(writable_api, token, assert_error):
    client = writable_api()
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    response = client.post("/api/articles", headers=headers,
                           content=b'{"id": "s", "text": "Russia \\ud800 attacked Ukraine."}')
    assert_error(response, 422, "invalid_body")  # pydantic refuses it first; else E016


@pytest.mark.parametrize(
    ("host", "status"),
    [("localhost", 200), ("localhost:8000", 200), ("127.0.0.1:8000", 200), ("[::1]:8000", 200),
     ("LOCALHOST.", 200), ("news.example", 200), ("evil.example", 400),
     ("localhost.evil.example", 400)],
)
def test_only_allowed_host_names_are_answered(wikinews_store_path, host, status):
    from fastapi.testclient import TestClient

    app = create_app(wikinews_store_path,
                     allowed_hosts=("localhost", "127.0.0.1", "::1", "news.example"))
    with TestClient(app, base_url="http://localhost") as client:
        response = client.get("/api/health", headers={"host": host})
    assert response.status_code == status, response.text
    if status == 400:
        assert response.json()["error"]["code"] == "invalid_host"


# -- the real server ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _health(port: int, timeout: float = 5) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n"
                           b"Connection: close\r\n\r\n")
        answer = connection.recv(64)
    return int(answer.split()[1]) if answer else 0


def _serve(store: Path, port: int, log: Path, *options: str) -> subprocess.Popen:
    env = {**os.environ, "ATTACHE_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "attache", "serve", "--db", str(store), "--port", str(port),
         *options], stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while True:
        try:
            if _health(port) == 200:
                return process
        except OSError:
            pass
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "attache serve did not start"
        time.sleep(0.2)


def test_slow_and_unauthenticated_clients_cannot_exhaust_the_server(
        wikinews_store_path, tmp_path):
    port = _free_port()
    process = _serve(wikinews_store_path, port, tmp_path / "serve.log",
                     "--header-timeout", "2", "--max-connections", "60")
    server = psutil.Process(process.pid)
    sockets: list[socket.socket] = []
    try:
        base_fds, base_rss = server.num_fds(), server.memory_info().rss
        # 20 unauthenticated writes, each sending a 6 MB body at once
        body = b'{"text": "' + b"x" * 6_000_000 + b'"}'
        for _ in range(20):
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(b"POST /api/articles HTTP/1.1\r\nHost: localhost\r\n"
                               b"Content-Type: application/json\r\n"
                               b"Content-Length: %d\r\n\r\n" % len(body))
            connection.setblocking(False)
            try:
                connection.send(body)  # as much as the socket takes; the server stops reading
            except BlockingIOError:
                pass
            sockets.append(connection)
        # 100 half-open connections sending their headers a byte at a time
        for _ in range(100):
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(b"GET /api/health HTTP/1.1\r\nHo")
            sockets.append(connection)
        time.sleep(0.5)
        assert server.num_fds() <= base_fds + 60 + 5, "the connection cap did not hold"
        assert server.memory_info().rss - base_rss < 60 * 2**20, "bodies were buffered"
        time.sleep(2.5)  # past the header timeout: the slow ones are closed
        assert _health(port) == 200, "normal reads stopped answering"
        assert server.num_fds() <= base_fds + 5
    finally:
        for connection in sockets:
            connection.close()
        process.terminate()
        process.wait(timeout=30)


def test_any_id_the_store_takes_can_be_fetched(api):
    from attache.ingest.articles import FIELD_LIMITS

    long_id = "x" * FIELD_LIMITS["id"]
    response = api.get("/api/articles/" + long_id)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
