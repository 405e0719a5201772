"""Dedup: the same story re-published, and the same event reported by many articles.

The one home of duplicates and event clusters:

* the rules, pure functions with no store: :mod:`attache.dedup.text` measures how alike two
  texts are (word shingles, MinHash band keys for finding candidates without reading every
  article, evidence similarity), :mod:`attache.dedup.clusters` decides which stored event a
  new event repeats, and :class:`DedupSettings` (:mod:`attache.dedup.settings`) holds the
  thresholds;
* their application to the SQLite store, :mod:`attache.dedup.sqlite`, as each article is
  written, so an article's duplicate and its events' clusters are in place the moment it is
  stored, as GDELT's ``NumArticles``/``NumSources`` count the reports of one event;
* their application to a Parquet dataset folder, :mod:`attache.dedup.parquet`, afterwards,
  in one batch pass with the same functions.

Importing this package imports the rules only (the store modules import them).
"""

from attache.dedup.clusters import (
    CLUSTER,
    EVENT_DAY_SQL,
    Candidate,
    GroupEvent,
    best_cluster,
    cluster_group,
    cluster_id,
    event_day,
    pick_story,
    split_cluster_id,
)
from attache.dedup.settings import DedupSettings
from attache.dedup.text import (
    band_keys,
    evidence_similarity,
    jaccard,
    resemblance,
    shingle_hashes,
    signature,
    words,
)

__all__ = [
    "CLUSTER",
    "EVENT_DAY_SQL",
    "Candidate",
    "DedupSettings",
    "GroupEvent",
    "band_keys",
    "best_cluster",
    "cluster_group",
    "cluster_id",
    "event_day",
    "pick_story",
    "evidence_similarity",
    "jaccard",
    "resemblance",
    "shingle_hashes",
    "signature",
    "split_cluster_id",
    "words",
]
