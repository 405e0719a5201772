"""Build the HTTP API (and the dashboard beside it) over one store file."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from attache import attache_version
from attache.dashboard import install as install_dashboard
from attache.ingest.articles import MAX_RECORD_BYTES
from attache.server.errors import install_error_handlers
from attache.server.guard import BODY_TIMEOUT, LOOPBACK_HOSTS, Guard
from attache.server.reads import read_router
from attache.server.writes import CoderFactory, Writer, write_router
from attache.store.sqlite import Store, open_store

MAX_BODY_BYTES = MAX_RECORD_BYTES
"""The default request size limit: the longest article record ingest takes
(:func:`attache.ingest.articles.max_record_bytes`)."""

DESCRIPTION = """\
Sourced political event data coded by attache: events (CAMEO/PLOVER, with the evidence
sentence and the dictionary line behind each), actors, quotes, quantities, dyad time series
and whole articles with every record's character offsets.

Lists are paged with `limit` (1-500) and `offset`; the response's `next_offset` is the
offset of the next page, or null on the last one. Every error is
`{"error": {"status", "code", "message", "details"}}`. Writing (`POST /api/articles`) is off
unless the server was started with a token, and then needs `Authorization: Bearer <token>`.
"""


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    coder_factory: CoderFactory | None = None,
    allowed_hosts: Collection[str] = LOOPBACK_HOSTS,
    body_timeout: float = BODY_TIMEOUT,
) -> FastAPI:
    """The API over the store at ``db_path``, with the dashboard beside it.

    Reads open the store read-only per request; ``token`` (None or empty: writes off)
    guards ``POST /api/articles``; ``coder_factory`` builds the coder on the first write
    (default :func:`attache.pipeline.default_coder`); ``allowed_hosts`` are the ``Host``
    names it answers (``*``: any) and ``body_timeout`` the seconds a request body may take
    to arrive (see :mod:`attache.server.guard`). Raises
    :class:`~attache.errors.StoreError` E010 when ``db_path`` is not an attache store.
    """
    db_path = Path(db_path)
    open_store(db_path, read_only=True).close()  # fail now, not on the first request
    writer = Writer(db_path, coder_factory)

    def open_reader() -> Store:
        """A read-only store (a context manager): what every read handler uses."""
        return open_store(db_path, read_only=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        writer.close()

    app = FastAPI(
        title="attache",
        version=attache_version(),
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: the spec is enough
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.open_reader = open_reader
    app.state.store_fault = None  # a damaged store found by a request (E022)
    install_error_handlers(app)
    app.include_router(read_router(open_reader, writes=bool(token)))
    app.include_router(write_router(writer, token or None))
    app.add_middleware(Guard, max_body_bytes=max_body_bytes, allowed_hosts=allowed_hosts,
                       body_timeout=body_timeout)
    install_dashboard(app, open_reader)
    return app

