"""The HTTP API: a FastAPI app over one store, the library's queries behind thin handlers.

:func:`create_app` builds it (``attache serve`` runs it with uvicorn). Reads open the store
read-only per request; the one write endpoint codes an article and needs the server's
token; every error answers in one JSON shape (:mod:`attache.server.errors`).
"""

from attache.server.app import MAX_BODY_BYTES, create_app

__all__ = ["MAX_BODY_BYTES", "create_app"]
