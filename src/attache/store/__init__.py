"""Store: one SQLite file (WAL) holding articles, their coded records and rejections.

All writes go through :class:`Store`; each article is written in one transaction.
"""

from attache.store.loader import IngestReport, ingest
from attache.store.sqlite import SCHEMA_VERSION, Store, open_store

__all__ = ["SCHEMA_VERSION", "IngestReport", "Store", "ingest", "open_store"]
