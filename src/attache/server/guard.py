"""The ASGI middleware around the whole app: the Host allow-list, security headers on every
response, the request size limit and body timeout, and a JSON 500 instead of a crash page.

Nothing reads a request body before a handler asks for it, so the write token is checked
before a byte of the body is read, and a request that is refused never costs the server
its body (uvicorn stops reading a connection once 64 KiB wait unread). The body limit is
enforced on the bytes actually received, not on what ``Content-Length`` claims: the
handler reading past ``max_body_bytes`` gets a 413 instead; a body that takes longer than
``body_timeout`` seconds to arrive gets a 408.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from typing import Any

from attache.server.errors import ApiError, error_body

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
"""Set on every response that does not set them itself."""


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
"""The ``Host`` names a server answers by default: a page on another site cannot make a
browser send these to it (DNS rebinding needs a name the attacker controls)."""

BODY_TIMEOUT = 30.0
"""Seconds a client has to send a request body once its headers are in."""


class Guard:
    """Wraps an ASGI app; see the module docstring. ``allowed_hosts``: the ``Host`` names
    answered (``*`` for any; port and case do not matter); a request without ``Host``
    (HTTP/1.0) is answered."""

    def __init__(self, app: ASGIApp, max_body_bytes: int,
                 allowed_hosts: Collection[str] = LOOPBACK_HOSTS,
                 body_timeout: float = BODY_TIMEOUT) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allowed_hosts = frozenset(_host_name(host) for host in allowed_hosts)
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(item for item in SECURITY_HEADERS if item[0] not in present)
                message["headers"] = headers
            await send(message)

        async def fail(status: int, code: str, text: str) -> None:
            body = json.dumps(error_body(status, code, text)).encode()
            await secured_send({
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())],
            })
            await secured_send({"type": "http.response.body", "body": body})

        host = _header(scope, b"host")
        if host is not None and "*" not in self.allowed_hosts \
                and _host_name(host) not in self.allowed_hosts:
            await fail(400, "invalid_host", "This server does not answer to that Host name "
                       "(attache serve --allowed-host adds names).")
            return
        declared = _content_length(scope)
        if declared == -1:
            await fail(400, "bad_request", "Content-Length is not a non-negative integer.")
            return
        if declared is not None and declared > self.max_body_bytes:
            await fail(413, "body_too_large", self._too_large())
            return
        received = 0
        body_done = False
        deadline = asyncio.get_running_loop().time() + self.body_timeout

        async def limited_receive() -> Message:
            """The client's messages, refused past the size limit or the deadline."""
            nonlocal received, body_done
            if body_done:  # later reads wait for a disconnect: no deadline
                return await receive()
            left = deadline - asyncio.get_running_loop().time()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.001))
            except TimeoutError:
                raise ApiError(408, f"The request body took longer than "
                               f"{self.body_timeout:g} s to arrive.") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise ApiError(413, self._too_large())
                body_done = not message.get("more_body", False)
            return message

        try:
            await self.app(scope, limited_receive, secured_send)
        except ApiError as error:  # raised where no handler answers it
            if started:
                raise
            await fail(error.status, error.code, error.message)
        except Exception:
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            await fail(500, "internal_error", "The server failed to answer this request.")

    def _too_large(self) -> str:
        return f"The request body is larger than {self.max_body_bytes:,} bytes."


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name.lower() == wanted:
            return value.decode("latin-1")
    return None


def _host_name(host: str) -> str:
    """A ``Host`` value without its port, brackets, trailing dot or case."""
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _content_length(scope: Scope) -> int | None:
    """The declared body size; None when absent, -1 when malformed."""
    value = _header(scope, b"content-length")
    if value is None:
        return None
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() else -1
