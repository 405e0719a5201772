"""Synthetic events at scale: a Parquet dataset (and optionally a SQLite store) to query.

Writes N events (default 10,000,000) with the columns of the store's ``events`` table (read
from the bundled schema, so they cannot drift) as a Parquet dataset in the export layout,
``<out>/events/month=YYYY-MM/part-0.parquet`` (``month=unknown`` for the few events of
undated articles), one month at a time so memory stays bounded. With ``--sqlite PATH`` the
same events also go into a SQLite store with the real schema: one transaction of
``executemany`` inserts into the bare tables, then the schema's indexes are built (faster
than keeping eight indexes up to date row by row; the store ends up the same), then WAL mode
and ``PRAGMA user_version`` as ``attache.open_store`` expects. Only ``events`` is filled.

The data are skewed the way news event data are:

* about 300 actor codes (countries x agent suffixes: ``USA``, ``RUSGOV``, ``CHNMIL`` ...)
  drawn with Zipf-like frequencies (the rank-r code has weight 1/r^1.05), source and target
  independently (never the same code), so a few dyads are very busy and most are rare;
  5 % of events have no source and 15 % no target;
* CAMEO codes weighted by root as in real feeds (statements, consultations and appeals
  common, mass violence rare), with root, quad class, Goldstein score and PLOVER type and
  mode taken from ``attache.events.tables.cameo_codes()``;
* about three events an article; publication dates over ``--years`` years from
  ``--start`` with a seasonal wave and growth; event dates mostly the publication day or a
  few days before, some month-precision, some missing; 90 % asserted, 5 % negated, 5 %
  hypothetical; 40 % of events have a location.

    .venv/bin/python benchmarks/synthetic_events.py --rows 10000000 --out benchmarks/out/p10m
    .venv/bin/python benchmarks/synthetic_events.py --rows 2000000 --out benchmarks/out/p2m \
        --sqlite benchmarks/out/p2m.sqlite

Prints a JSON object (rows, seconds for each part, bytes on disk) and a short table.
"""

from __future__ import annotations

import argparse
import calendar
import json
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from attache.events.tables import cameo_codes
from attache.store.sqlite import SCHEMA_VERSION, schema_statements

ARROW_TYPES = {"TEXT": pa.string(), "INTEGER": pa.int64(), "REAL": pa.float64()}

COUNTRIES = (
    "USA RUS CHN UKR GBR ISR IRN FRA DEU IND TUR SYR PAK AFG IRQ JPN KOR PRK SAU EGY NGA BRA "
    "MEX CAN AUS ITA ESP POL YEM LBN PSE QAT ARE VEN COL ZAF KEN ETH SDN LBY MLI IDN PHL VNM "
    "THA MMR BGD BLR GEO ARM AZE KAZ SRB HUN GRC NLD BEL SWE NOR FIN CHE AUT CUB ARG CHL PER "
    "TWN SGP MYS NZL"
).split()
SUFFIXES = {
    "": 1.0, "GOV": 0.9, "MIL": 0.5, "OPP": 0.2, "BUS": 0.2, "MED": 0.15, "CVL": 0.15,
    "COP": 0.15, "LEG": 0.12, "JUD": 0.1, "REB": 0.05, "EDU": 0.05, "HLH": 0.04, "REF": 0.04,
}  # fmt: skip
ROOT_SHARES = {
    "01": 20, "02": 8, "03": 8, "04": 18, "05": 8, "06": 3, "07": 3, "08": 3, "09": 2,
    "10": 3, "11": 5, "12": 3, "13": 2, "14": 2, "15": 0.5, "16": 1.5, "17": 3, "18": 3,
    "19": 6, "20": 0.2,
}  # fmt: skip
PLACES = [  # name, iso3, cameo, admin1, latitude, longitude, geonames id, kind
    ("Kyiv", "UKR", "UKR", "Kyiv City", 50.45, 30.52, 703448, "city"),
    ("Moscow", "RUS", "RUS", "Moscow", 55.75, 37.62, 524901, "city"),
    ("Washington", "USA", "USA", "District of Columbia", 38.90, -77.04, 4140963, "city"),
    ("Beijing", "CHN", "CHN", "Beijing", 39.91, 116.40, 1816670, "city"),
    ("Gaza", "PSE", "PSE", "Gaza Strip", 31.50, 34.47, 281133, "city"),
    ("Damascus", "SYR", "SYR", "Dimashq", 33.51, 36.29, 170654, "city"),
    ("Kabul", "AFG", "AFG", "Kabul", 34.53, 69.17, 1138958, "city"),
    ("London", "GBR", "GBR", "England", 51.51, -0.13, 2643743, "city"),
    ("Tehran", "IRN", "IRN", "Tehran", 35.69, 51.42, 112931, "city"),
    ("Kharkiv", "UKR", "UKR", "Kharkiv", 49.99, 36.23, 706483, "city"),
    ("Ukraine", "UKR", "UKR", None, 49.0, 32.0, 690791, "country"),
    ("Syria", "SYR", "SYR", None, 35.0, 38.0, 163843, "country"),
]
WORDS = (
    "officials said the government would talks troops border minister president on Monday "
    "after meeting forces attack agreement sanctions aid ceasefire protesters police capital "
    "visit condemned accused called for urged rejected signed deal with security council"
).split()


def events_columns() -> list[tuple[str, str]]:
    """(name, declared type) of every column of the store's ``events`` table."""
    connection = sqlite3.connect(":memory:")
    for statement in schema_statements():
        connection.execute(statement)
    columns = [(row[1], row[2]) for row in connection.execute("PRAGMA table_info(events)")]
    connection.close()
    return columns


def actor_codes(rng: np.random.Generator, count: int) -> tuple[list[str], np.ndarray]:
    """``count`` actor codes ranked busiest first, and their Zipf-like probabilities."""
    scored = []
    for rank, country in enumerate(COUNTRIES):
        for suffix, weight in SUFFIXES.items():
            noise = rng.lognormal(0.0, 0.3)
            scored.append((weight * noise / (rank + 1) ** 0.9, country + suffix))
    codes = [code for _, code in sorted(scored, reverse=True)[:count]]
    weights = 1.0 / np.arange(1, len(codes) + 1) ** 1.05
    return codes, weights / weights.sum()


def cameo_table() -> tuple[list, np.ndarray]:
    """The CAMEO readings and the probability of each code (root share spread over its codes,
    the two-digit root code weighted 3, three-digit codes 1, four-digit 0.3)."""
    readings = list(cameo_codes().values())
    level_weight = {2: 3.0, 3: 1.0, 4: 0.3}
    per_root: dict[str, float] = {}
    for reading in readings:
        per_root[reading.root_code] = (
            per_root.get(reading.root_code, 0.0) + level_weight[len(reading.code)]
        )
    weights = np.array(
        [
            ROOT_SHARES[r.root_code] * level_weight[len(r.code)] / per_root[r.root_code]
            for r in readings
        ]
    )
    return readings, weights / weights.sum()


def months(start: date, years: int) -> list[date]:
    firsts, month = [], start.replace(day=1)
    for _ in range(years * 12):
        firsts.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return firsts


def month_sizes(rng: np.random.Generator, count: int, rows: int) -> np.ndarray:
    """Events per month: growth, a yearly wave and noise, summing to ``rows``."""
    index = np.arange(count)
    shape = (1 + index / count) * (1 + 0.25 * np.sin(index * 2 * np.pi / 12)) * rng.uniform(
        0.85, 1.15, count
    )
    sizes = np.floor(shape / shape.sum() * rows).astype(np.int64)
    sizes[-1] += rows - sizes.sum()
    return sizes


def _take(pool: list, indices: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """``pool[indices]`` as an Arrow array, null where ``mask`` is true."""
    arrow_pool = pa.array(pool)
    taken = pa.array(indices, mask=mask)
    return arrow_pool.take(taken)


def _ints(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(values.astype(np.int64), type=pa.int64(), mask=mask)


class Generator:
    """Builds one month of events at a time as an Arrow table with the events columns."""

    def __init__(self, seed: int, actors: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.columns = events_columns()
        self.schema = pa.schema([(name, ARROW_TYPES[kind]) for name, kind in self.columns])
        self.codes, self.code_p = actor_codes(self.rng, actors)
        self.readings, self.cameo_p = cameo_table()
        self.sentences = [
            " ".join(self.rng.choice(WORDS, size=int(self.rng.integers(12, 30)))).capitalize()
            + "."
            for _ in range(2000)
        ]
        self.article_counter = 0

    def month(self, first: date | None, rows: int) -> pa.Table:
        """``rows`` events published in the month starting ``first`` (None: undated)."""
        rng, n = self.rng, rows
        articles = max(1, n // 3)
        article = np.sort(rng.integers(0, articles, n))
        starts = np.flatnonzero(np.r_[True, article[1:] != article[:-1]])
        seq = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
        ids = [f"syn-{self.article_counter + i:09d}" for i in range(articles)]
        self.article_counter += articles
        if first is None:
            published = pa.nulls(n, pa.string())
            day_of = None
        else:
            days = calendar.monthrange(first.year, first.month)[1]
            article_day = np.sort(rng.integers(0, days, articles))
            day_of = article_day[article]
            day_pool = [(first + timedelta(days=d)).isoformat() for d in range(days)]
            published = _take(day_pool, day_of)

        data: dict[str, pa.Array] = {
            "article_id": _take(ids, article),
            "seq": _ints(seq),
        }
        sentence_index = rng.integers(0, 30, n)
        data["sentence_index"] = _ints(sentence_index)
        start = rng.integers(0, 5000, n)
        length = rng.integers(60, 240, n)
        data["start"], data["end"] = _ints(start), _ints(start + length)
        data["evidence_text"] = _take(self.sentences, rng.integers(0, len(self.sentences), n))
        data["rule"] = _take(["rule:svo", "rule:passive", "rule:xcomp"], rng.integers(0, 3, n))
        verb = start + rng.integers(0, 40, n)
        data["verb_start"], data["verb_end"] = _ints(verb), _ints(verb + rng.integers(4, 12, n))
        source_pick = None
        for side, missing in (("source", 0.05), ("target", 0.15)):
            none = rng.random(n) < missing
            pick = rng.choice(len(self.codes), size=n, p=self.code_p)
            while source_pick is not None and (same := pick == source_pick).any():
                pick[same] = rng.choice(len(self.codes), size=int(same.sum()), p=self.code_p)
            source_pick = pick
            data[f"{side}_code"] = _take(self.codes, pick, none)
            data[f"{side}_country"] = _take([c[:3] for c in self.codes], pick, none)
            data[f"{side}_text"] = _take([c.title() for c in self.codes], pick, none)
            offset = start + rng.integers(0, 40, n)
            data[f"{side}_start"] = _ints(offset, none)
            data[f"{side}_end"] = _ints(offset + 7, none)
            data[f"{side}_entry"] = _take(
                [f"Phoenix.Countries.actors.txt:{100 + i}" for i in range(len(self.codes))],
                pick, none,
            )  # fmt: skip
            data[f"{side}_kind"] = _take(["actor"], np.zeros(n, np.int64), none)
            data[f"{side}_mention_code"] = data[f"{side}_code"]
            data[f"{side}_rule"] = _take(["rule:subject", "rule:object"], pick % 2, none)
            data[f"{side}_sentence_index"] = _ints(sentence_index, none)
            data[f"{side}_antecedent_start"] = pa.nulls(n, pa.int64())
            data[f"{side}_antecedent_end"] = pa.nulls(n, pa.int64())
        cameo = rng.choice(len(self.readings), size=n, p=self.cameo_p)
        data["cameo_code"] = _take([r.code for r in self.readings], cameo)
        data["root_code"] = _take([r.root_code for r in self.readings], cameo)
        data["quad_class"] = pa.array(
            np.array([r.quad_class for r in self.readings], np.int64)[cameo]
        )
        data["goldstein"] = pa.array(
            np.array([r.goldstein for r in self.readings], np.float64)[cameo]
        )
        data["plover_type"] = _take([r.plover_type for r in self.readings], cameo)
        data["plover_mode"] = _take([r.plover_mode for r in self.readings], cameo)
        data["modality"] = _take(
            ["asserted", "negated", "hypothetical"], rng.choice(3, size=n, p=[0.9, 0.05, 0.05])
        )
        data["pattern"] = _take(
            [f"CAMEO.verbpatterns.150430.txt:{line}" for line in range(1, 5001, 7)],
            rng.integers(0, 715, n),
        )
        data["clause_depth"] = _ints(rng.choice(4, size=n, p=[0.6, 0.25, 0.1, 0.05]))
        data["date"], data["date_basis"] = self._event_dates(first, day_of, n)
        data["background"] = _ints(rng.random(n) < 0.05)
        data.update(self._locations(n))
        data["published"] = published
        return pa.table([data[name] for name, _ in self.columns], schema=self.schema)

    def _event_dates(self, first: date | None, day_of: np.ndarray | None, n: int):
        rng = self.rng
        kind = rng.choice(5, size=n, p=[0.6, 0.2, 0.05, 0.1, 0.05])
        bases = ["publication", "relative", "explicit", "story", "none"]
        if first is None:  # undated articles: explicit dates only, else none
            kind = np.where(kind == 2, 2, 4)
            values = [
                (date(2021, 1, 1) + timedelta(days=int(d))).isoformat()
                for d in rng.integers(0, 365, n)
            ]
            return pa.array(values, mask=kind == 4), _take(bases, kind)
        back = np.where(kind == 1, rng.integers(1, 8, n), 0)
        day_index = day_of - back + 15  # pool starts 15 days before the month
        pool = [(first + timedelta(days=d - 15)).isoformat() for d in range(15 + 31)]
        full = _take(pool, day_index).to_numpy(zero_copy_only=False)
        values = np.where(kind == 3, [v[:7] for v in full], full)  # story dates: the month
        return pa.array(values, mask=kind == 4), _take(bases, kind)

    def _locations(self, n: int) -> dict[str, pa.Array]:
        rng = self.rng
        none = rng.random(n) >= 0.4
        pick = rng.integers(0, len(PLACES), n)
        columns = zip(*PLACES, strict=True)
        name, iso3, cameo, admin1, latitude, longitude, geonames_id, kind = columns
        offset = rng.integers(0, 5000, n)
        return {
            "location_name": _take(list(name), pick, none),
            "location_country_iso3": _take(list(iso3), pick, none),
            "location_cameo_code": _take(list(cameo), pick, none),
            "location_admin1": _take(list(admin1), pick, none),
            "location_latitude": _take(list(latitude), pick, none),
            "location_longitude": _take(list(longitude), pick, none),
            "location_geonames_id": _take(list(geonames_id), pick, none),
            "location_kind": _take(list(kind), pick, none),
            "location_dateline": _ints(rng.random(n) < 0.1, none),
            "location_sentence_index": _ints(rng.integers(0, 30, n), none),
            "location_start": _ints(offset, none),
            "location_end": _ints(offset + 6, none),
            "location_text": _take(list(name), pick, none),
            "location_rule": _take(["rule:place"], np.zeros(n, np.int64), none),
        }


class SqliteWriter:
    """The real schema's tables, one bulk transaction of inserts, then its indexes."""

    def __init__(self, path: Path, columns: list[tuple[str, str]]) -> None:
        if path.exists():
            raise FileExistsError(f"{path} exists: remove it first")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA synchronous = OFF")
        self.connection.execute("PRAGMA journal_mode = OFF")  # bulk load; WAL set at the end
        self.connection.execute("PRAGMA cache_size = -1000000")  # 1 GB
        statements = schema_statements()
        self.indexes = [s for s in statements if s.upper().startswith("CREATE INDEX")]
        for statement in statements:
            if statement not in self.indexes:
                self.connection.execute(statement)
        names = ", ".join(f'"{name}"' for name, _ in columns)
        self.sql = f"INSERT INTO events ({names}) VALUES ({', '.join('?' * len(columns))})"
        self.connection.execute("BEGIN")
        self.insert_seconds = 0.0

    def write(self, table: pa.Table, chunk: int = 50_000) -> None:
        started = time.perf_counter()
        for offset in range(0, table.num_rows, chunk):
            part = table.slice(offset, chunk)
            columns = [column.to_pylist() for column in part.columns]
            self.connection.executemany(self.sql, zip(*columns, strict=True))
        self.insert_seconds += time.perf_counter() - started

    def finish(self) -> dict[str, float]:
        started = time.perf_counter()
        self.connection.execute("COMMIT")
        commit = time.perf_counter() - started
        started = time.perf_counter()
        for statement in self.indexes:
            self.connection.execute(statement)
        index_seconds = time.perf_counter() - started
        self.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.close()
        return {
            "insert_seconds": round(self.insert_seconds + commit, 2),
            "index_seconds": round(index_seconds, 2),
        }


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="events (default 10M)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/synthetic"),
                        help="the dataset folder to write (must not exist)")  # fmt: skip
    parser.add_argument("--sqlite", type=Path, help="also write the events to this new store")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2020, 1, 1))
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--actors", type=int, default=300, help="actor codes (default 300)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--undated", type=float, default=0.003,
                        help="share of events from undated articles (default 0.003)")  # fmt: skip
    parser.add_argument("--row-group", type=int, default=122_880, help="Parquet row group rows")
    args = parser.parse_args(argv)
    if args.out.exists():
        print(f"{args.out} exists: remove it or pick another --out", file=sys.stderr)
        return 1

    generator = Generator(args.seed, args.actors)
    undated = int(args.rows * args.undated)
    firsts = months(args.start, args.years)
    sizes = month_sizes(generator.rng, len(firsts), args.rows - undated)
    sqlite = SqliteWriter(args.sqlite, generator.columns) if args.sqlite else None
    generate_seconds = parquet_seconds = 0.0
    started = time.perf_counter()
    for first, size in [*zip(firsts, sizes, strict=True), (None, undated)]:
        if size == 0:
            continue
        begun = time.perf_counter()
        table = generator.month(first, int(size))
        generate_seconds += time.perf_counter() - begun
        begun = time.perf_counter()
        part = args.out / "events" / f"month={first.isoformat()[:7] if first else 'unknown'}"
        part.mkdir(parents=True)
        pq.write_table(table, part / "part-0.parquet", row_group_size=args.row_group)
        parquet_seconds += time.perf_counter() - begun
        if sqlite:
            sqlite.write(table)
    result: dict = {
        "rows": args.rows,
        "months": len(firsts),
        "actors": len(generator.codes),
        "busiest_actors": generator.codes[:5],
        "out": str(args.out),
        "generate_seconds": round(generate_seconds, 2),
        "parquet_write_seconds": round(parquet_seconds, 2),
        "parquet_bytes": folder_bytes(args.out),
    }
    if sqlite:
        result.update(sqlite.finish())
        result["sqlite"] = str(args.sqlite)
        result["sqlite_bytes"] = args.sqlite.stat().st_size
    result["total_seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(result, indent=2))
    print()
    print(f"{'rows':>12}  {'parquet MB':>10}  {'parquet s':>9}  {'sqlite MB':>9}  "
          f"{'insert s':>8}  {'index s':>7}  {'total s':>7}")  # fmt: skip
    print(
        f"{args.rows:>12,}  {result['parquet_bytes'] / 1e6:>10.0f}  "
        f"{generate_seconds + parquet_seconds:>9.1f}  "
        f"{result.get('sqlite_bytes', 0) / 1e6:>9.0f}  {result.get('insert_seconds', 0):>8.1f}  "
        f"{result.get('index_seconds', 0):>7.1f}  {result['total_seconds']:>7.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
