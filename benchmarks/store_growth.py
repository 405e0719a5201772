"""Store growth: the cost of writing one article (with its duplicate lookup, event clustering
and aggregates) as the SQLite store grows, and the size of the dedup index.

Fills a new store with synthetic articles up to each size of ``--sizes`` (default 10k, 100k
and 1M stored articles), and at each size writes ``--batch`` more through ``Store.write``
(the path ``attache ingest`` takes), timing each write: nine in ten new stories, one in ten a
copy of a stored story (found through the MinHash bands, its events joining the stored
clusters), so both the miss and the hit of the duplicate lookup are measured. The ratio of
the median write at the largest size to that at the first is the bar (at most 1.5).

Articles are synthetic (no parser): about 110 words drawn from a 20,000-word vocabulary, so
two stories share no 5-word shingle by chance, and three events each on Zipf-distributed
actors, CAMEO codes, days and places. The filling between sizes is a bulk load of what
``Store.write`` would store for those articles (one transaction per chunk, the store's own
row converters and band keys; every event its own cluster, as unique stories give), then
``event_clusters`` and the aggregates as the store computes them: writing a million
articles one by one would take hours and measure nothing the batches do not.

``dedup index`` is the on-disk size of ``article_bands`` and its index (SQLite's dbstat),
what the duplicate lookup searches; ``peak RSS`` the benchmark process's.

    .venv/bin/python benchmarks/store_growth.py                 # 10k, 100k, 1M (long)
    .venv/bin/python benchmarks/store_growth.py --quick         # 2k, 20k: a sanity check

Prints a JSON object, then a table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from attache.dedup import band_keys, shingle_hashes
from attache.model import (
    Actor,
    Article,
    CodedArticle,
    Event,
    Evidence,
    Mention,
    Place,
    Sentence,
)
from attache.store import open_store
from attache.store.records import TABLES, article_row, utc_now

BAR = 1.5
"""The largest ratio of the median write at the largest size to that at the first."""

ACTORS = [country + suffix for country in ("USA", "RUS", "CHN", "UKR", "GBR", "ISR", "IRN",
                                           "FRA", "DEU", "IND", "TUR", "SYR", "PAK", "AFG")
          for suffix in ("", "GOV", "MIL", "OPP", "BUS")]
CODES = [("010", 1, 0.0), ("036", 1, 4.0), ("042", 1, 1.9), ("057", 1, 8.0),
         ("061", 2, 6.4), ("111", 3, -2.0), ("112", 3, -2.0), ("130", 3, -4.4),
         ("173", 4, -5.0), ("190", 4, -10.0), ("193", 4, -10.0)]
PLACES = [("Kyiv", "UKR", 703448), ("Moscow", "RUS", 524901), ("Gaza", "PSE", 281133),
          ("Washington", "USA", 4140963), ("Beijing", "CHN", 1816670)]


class Articles:
    """Synthetic coded articles, reproducible from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        letters = "abcdefghijklmnopqrstuvwxyz"
        words = {"".join(self.rng.choices(letters, k=self.rng.randint(3, 9)))
                 for _ in range(24_000)}
        self.vocabulary = sorted(words)[:20_000]
        self.actor_weights = list(accumulate(1 / rank ** 1.1
                                             for rank in range(1, len(ACTORS) + 1)))
        self.first_day = date(2020, 1, 1)

    def make(self, article_id: str) -> CodedArticle:
        rng = self.rng
        words = rng.choices(self.vocabulary, k=110)
        texts = [" ".join(part).capitalize() + "."
                 for part in (words[:40], words[40:75], words[75:])]
        text = " ".join(texts)
        published = self.first_day + timedelta(days=rng.randrange(5 * 365))
        article = Article(article_id, text, title=" ".join(words[:6]), published=published,
                          source=f"Wire {rng.randrange(50)}",
                          url=f"https://example.org/{article_id}")
        sentences, events, start = [], [], 0
        for index, sentence in enumerate(texts):
            sentences.append(Sentence(article_id, index, start, start + len(sentence),
                                      sentence))
            evidence = Evidence(article_id, index, start, start + len(sentence), sentence,
                                "rule:svo")
            source, target = rng.choices(ACTORS, cum_weights=self.actor_weights, k=2)
            while target == source:
                target = rng.choices(ACTORS, cum_weights=self.actor_weights)[0]
            code, quad, goldstein = rng.choice(CODES)
            place = rng.choice(PLACES) if rng.random() < 0.4 else None
            events.append(Event(
                evidence=evidence, verb_start=start, verb_end=start + 3,
                source=self._actor(article_id, index, start, source),
                target=self._actor(article_id, index, start, target),
                cameo_code=code, root_code=code[:2], quad_class=quad, goldstein=goldstein,
                plover_type=None, plover_mode=None, pattern=f"synthetic:{code}",
                date=published.isoformat() if rng.random() < 0.7 else None,
                date_basis="publication",
                location=None if place is None else Place(
                    evidence, place[0], place[1], place[1], geonames_id=place[2]),
            ))
            start += len(sentence) + 1
        return CodedArticle(article=article, sentences=sentences, events=events)

    @staticmethod
    def _actor(article_id: str, index: int, start: int, code: str) -> Actor:
        evidence = Evidence(article_id, index, start, start + 3, "xxx", "synthetic.actors:1")
        return Actor(code, Mention(evidence, "actor", code, code))


def bulk_fill(store, articles: Articles, first: int, last: int, chunk: int = 5000) -> float:
    """Store articles ``first``..``last - 1`` as ``Store.write`` would (see the module
    docstring), in one transaction per ``chunk``; returns the seconds it took."""
    started = time.perf_counter()
    connection = store._connection  # a bulk load: the benchmark's own business
    settings = store.dedup_settings
    now = utc_now()
    for low in range(first, last, chunk):
        rows: dict[str, list[dict]] = {"articles": [], "article_bands": [],
                                       "event_clusters": []}
        for number in range(low, min(last, low + chunk)):
            coded = articles.make(f"s{number:08d}")
            rows["articles"].append(article_row(coded, attache_version="bench", coded_at=now))
            hashes = shingle_hashes(coded.article.text, settings.shingle_size)
            rows["article_bands"] += [{"band_key": key, "article_id": coded.article.id}
                                      for key in band_keys(hashes, settings.bands,
                                                           settings.rows)]
            for table in TABLES:
                table_rows = table.rows(coded)
                if table.name == "events":
                    for row in table_rows:
                        row["cluster_id"] = f"{row['article_id']}:{row['seq']}"
                        rows["event_clusters"].append({
                            "cluster_id": row["cluster_id"], "article_id": row["article_id"],
                            "seq": row["seq"], "num_mentions": 1, "num_articles": 1,
                            "num_sources": 1, "first_published": row["published"]})
                rows.setdefault(table.name, []).extend(table_rows)
        connection.execute("BEGIN")
        for table, table_rows in rows.items():
            if table_rows:
                names = list(table_rows[0])
                connection.executemany(
                    f"INSERT INTO {table} ({', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)})"
                    f" VALUES ({', '.join(':' + n for n in names)})", table_rows)
        connection.execute("COMMIT")
    return time.perf_counter() - started


def measure_writes(store, articles: Articles, stored: int, batch: int, tag: str) -> list[float]:
    """Write ``batch`` articles through ``Store.write``; one in ten a copy of a stored one."""
    times = []
    for number in range(batch):
        coded = articles.make(f"{tag}-{number}")
        if number % 10 == 9:  # the same story again, under a new id, with its events
            copy_of = store.article(f"s{articles.rng.randrange(stored):08d}")
            if copy_of is not None:
                article = Article(coded.article.id, copy_of.article.text,
                                  published=coded.article.published, source="Copy Wire")
                coded = CodedArticle(article=article, sentences=copy_of.sentences,
                                     events=[_moved(event, article.id)
                                             for event in copy_of.events])
        started = time.perf_counter()
        status = store.write(coded)
        times.append(time.perf_counter() - started)
        assert status == "inserted", status
    return times


def _moved(event: Event, article_id: str) -> Event:
    """``event`` as reported by the article ``article_id`` (a copy of its story)."""
    from dataclasses import replace

    evidence = replace(event.evidence, article_id=article_id)
    return replace(event, evidence=evidence)


def dedup_index_bytes(store) -> int:
    rows = store.read("SELECT sum(pgsize) AS bytes FROM dbstat"
                      " WHERE name IN ('article_bands', 'article_bands_article')")
    return int(rows[0]["bytes"] or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                        help="stored articles at which to measure (default 10k 100k 1M)")
    parser.add_argument("--batch", type=int, default=1000, help="writes timed per size")
    parser.add_argument("--quick", action="store_true", help="sizes 2k and 20k, batch 200")
    parser.add_argument("--store", type=Path, help="the store to fill (default: a temporary)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    sizes, batch = ([2_000, 20_000], 200) if args.quick else (sorted(args.sizes), args.batch)
    result: dict = {"benchmark": "store_growth", "cpus": os.cpu_count(), "batch": batch,
                    "sizes": []}
    articles = Articles(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = args.store or Path(folder) / "growth.sqlite"
        if path.exists():
            raise SystemExit(f"{path} exists: remove it or pick another --store")
        with open_store(path) as store:
            stored = 0
            for size in sizes:
                fill_s = bulk_fill(store, articles, stored, size)
                stored = size
                started = time.perf_counter()
                store.aggregate()
                aggregate_s = time.perf_counter() - started
                load = os.getloadavg()[0]
                times = measure_writes(store, articles, stored, batch, f"w{size}")
                row = {
                    "stored_articles": size,
                    "fill_s": round(fill_s, 1),
                    "aggregate_rebuild_s": round(aggregate_s, 1),
                    "write_median_ms": round(statistics.median(times) * 1000, 3),
                    "write_mean_ms": round(statistics.fmean(times) * 1000, 3),
                    "write_p90_ms": round(sorted(times)[int(len(times) * 0.9)] * 1000, 3),
                    "dedup_index_mb": round(dedup_index_bytes(store) / 1e6, 1),
                    "store_mb": round(path.stat().st_size / 1e6, 1),
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                         / 1024, 1),
                    "load_average": round(load, 2),
                }
                result["sizes"].append(row)
                print(f"  {size:>9,} stored: median write {row['write_median_ms']:.2f} ms",
                      file=sys.stderr)
    first, last = result["sizes"][0], result["sizes"][-1]
    ratio = last["write_median_ms"] / first["write_median_ms"]
    result["ratio_last_first"] = round(ratio, 3)
    result["bar"] = {"ratio": BAR, "met": ratio <= BAR}
    print(json.dumps(result, indent=2))
    print()
    print(f"{'stored':>10}  {'median ms':>9}  {'mean ms':>8}  {'p90 ms':>7}  "
          f"{'index MB':>8}  {'store MB':>8}  {'RSS MB':>7}  {'fill s':>7}")
    for row in result["sizes"]:
        print(f"{row['stored_articles']:>10,}  {row['write_median_ms']:>9.2f}  "
              f"{row['write_mean_ms']:>8.2f}  {row['write_p90_ms']:>7.2f}  "
              f"{row['dedup_index_mb']:>8.1f}  {row['store_mb']:>8.1f}  "
              f"{row['peak_rss_mb']:>7.1f}  {row['fill_s']:>7.1f}")
    print(f"median write at {last['stored_articles']:,} / at {first['stored_articles']:,}: "
          f"{ratio:.3f} (bar <= {BAR}: {'met' if ratio <= BAR else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
