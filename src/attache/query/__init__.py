"""Query: filters and aggregates over a :class:`~attache.store.Store` or a Parquet dataset
(see :func:`open_events`)."""

from attache.query.analytics import dyad_series, top_actors, top_dyads, top_places
from attache.query.catalog import (
    actor_profile,
    list_actors,
    list_articles,
    list_quantities,
    list_quotes,
    search,
    story_links,
)
from attache.query.events import EVENT_COLUMNS, EventFilter, find_events, map_counts, summary
from attache.query.sources import EventSource, open_events

__all__ = [
    "EVENT_COLUMNS",
    "EventFilter",
    "EventSource",
    "actor_profile",
    "dyad_series",
    "find_events",
    "list_actors",
    "list_articles",
    "list_quantities",
    "list_quotes",
    "map_counts",
    "open_events",
    "search",
    "story_links",
    "summary",
    "top_actors",
    "top_dyads",
    "top_places",
]
