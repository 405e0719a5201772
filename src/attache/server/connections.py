"""Connection limits uvicorn does not set by itself: a deadline for a request's headers and
a cap on open connections.

uvicorn waits for ever for a client that sends its request line and headers a byte at a
time, and accepts every connection: a few hundred idle sockets use up the process's file
descriptors and normal requests fail. :func:`guarded_protocol` gives uvicorn an HTTP
protocol (its own h11 one) that closes a connection whose headers are not complete within
``header_timeout`` seconds (the next request's too, on a kept-alive connection), closes at
once a connection beyond ``max_connections`` open ones, and closes a connection answered
before its body was read (a refused write) instead of leaving it open with the body unread.
"""

from __future__ import annotations

import asyncio
import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)

HEADER_TIMEOUT = 10.0
"""Seconds a client has to send a request's line and headers."""

MAX_CONNECTIONS = 200
"""Open connections one server keeps at most; more are closed as they come."""


def guarded_protocol(header_timeout: float = HEADER_TIMEOUT,
                     max_connections: int = MAX_CONNECTIONS) -> type[H11Protocol]:
    """An uvicorn HTTP protocol class (``uvicorn.run(app, http=...)``) with these limits."""

    class GuardedProtocol(H11Protocol):
        _header_deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                log.warning("refused a connection: %d are open", len(self.connections) - 1)
                transport.abort()
                return
            self._await_headers()

        def _await_headers(self) -> None:
            self._stop_waiting()
            self._header_deadline = self.loop.call_later(header_timeout, self._headers_late)

        def _stop_waiting(self) -> None:
            if self._header_deadline is not None:
                self._header_deadline.cancel()
                self._header_deadline = None

        def _headers_late(self) -> None:
            self._header_deadline = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

        def handle_events(self) -> None:
            super().handle_events()
            if self.conn.their_state is not h11.IDLE:  # the headers are in
                self._stop_waiting()

        def on_response_complete(self) -> None:
            if self.conn.their_state is h11.SEND_BODY:
                # answered without reading the body (a refused write): the connection
                # cannot serve another request, and its unread body must not hold it open
                self.transport.close()
            if not self.transport.is_closing():
                self._await_headers()  # for the next request (a pipelined one stops it)
            super().on_response_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_waiting()
            super().connection_lost(exc)

    return GuardedProtocol
