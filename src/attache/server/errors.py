"""One JSON error shape for every 4xx and 5xx the API sends.

``{"error": {"status": 422, "code": "invalid_parameter", "message": "...", "details": []}}``

``code`` is an attache error code (``E011``) when the library raised the error, else a
short name (:data:`HTTP_CODES`), so a client can branch on it without parsing messages.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from attache.errors import AttacheError, ErrorCode
from attache.store.faults import store_error

log = logging.getLogger(__name__)

HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
    503: "unavailable",
    507: "insufficient_storage",
}
"""HTTP status -> the error ``code`` used when no more precise one applies."""

STATUS_BY_CODE: dict[ErrorCode, int] = {
    ErrorCode.E009: 400,  # a date that is not ISO
    ErrorCode.E011: 400,  # an unknown or out-of-range argument
    ErrorCode.E003: 422,  # the article cannot be coded: empty, not UTF-8, binary, too long
    ErrorCode.E004: 422,
    ErrorCode.E005: 422,
    ErrorCode.E006: 422,
    ErrorCode.E015: 422,
    ErrorCode.E016: 422,  # a field with a lone surrogate or over its length limit
    ErrorCode.E017: 422,
    ErrorCode.E018: 422,  # JSON nested too deep
    ErrorCode.E010: 503,  # the store is missing or of another schema version
    ErrorCode.E020: 503,  # locked by another process for too long: try again
    ErrorCode.E021: 507,  # the disk is full
    ErrorCode.E022: 503,  # damaged
    ErrorCode.E023: 503,  # cannot be opened or read
}
"""Attache error code -> HTTP status; any other code is a server fault (500)."""

SERVER_FAULT = "The server cannot answer now; its log says why."


class ApiError(Exception):
    """An error the API answers on purpose, with its status and ``code``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: list[Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or HTTP_CODES.get(status, f"http_{status}")
        self.message = message
        self.details = details or []
        self.headers = headers


def error_body(
    status: int, code: str, message: str, details: list[Any] | None = None
) -> dict[str, Any]:
    """The error shape as a dict (what every error response holds)."""
    return {
        "error": {"status": status, "code": code, "message": message, "details": details or []}
    }


METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")
"""The methods a 405's ``Allow`` header is worked out over."""


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(status, code, message, details), status_code=status, headers=headers
    )


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """FastAPI/pydantic errors without the offending input (it may be large or private)."""
    return [
        {
            "location": [str(part) for part in error.get("loc", ())],
            "message": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in jsonable_encoder(errors)
    ]


async def _on_validation(request: Request, error: RequestValidationError) -> JSONResponse:
    details = _validation_details(list(error.errors()))
    in_body = any(detail["location"][:1] == ["body"] for detail in details)
    first = details[0] if details else {"location": [], "message": "invalid request"}
    where = ".".join(first["location"])
    return error_response(
        422,
        "invalid_body" if in_body else "invalid_parameter",
        f"{where}: {first['message']}" if where else first["message"],
        details,
    )


async def _on_http(request: Request, error: StarletteHTTPException) -> JSONResponse:
    message = error.detail if isinstance(error.detail, str) else HTTP_CODES.get(
        error.status_code, "error"
    )
    code = HTTP_CODES.get(error.status_code, f"http_{error.status_code}")
    headers = error.headers
    if error.status_code == 405:
        headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
    return error_response(error.status_code, code, message, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path: Starlette's own ``Allow`` names only
    the first matching route's (``GET /api/articles``, not the ``POST`` beside it)."""
    return [
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]


async def _on_api(request: Request, error: ApiError) -> JSONResponse:
    return error_response(error.status, error.code, error.message, error.details, error.headers)


async def _on_attache(request: Request, error: AttacheError) -> JSONResponse:
    status = STATUS_BY_CODE.get(error.code, 500)
    if status < 500:
        return error_response(status, error.code.name, error.message)
    if error.code is ErrorCode.E022:  # /api/health says so from now on
        request.app.state.store_fault = error
    # The message names server paths: it goes to the log, the client gets the code.
    log.error("%s %s failed: %s", request.method, request.url.path, error)
    headers = {"Retry-After": "5"} if error.code is ErrorCode.E020 else None
    return error_response(status, error.code.name, SERVER_FAULT, headers=headers)


async def _on_sqlite(request: Request, error: sqlite3.Error) -> JSONResponse:
    """A store fault raised past the Store API (a query reading the connection itself)."""
    fault = store_error(error, "(served store)", 0)
    if fault is None:
        raise error
    return await _on_attache(request, fault)


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error the app raises in the one shape (crashes: see the guard)."""
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(ApiError, _on_api)
    app.add_exception_handler(AttacheError, _on_attache)
    app.add_exception_handler(sqlite3.Error, _on_sqlite)
