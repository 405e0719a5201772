"""Query: filters and aggregates over a :class:`~attache.store.Store` or a Parquet dataset
(see :func:`open_events`)."""

from attache.query.analytics import dyad_series, top_actors, top_dyads
from attache.query.events import EVENT_COLUMNS, EventFilter, find_events, summary
from attache.query.sources import EventSource, open_events

__all__ = [
    "EVENT_COLUMNS",
    "EventFilter",
    "EventSource",
    "dyad_series",
    "find_events",
    "open_events",
    "summary",
    "top_actors",
    "top_dyads",
]
