"""``attache serve``: the HTTP API and dashboard over one store, run with uvicorn.

The write token comes from an environment variable, never from the command line, so it
does not show in ``ps`` or the shell history.
"""

from __future__ import annotations

import argparse
import os
import sys

from attache.cli.options import (
    add_dictionaries_option,
    checked_dictionaries,
    positive_int,
    seconds,
)
from attache.errors import AttacheError, ErrorCode

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TOKEN_ENV = "ATTACHE_TOKEN"


def command_serve(args: argparse.Namespace) -> int:
    """Check the store, build the app and serve it until interrupted."""
    if not 1 <= args.port <= 65535:
        raise AttacheError(ErrorCode.E011, kind="port", value=args.port, known="1 to 65535")
    import uvicorn

    from attache.server import create_app
    from attache.server.connections import HEADER_TIMEOUT, MAX_CONNECTIONS, guarded_protocol
    from attache.server.guard import BODY_TIMEOUT, LOOPBACK_HOSTS

    token = os.environ.get(args.token_env, "").strip() or None
    hosts = [*LOOPBACK_HOSTS, *args.allowed_host]
    if args.host not in ("0.0.0.0", "::", ""):  # a named address answers to its name
        hosts.append(args.host)
    body_timeout = args.body_timeout or BODY_TIMEOUT
    max_connections = args.max_connections or MAX_CONNECTIONS
    folder = checked_dictionaries(args)
    coder_factory = None
    if folder is not None:
        from attache.pipeline import Coder

        coder_factory = lambda: Coder(dictionaries=folder)  # noqa: E731
    app = create_app(args.db, token=token, allowed_hosts=hosts, body_timeout=body_timeout,
                     coder_factory=coder_factory)
    host = f"[{args.host}]" if ":" in args.host else args.host
    writes = f"on (token from ${args.token_env})" if token else f"off (${args.token_env} unset)"
    sys.stderr.write(
        f"attache: serving {args.db} at http://{host}:{args.port}/ "
        f"(API under /api/, OpenAPI spec at /openapi.json; writes {writes})\n"
    )
    sys.stderr.flush()
    protocol = guarded_protocol(args.header_timeout or HEADER_TIMEOUT, max_connections)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False,
                http=protocol, limit_concurrency=max_connections)
    return 0


def add_serve_command(commands) -> None:
    """Add ``attache serve`` to the ``attache`` sub-commands."""
    serve = commands.add_parser("serve", help="serve the HTTP API and dashboard over a store")
    serve.add_argument("--db", required=True, help="the SQLite store to serve (must exist)")
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help=f"the address to listen on (default {DEFAULT_HOST})"
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, metavar="N",
        help=f"the port to listen on (default {DEFAULT_PORT})",
    )
    serve.add_argument(
        "--token-env", default=DEFAULT_TOKEN_ENV, metavar="NAME",
        help=f"the environment variable holding the write token (default {DEFAULT_TOKEN_ENV}); "
        "writes are off when it is unset or empty",
    )
    serve.add_argument(
        "--allowed-host", action="append", default=[], metavar="NAME",
        help="also answer requests for this Host name (repeat for more; * for any); "
        "localhost, 127.0.0.1, ::1 and the --host address are always answered",
    )
    serve.add_argument(
        "--max-connections", type=positive_int, metavar="N",
        help="open connections at most; more are closed at once (default 200)",
    )
    serve.add_argument(
        "--header-timeout", type=seconds, metavar="SECONDS",
        help="close a connection whose request headers take longer (default 10)",
    )
    serve.add_argument(
        "--body-timeout", type=seconds, metavar="SECONDS",
        help="answer 408 to a request body that takes longer to arrive (default 30)",
    )
    add_dictionaries_option(serve)
    serve.set_defaults(handler=command_serve)
