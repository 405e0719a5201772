"""Query: filters and aggregates over a :class:`~attache.store.Store`."""

from attache.query.events import EVENT_COLUMNS, EventFilter, find_events, summary

__all__ = ["EVENT_COLUMNS", "EventFilter", "find_events", "summary"]
