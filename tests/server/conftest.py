"""Fixtures for the HTTP API: in-process clients over the session's Wikinews store."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from attache.server import create_app

with warnings.catch_warnings():  # starlette prefers httpx2; httpx 0.28 works as well
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789"


def _assert_error(response, status: int, code: str | None = None) -> dict:
    """``response`` has ``status`` and the one JSON error shape; returns the error."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status and error["message"]
    assert isinstance(error["details"], list)
    if code is not None:
        assert error["code"] == code, error
    return error


@pytest.fixture
def assert_error() -> Callable[..., dict]:
    """Check that a response has a status and the one JSON error shape (and ``code``)."""
    return _assert_error


@pytest.fixture
def token() -> str:
    """The write token of :func:`writable_api`."""
    return TOKEN


@pytest.fixture(scope="module")
def api(wikinews_store_path: Path) -> Iterator[TestClient]:
    """A read-only client (no token: writes off) over the shared Wikinews store."""
    with TestClient(create_app(wikinews_store_path), base_url="http://localhost") as client:
        yield client


@pytest.fixture
def store_copy(wikinews_store_path: Path, tmp_path: Path) -> Path:
    """A private copy of the Wikinews store, for tests that write."""
    path = tmp_path / "copy.sqlite"
    shutil.copyfile(wikinews_store_path, path)
    return path


@pytest.fixture
def writable_api(store_copy: Path, coder) -> Iterator[Callable[..., TestClient]]:
    """Open a client over :func:`store_copy` with the real coder; keyword arguments go to
    :func:`create_app` (``token`` defaults to :data:`TOKEN`)."""
    clients: list[TestClient] = []

    def open_client(**options) -> TestClient:
        options.setdefault("token", TOKEN)
        options.setdefault("coder_factory", lambda: coder)
        client = TestClient(create_app(store_copy, **options), base_url="http://localhost")
        client.__enter__()
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        client.__exit__(None, None, None)
