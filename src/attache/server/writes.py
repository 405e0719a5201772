"""The one write endpoint: code an article and store it.

Writes are off unless the server has a token, and every write must carry it
(``Authorization: Bearer <token>``, compared in constant time). The token is checked
before the body is even parsed. All writes run on one thread that owns the one writable
store and the coder (loaded on the first write: spaCy takes seconds), so there is exactly
one writer and writes are coded and stored one after another.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from attache.ingest.articles import new_article
from attache.ingest.readers import check_json_depth
from attache.model import Article, CodedArticle, Rejection
from attache.server.errors import ApiError
from attache.server.models import ArticleInput, ErrorBody, Stored
from attache.store.sqlite import Store, open_store

BEARER = HTTPBearer(auto_error=False, scheme_name="token",
                    description="The token the server was started with (attache serve "
                                "--token-env).")

CoderFactory = Callable[[], Any]
"""Returns an object with ``code_stream(items, batch_size)`` (an :class:`attache.Coder`)."""


def _default_coder() -> Any:
    from attache.pipeline import default_coder

    return default_coder()


class Writer:
    """The single writer: a one-thread executor owning the writable store and the coder."""

    def __init__(self, db_path: str | Path, coder_factory: CoderFactory | None = None) -> None:
        self.db_path = db_path
        self.coder_factory = coder_factory or _default_coder
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="attache-writer")
        self._store: Store | None = None
        self._coder: Any = None

    def _write(self, article: Article) -> tuple[str, CodedArticle | Rejection]:
        """On the writer thread: code ``article`` and store the result (a rejection is
        stored too, as ``attache ingest`` does)."""
        if self._coder is None:
            self._coder = self.coder_factory()
        if self._store is None:
            self._store = open_store(self.db_path)
        result = next(iter(self._coder.code_stream([article], batch_size=1)))
        if isinstance(result, Rejection):
            self._store.write_rejection(result)
            return "rejected", result
        status = self._store.write(result)
        stored = self._store.article(article.id)
        return status, stored if stored is not None else result

    async def write(self, article: Article) -> tuple[str, CodedArticle | Rejection]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._write, article)

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def close(self) -> None:
        """Close the store on its own thread and stop the thread."""
        self._executor.submit(self._close_store).result()
        self._executor.shutdown()


def _check_token(credentials: HTTPAuthorizationCredentials | None, token: str | None) -> None:
    if not token:
        raise ApiError(403, "Writes are disabled: this server was started without a token.",
                       code="writes_disabled")
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(401, "A valid 'Authorization: Bearer <token>' header is required.",
                       headers={"WWW-Authenticate": "Bearer"})


async def _article_input(request: Request) -> ArticleInput:
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise ApiError(415, "The body must be JSON (Content-Type: application/json).")
    body = await request.body()
    try:
        data = json.loads(check_json_depth(body.decode("utf-8"), "body"))
    except (UnicodeDecodeError, ValueError) as error:  # not UTF-8, not JSON, a huge integer
        raise ApiError(400, f"The body is not valid JSON: {error}", code="invalid_json") from error
    try:
        return ArticleInput.model_validate(data)
    except ValidationError as error:
        errors = [{**item, "loc": ("body", *item["loc"])} for item in error.errors()]
        raise RequestValidationError(errors) from error


WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": Stored, "description": "The same article was already stored unchanged."},
    201: {"model": Stored, "description": "Coded and stored (new, or replacing a changed one)."},
    400: {"model": ErrorBody, "description": "The body is not valid JSON (invalid_json) or "
                                             "the date is not ISO (E009)."},
    401: {"model": ErrorBody, "description": "The bearer token is missing or wrong."},
    403: {"model": ErrorBody, "description": "Writes are disabled (no token configured)."},
    413: {"model": ErrorBody, "description": "The body is larger than the server's limit."},
    415: {"model": ErrorBody, "description": "The body is not JSON."},
    408: {"model": ErrorBody, "description": "The body took too long to arrive."},
    422: {"model": ErrorBody, "description": "The article cannot be coded (E003-E006, E015-E017; "
                                             "the code says why), a field is invalid or the "
                                             "JSON is nested too deep (E018)."},
}


def write_router(writer: Writer, token: str | None) -> APIRouter:
    """``POST /api/articles``."""
    router = APIRouter(prefix="/api")
    schema = ArticleInput.model_json_schema()

    @router.post(
        "/articles",
        tags=["articles"],
        summary="Code and store an article",
        status_code=201,
        response_model=Stored,
        responses=WRITE_RESPONSES,
        openapi_extra={
            "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
        },
    )
    async def post_article(
        request: Request,
        response: Response,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    ) -> dict[str, Any]:
        """Code one article (the fields of a JSON Lines input line) and store it. Needs
        ``Authorization: Bearer <token>``; off unless the server was started with a token.
        Answers 201 with the stored records, 200 when the same article was already stored
        unchanged, 422 with the rejection's code when it cannot be coded."""
        _check_token(credentials, token)
        body = await _article_input(request)
        article = new_article(body.text, article_id=body.id, title=body.title,
                              published=body.published, source=body.source, url=body.url)
        status, result = await writer.write(article)
        if isinstance(result, Rejection):
            raise ApiError(422, result.message, code=result.code)
        if status == "unchanged":
            response.status_code = 200
        response.headers["Location"] = "/api/articles/" + quote(article.id, safe="")
        return {"status": status, "article": result}

    return router
