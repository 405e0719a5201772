"""Duplicates and event clusters in the SQLite store, kept right inside each write.

The rules are :mod:`attache.dedup`'s; this module applies them to the tables:

* ``articles.duplicate_of``: an article whose text resembles a stored article's (resemblance
  of word shingles at least ``article_threshold``) names that story's first stored article,
  its *original*; originals have NULL. "First stored" is SQLite's ``rowid`` order, the order
  of writing: a replaced article is written anew, so it comes after its copies.
* ``article_bands``: each article's MinHash band keys. Candidates are the earlier articles
  sharing a key (at most ``max_candidates``, those sharing the most); their exact
  resemblance decides.
* ``events.cluster_id`` and ``event_clusters``: each event joins the cluster of its best
  stored match (:func:`attache.dedup.best_cluster`) or starts its own, named after itself.
  A cluster's id is always its first stored event's ``<article_id>:<seq>``.

Removing an article (a replacement removes the old version first) keeps the rest
consistent: the copies of a removed original are linked again, in stored order, to what was
stored before them, and the events sharing a cluster key with its events or theirs are
clustered again in stored order (:func:`recluster`). :func:`rebuild` (``attache dedup``)
recomputes everything from scratch in stored order, which gives what writing the articles
one by one would have given.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from attache.dedup import (
    Candidate,
    DedupSettings,
    GroupEvent,
    band_keys,
    best_cluster,
    cluster_group,
    cluster_id,
    pick_story,
    resemblance,
    shingle_hashes,
    split_cluster_id,
)

_LAST = 2**63 - 1  # a rowid bound above every rowid


@dataclass(frozen=True)
class ArticleLink:
    """What :func:`link_article` found: the story's original (``None``: the article is
    one) with the resemblance that decided it, and the article's band keys."""

    duplicate_of: str | None
    similarity: float | None
    band_keys: list[int]


@dataclass
class DedupReport:
    """What :func:`rebuild` found. ``merged`` counts the events that joined an existing
    cluster (events - clusters)."""

    articles: int = 0
    duplicates: int = 0
    events: int = 0
    clusters: int = 0

    @property
    def merged(self) -> int:
        return self.events - self.clusters

    def line(self) -> str:
        """The one-line summary ``attache dedup`` prints."""
        return (
            f"{self.duplicates} of {self.articles} articles are copies of an earlier story; "
            f"{self.events} events in {self.clusters} clusters ({self.merged} merged)"
        )


# -- settings -------------------------------------------------------------------------------


def load_settings(connection: sqlite3.Connection) -> DedupSettings:
    """The settings stored in ``dedup_settings`` (defaults for missing names)."""
    rows = connection.execute("SELECT name, value FROM dedup_settings").fetchall()
    return DedupSettings.from_dict({row[0]: row[1] for row in rows})


def save_settings(connection: sqlite3.Connection, settings: DedupSettings) -> None:
    """Replace the stored settings by ``settings`` (inside the caller's transaction)."""
    connection.execute("DELETE FROM dedup_settings")
    connection.executemany(
        "INSERT INTO dedup_settings (name, value) VALUES (?, ?)",
        sorted(settings.to_dict().items()),
    )


# -- articles -------------------------------------------------------------------------------


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def link_article(
    connection: sqlite3.Connection,
    article_id: str,
    text: str,
    settings: DedupSettings,
    *,
    before: int = _LAST,
    keys: list[int] | None = None,
) -> ArticleLink:
    """Find the story ``text`` re-publishes among the articles stored before rowid
    ``before`` (all of them by default). ``keys``: the article's band keys when already
    known (read back from ``article_bands``)."""
    hashes = shingle_hashes(text, settings.shingle_size)
    if len(hashes) < settings.min_shingles:
        return ArticleLink(None, None, [])
    if keys is None:
        keys = band_keys(hashes, settings.bands, settings.rows)
    candidates = connection.execute(
        "SELECT b.article_id, count(*) AS shared FROM article_bands AS b"
        " JOIN articles AS a ON a.id = b.article_id"
        f" WHERE b.band_key IN ({_placeholders(keys)}) AND a.rowid < ? AND b.article_id != ?"
        " GROUP BY b.article_id ORDER BY shared DESC, a.rowid LIMIT ?",
        (*keys, before, article_id, settings.max_candidates),
    ).fetchall()
    if not candidates:
        return ArticleLink(None, None, keys)
    ids = [row[0] for row in candidates]
    rows = connection.execute(
        "SELECT a.text, coalesce(a.duplicate_of, a.id) AS story,"
        " coalesce(o.rowid, a.rowid) AS story_position"
        " FROM articles AS a LEFT JOIN articles AS o ON o.id = a.duplicate_of"
        f" WHERE a.id IN ({_placeholders(ids)})",
        ids,
    ).fetchall()
    found = pick_story(
        ((story_position, resemblance(hashes, shingle_hashes(text, settings.shingle_size)),
          story) for text, story, story_position in rows),
        settings.article_threshold,
    )
    if found is None:
        return ArticleLink(None, None, keys)
    return ArticleLink(*found, keys)


def store_link(connection: sqlite3.Connection, article_id: str, link: ArticleLink) -> None:
    """Write an article's band keys (its articles row must exist)."""
    connection.executemany(
        "INSERT OR IGNORE INTO article_bands (band_key, article_id) VALUES (?, ?)",
        [(key, article_id) for key in link.band_keys],
    )


# -- events ---------------------------------------------------------------------------------

_CANDIDATES = (
    "SELECT e.article_id, e.seq, e.cluster_id, e.evidence_text, a.rowid AS position,"
    " coalesce(a.duplicate_of, a.id) AS story"
    " FROM events AS e JOIN articles AS a ON a.id = e.article_id"
    " WHERE e.source_code IS ? AND e.target_code IS ? AND e.cameo_code = ? AND e.day IS ?"
    " AND e.modality = ? AND e.cluster_id IS NOT NULL AND e.article_id != ?"
)


def assign_clusters(
    connection: sqlite3.Connection,
    article_id: str,
    story: str,
    position: int,
    events: Sequence[dict[str, Any]],
    settings: DedupSettings,
) -> list[str]:
    """The cluster id of each of an article's events (rows of the ``events`` table, in
    ``seq`` order), matched against the stored events of other articles and the article's
    own earlier events. ``story`` is the article's original (itself when it is one),
    ``position`` its rowid."""
    assigned: list[str] = []
    for event in events:
        key = _key(event)
        stored = connection.execute(_CANDIDATES, (*key, article_id)).fetchall()
        candidates = [
            Candidate(row[2], row[3], row[5] == story, False, (row[4], row[1]))
            for row in stored
        ]
        candidates += [
            Candidate(assigned[index], earlier["evidence_text"], True, True,
                      (position, earlier["seq"]))
            for index, earlier in enumerate(events[: len(assigned)])
            if _key(earlier) == key
        ]
        match = best_cluster(event["evidence_text"], event["day"], candidates, settings)
        assigned.append(match[0] if match else cluster_id(article_id, event["seq"]))
    return assigned


def link_events(
    connection: sqlite3.Connection,
    article_id: str,
    story: str,
    position: int,
    rows: Sequence[dict[str, Any]],
    settings: DedupSettings,
) -> None:
    """Set the ``cluster_id`` of an article's ``events`` rows before they are inserted
    (see :func:`assign_clusters`)."""
    if rows:
        assigned = assign_clusters(connection, article_id, story, position, rows, settings)
        for row, value in zip(rows, assigned, strict=True):
            row["cluster_id"] = value


def count_clusters(
    connection: sqlite3.Connection,
    article_id: str,
    published: str | None,
    rows: Sequence[dict[str, Any]],
) -> None:
    """Count the clusters of an article's events once they are inserted: the clusters they
    start are written directly (their members are all in this article), the stored ones
    they joined are counted again."""
    started: Counter[str] = Counter()
    joined: set[str] = set()
    for row in rows:
        value = row["cluster_id"]
        if split_cluster_id(value)[0] == article_id:  # none of its old labels survived
            started[value] += 1
        else:
            joined.add(value)
    connection.executemany(
        "INSERT INTO event_clusters (cluster_id, article_id, seq, num_mentions, num_articles,"
        " num_sources, first_published) VALUES (?, ?, ?, ?, 1, 1, ?)",
        [(value, *split_cluster_id(value), count, published)
         for value, count in started.items()],
    )
    refresh_clusters(connection, joined)


def _key(event: dict[str, Any]) -> tuple:
    return (event["source_code"], event["target_code"], event["cameo_code"], event["day"],
            event["modality"])


_REFRESH = (
    "INSERT OR REPLACE INTO event_clusters (cluster_id, article_id, seq, num_mentions,"
    " num_articles, num_sources, first_published)"
    " SELECT e.cluster_id, ?, ?, count(*), count(DISTINCT e.article_id),"
    " count(DISTINCT coalesce(a.source, a.id)), min(a.published)"
    " FROM events AS e JOIN articles AS a ON a.id = e.article_id"
    " WHERE e.cluster_id = ? GROUP BY e.cluster_id"
)


def refresh_clusters(connection: sqlite3.Connection, cluster_ids: Iterable[str]) -> None:
    """Recount the ``event_clusters`` rows of ``cluster_ids`` from their events."""
    connection.executemany(
        _REFRESH, [(*split_cluster_id(value), value) for value in sorted(set(cluster_ids))]
    )


_KEY_COLUMNS = "e.source_code, e.target_code, e.cameo_code, e.day, e.modality"


def _keys_of(connection: sqlite3.Connection, article_ids: Sequence[str]) -> set[tuple]:
    """The cluster keys (see :func:`_key`) of the events of ``article_ids``."""
    return {tuple(row) for row in connection.execute(
        f"SELECT DISTINCT {_KEY_COLUMNS} FROM events AS e"
        f" WHERE e.article_id IN ({_placeholders(article_ids)})",
        list(article_ids),
    )}


def removal_keys(connection: sqlite3.Connection, article_id: str) -> set[tuple]:
    """The cluster keys whose events removing ``article_id`` may cluster again: those of
    its events and of its copies' events."""
    copies = [row[0] for row in connection.execute(
        "SELECT id FROM articles WHERE duplicate_of = ?", (article_id,)
    )]
    return _keys_of(connection, [article_id, *copies])


def unlink_article(
    connection: sqlite3.Connection, article_id: str, settings: DedupSettings,
    keys: set[tuple] | None = None,
) -> None:
    """Delete an article with all its rows, keeping the clusters and duplicates of the
    others what writing them without it would have given: its copies are linked again, in
    stored order, and every event sharing a cluster key with its events or theirs
    (``keys``: :func:`removal_keys`, when already known) is clustered again (see
    :func:`recluster`)."""
    copies = [row[0] for row in connection.execute(
        "SELECT id FROM articles WHERE duplicate_of = ? ORDER BY rowid", (article_id,)
    )]
    if keys is None:
        keys = _keys_of(connection, [article_id, *copies])
    left = {row[0] for row in connection.execute(
        "SELECT cluster_id FROM events WHERE article_id = ? AND cluster_id IS NOT NULL",
        (article_id,),
    )}
    connection.execute("DELETE FROM articles WHERE id = ?", (article_id,))
    for copy in copies:
        relink_article(connection, copy, settings)
    recluster(connection, keys, settings, recount=left)


def recluster(
    connection: sqlite3.Connection,
    keys: Iterable[tuple],
    settings: DedupSettings,
    *,
    recount: Iterable[str] = (),
) -> None:
    """Assign the cluster of every stored event with one of ``keys`` again, in stored order
    (article rowid, then seq), exactly as writing the articles one by one would: each
    event's candidates are the events before it (the same article's with its own rule), so
    clusters only ever hold events of one key. Then recount the clusters that changed, and
    those of ``recount`` (clusters that lost events)."""
    changed: set[str] = set(recount)
    for key in keys:
        events = connection.execute(
            "SELECT e.article_id, e.seq, e.evidence_text, e.cluster_id, a.rowid,"
            " coalesce(a.duplicate_of, a.id)"
            " FROM events AS e JOIN articles AS a ON a.id = e.article_id"
            " WHERE e.source_code IS ? AND e.target_code IS ? AND e.cameo_code = ?"
            " AND e.day IS ? AND e.modality = ? ORDER BY a.rowid, e.seq",
            key,
        ).fetchall()
        group = [GroupEvent(article, seq, text, position, story)
                 for article, seq, text, _, position, story in events]
        assigned = cluster_group(group, key[3], settings)
        for (article, seq, _, old, _, _), value in zip(events, assigned, strict=True):
            if value != old:
                changed.update(filter(None, (old, value)))
                connection.execute(
                    "UPDATE events SET cluster_id = ? WHERE article_id = ? AND seq = ?",
                    (value, article, seq),
                )
    if changed:
        connection.execute(
            f"DELETE FROM event_clusters WHERE cluster_id IN ({_placeholders(list(changed))})",
            list(changed),
        )
        refresh_clusters(connection, changed)


def relink_article(
    connection: sqlite3.Connection, article_id: str, settings: DedupSettings
) -> None:
    """Link a stored article again to the stories stored before it (its band keys are
    already stored)."""
    text, position = connection.execute(
        "SELECT text, rowid FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    keys = [row[0] for row in connection.execute(
        "SELECT band_key FROM article_bands WHERE article_id = ?", (article_id,)
    )]
    link = link_article(connection, article_id, text, settings, before=position,
                        keys=keys or None)
    connection.execute(
        "UPDATE articles SET duplicate_of = ?, duplicate_similarity = ? WHERE id = ?",
        (link.duplicate_of, link.similarity, article_id),
    )


# -- everything again -------------------------------------------------------------------------


def rebuild(connection: sqlite3.Connection, settings: DedupSettings) -> DedupReport:
    """Recompute every article's duplicate and every event's cluster with ``settings``,
    article by article in stored order (inside the caller's transaction)."""
    connection.execute("DELETE FROM article_bands")
    connection.execute("DELETE FROM event_clusters")
    connection.execute("UPDATE articles SET duplicate_of = NULL, duplicate_similarity = NULL")
    connection.execute("UPDATE events SET cluster_id = NULL")
    report = DedupReport()
    articles = connection.execute("SELECT rowid, id FROM articles ORDER BY rowid").fetchall()
    for position, article_id in articles:
        (text,) = connection.execute(  # one text at a time: a store's texts may not fit
            "SELECT text FROM articles WHERE rowid = ?", (position,)
        ).fetchone()
        link = link_article(connection, article_id, text, settings)
        if link.duplicate_of is not None:
            connection.execute(
                "UPDATE articles SET duplicate_of = ?, duplicate_similarity = ? WHERE id = ?",
                (link.duplicate_of, link.similarity, article_id),
            )
            report.duplicates += 1
        store_link(connection, article_id, link)
        events = [dict(zip(("seq", "source_code", "target_code", "cameo_code", "day",
                            "modality", "evidence_text"), row, strict=True))
                  for row in connection.execute(
                      "SELECT seq, source_code, target_code, cameo_code, day, modality,"
                      " evidence_text FROM events WHERE article_id = ? ORDER BY seq",
                      (article_id,))]
        assigned = assign_clusters(connection, article_id, link.duplicate_of or article_id,
                                   position, events, settings)
        connection.executemany(
            "UPDATE events SET cluster_id = ? WHERE article_id = ? AND seq = ?",
            [(value, article_id, event["seq"]) for value, event in zip(assigned, events,
                                                                        strict=True)],
        )
        report.articles += 1
        report.events += len(events)
    refresh_all(connection)
    report.clusters = connection.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    return report


def refresh_all(connection: sqlite3.Connection) -> None:
    """Rebuild every ``event_clusters`` row from the events, in one statement."""
    first = "e.article_id || ':' || e.seq = e.cluster_id"  # the event that names it
    connection.execute("DELETE FROM event_clusters")
    connection.execute(
        "INSERT INTO event_clusters (cluster_id, article_id, seq, num_mentions, num_articles,"
        " num_sources, first_published)"
        f" SELECT e.cluster_id, max(CASE WHEN {first} THEN e.article_id END),"
        f" max(CASE WHEN {first} THEN e.seq END), count(*), count(DISTINCT e.article_id),"
        " count(DISTINCT coalesce(a.source, a.id)), min(a.published)"
        " FROM events AS e JOIN articles AS a ON a.id = e.article_id"
        " WHERE e.cluster_id IS NOT NULL GROUP BY e.cluster_id"
    )
