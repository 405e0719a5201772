"""Which stored event a new event is another report of: cluster keys and the match rule.

Two event records are one event when they have the same source code, target code, CAMEO
code, modality and day (:func:`event_day`) and their evidence sentences are near-identical
(:func:`~attache.dedup.text.evidence_similarity` at least ``evidence_threshold``), or, when
their articles are the same story re-published, merely alike (``story_evidence_threshold``:
the copy may have reworded the sentence). An event whose day is unknown only joins copies of
its own story. Matching is one step, never transitive: a new event joins the cluster of its
best match and clusters are never merged, so a chain of slightly different sentences cannot
pull unrelated events together.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from attache.dedup.settings import DedupSettings
from attache.dedup.text import evidence_similarity


def event_day(event_date: str | None, published: str | None) -> str | None:
    """The day an event is clustered on: its own date when that is a full day
    (``YYYY-MM-DD``), else the publication date (``None`` when neither is known). The same
    rule as ``dated_by="event"`` in :mod:`attache.query.analytics`."""
    if event_date is not None and len(event_date) == 10:
        return event_date
    return published


EVENT_DAY_SQL = "(CASE WHEN length(e.date) = 10 THEN e.date ELSE e.published END)"
""":func:`event_day` as an SQL expression over ``events AS e`` (SQLite and DuckDB alike)."""


CLUSTER = "coalesce(e.cluster_id, e.article_id || ':' || CAST(e.seq AS VARCHAR))"
"""An event's cluster as an SQL expression over ``events AS e``: ``cluster_id`` (the
reports of one event, linked by the SQLite store, see :mod:`attache.dedup.sqlite`, or by
``attache dedup`` over a Parquet dataset, see :mod:`attache.dedup.parquet`), else,
where it is linked to none (a Parquet dataset keeps ids for clusters of two or more), the
event's own ``<article_id>:<seq>``: the id of the cluster a lone event starts."""


Story = TypeVar("Story")


def pick_story(
    candidates: Iterable[tuple[int, float, Story]], threshold: float
) -> tuple[Story, float] | None:
    """The story an article re-publishes, from ``(story position, resemblance, story)``
    of the earlier articles it resembles: the first stored story among those at least
    ``threshold`` alike (the most alike first among its copies), with that resemblance to 4
    decimals; ``None`` when none is alike enough. The SQLite store and the Parquet pass
    both decide with it."""
    best: tuple[int, float, Story] | None = None
    for position, similarity, story in candidates:
        if similarity < threshold:
            continue
        if best is None or (position, -similarity) < (best[0], -best[1]):
            best = (position, similarity, story)
    return None if best is None else (best[2], round(best[1], 4))


def cluster_id(article_id: str, seq: int) -> str:
    """The id of the cluster an event starts: ``<article_id>:<seq>``, the event's own key."""
    return f"{article_id}:{seq}"


def split_cluster_id(value: str) -> tuple[str, int]:
    """``(article_id, seq)`` of the event a cluster id names (article ids may hold ``:``)."""
    article_id, seq = value.rsplit(":", 1)
    return article_id, int(seq)


@dataclass(frozen=True)
class Candidate:
    """A stored event with the same key as the new one. ``same_story``: its article is the
    new event's article's duplicate (or original), ``same_article``: it is in the same
    article; ``position`` orders candidates by when they were stored."""

    cluster_id: str
    evidence_text: str
    same_story: bool
    same_article: bool
    position: tuple[int, int]


def best_cluster(
    evidence_text: str,
    day: str | None,
    candidates: Iterable[Candidate],
    settings: DedupSettings,
) -> tuple[str, float] | None:
    """The cluster the new event joins, with the evidence similarity that decided it, or
    ``None`` when it starts one. The most similar qualifying candidate wins; among equals,
    the one stored first."""
    best: tuple[float, tuple[int, int], str] | None = None
    for candidate in candidates:
        story_copy = candidate.same_story and not candidate.same_article
        if not story_copy and day is None:
            continue
        threshold = settings.story_evidence_threshold if story_copy else (
            settings.evidence_threshold
        )
        similarity = evidence_similarity(evidence_text, candidate.evidence_text)
        if similarity < threshold:
            continue
        key = (-similarity, candidate.position, candidate.cluster_id)
        if best is None or key < best:
            best = key
    return None if best is None else (best[2], -best[0])


class GroupEvent(NamedTuple):
    """A stored event of a cluster-key group: its key in its article, its evidence, its
    article's stored ``position`` and the ``story`` that article is a copy of (its own
    when it is an original)."""

    article_id: str
    seq: int
    evidence_text: str
    position: int
    story: Hashable


def cluster_group(events: Sequence[GroupEvent], day: str | None, settings: DedupSettings
                  ) -> list[str]:
    """The cluster of each event of one key group (its ``day`` is the key's), the events in
    stored order, as writing their articles one by one gives it: each event joins its best
    match among the events before it (:func:`best_cluster`), or starts its own
    (:func:`cluster_id`). The SQLite store (re-clustering) and the Parquet pass both use it."""
    assigned: list[str] = []
    for index, event in enumerate(events):
        candidates = [
            Candidate(assigned[number], earlier.evidence_text, earlier.story == event.story,
                      earlier.position == event.position, (earlier.position, earlier.seq))
            for number, earlier in enumerate(events[:index])
        ]
        match = best_cluster(event.evidence_text, day, candidates, settings)
        assigned.append(match[0] if match else cluster_id(event.article_id, event.seq))
    return assigned
