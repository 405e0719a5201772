"""Shared fixtures: hand-built records (no spaCy model needed), real temporary stores,
a stand-in coder, and the way to run the real ``attache`` command."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest

from attache.model import (
    Actor,
    Article,
    CodedArticle,
    DateExpression,
    Equipment,
    Event,
    Evidence,
    Mention,
    Place,
    Quantity,
    Quote,
    Rejection,
    Sentence,
)
from attache.store import Store, open_store

#: The fixture that loads the real spaCy model, and those that drive Chromium: the tests
#: using them, directly or through other fixtures, get the ``model`` and ``browser`` markers
#: (``pytest -m "not model and not browser and not slow"`` runs the rest quickly).
MODEL_FIXTURES = frozenset({"coder"})
BROWSER_FIXTURES = frozenset({"chromium", "watched"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)

DEFAULT_TEXT = (
    "Russian troops attacked Ukrainian positions near Kharkiv on Monday. "
    "The United States condemned the attack, the State Department said."
)


def _evidence(article: Article, phrase: str, sentence_index: int, rule: str) -> Evidence:
    start = article.text.index(phrase)
    return Evidence(article.id, sentence_index, start, start + len(phrase), phrase, rule)


def _mention(article: Article, phrase: str, code: str, sentence_index: int) -> Mention:
    evidence = _evidence(article, phrase, sentence_index, "Phoenix.Countries.actors.txt:1")
    return Mention(evidence, "actor", code, phrase.upper())


def build_coded(
    article_id: str = "a1",
    text: str = DEFAULT_TEXT,
    published: date | None = date(2020, 1, 6),
    events: Iterable[tuple[str | None, str, str | None, str]] | None = None,
    title: str | None = "Troops attack",
) -> CodedArticle:
    """A CodedArticle with every record type filled, built by hand over ``text``.

    ``events`` lists (source, cameo, target, modality); by default one attack RUSMIL ->
    UKRMIL (asserted) and one condemnation USAGOV -> RUSMIL (asserted). Actors point at the
    first words of the text, so any ``text`` of a few words works.
    """
    article = Article(
        article_id,
        text,
        title=title,
        published=published,
        source="Test Wire",
        url=f"https://example.org/{article_id}",
    )
    first_dot = text.find(".") + 1 or len(text)
    sentences = [Sentence(article_id, 0, 0, first_dot, text[:first_dot])]
    if first_dot < len(text):
        rest = text[first_dot:].lstrip()
        start = len(text) - len(rest)
        sentences.append(Sentence(article_id, 1, start, len(text), rest))
    words = text.split()
    source_word, target_word = words[0], words[min(3, len(words) - 1)]
    if events is None:
        events = [("RUSMIL", "190", "UKRMIL", "asserted"), ("USAGOV", "122", "RUSMIL", "asserted")]
    coded_events = []
    mentions = []
    for index, (source, cameo, target, modality) in enumerate(events):
        source_mention = _mention(article, source_word, source, 0) if source else None
        target_mention = _mention(article, target_word, target, 0) if target else None
        mentions.extend(m for m in (source_mention, target_mention) if m)
        quad = {"0": 1, "1": 3}.get(cameo[0], 1)
        if cameo[:2] in ("18", "19", "20"):
            quad = 4
        elif cameo[:2] in ("06", "07", "08"):
            quad = 2
        coded_events.append(
            Event(
                evidence=Evidence(article_id, 0, 0, first_dot, text[:first_dot], "rule:svo"),
                verb_start=0,
                verb_end=len(source_word),
                source=Actor(source, source_mention) if source_mention else None,
                target=Actor(target, target_mention) if target_mention else None,
                cameo_code=cameo,
                root_code=cameo[:2],
                quad_class=quad,
                goldstein=-10.0 if quad == 4 else 1.5,
                plover_type="ASSAULT" if quad == 4 else "DISAPPROVE",
                plover_mode=None,
                modality=modality,
                pattern=f"CAMEO.verbpatterns.150430.txt:{cameo}",
                clause_depth=index,
                date="2020-01-06" if index == 0 else None,
                date_basis="explicit" if index == 0 else "publication",
                background=index > 0,
                location=Place(
                    _evidence(article, words[-2], len(sentences) - 1, "rule:place"),
                    words[-2], "UKR", "UKR", kind="city", dateline=False,
                ) if index == 0 else None,
            )
        )
    reference = Mention(
        _evidence(article, words[-1].rstrip("."), len(sentences) - 1, "rule:pronoun"),
        "reference",
        "RUSMIL",
        "-",
        antecedent=(0, len(source_word)),
    )
    speaker_evidence = _evidence(article, words[-1].rstrip("."), len(sentences) - 1, "rule:q")
    return CodedArticle(
        article=article,
        sentences=sentences,
        mentions=[*mentions, reference],
        events=coded_events,
        quotes=[
            Quote(
                evidence=Evidence(article_id, 0, 0, len(text), text, "rule:said"),
                content_start=0,
                content_end=first_dot,
                speaker=Actor("USAGOV", Mention(speaker_evidence, "actor", "USAGOV", "X")),
                reporting_verb="said",
                direct=False,
                chain=("State Department", "Reuters"),
            )
        ],
        dates=[
            DateExpression(
                _evidence(article, words[1], 0, "rule:weekday"),
                "2020-01-06",
                "weekday",
                background=False,
            )
        ],
        quantities=[
            Quantity(
                _evidence(article, words[2], 0, "rule:count"),
                3.0,
                "troops",
                kind="people",
                measures="attack",
                year=2020,
                actors=("RUSMIL", "UKR"),
            )
        ],
        equipment=[
            Equipment(_evidence(article, words[2], 0, "rule:equipment"), words[2], "aircraft",
                      (10,))
        ],
        places=[
            Place(
                _evidence(article, words[-2], len(sentences) - 1, "gazetteer:1"),
                words[-2],
                "UKR",
                "UKR",
                admin1=None,
                latitude=49.99,
                longitude=36.23,
                geonames_id=706483,
                kind="city",
                dateline=True,
            )
        ],
    )


#: (table, column) of the columns schema version 4 added (migrate-3-4.sql).
VERSION_4_COLUMNS = (("events", "event_rule"), ("articles", "dictionaries"), ("events", "dead"),
                     ("events", "injured"), ("events", "arrested"), ("events", "size"),
                     ("events", "location_precision"), ("quantities", "event_verb"),
                     ("places", "precision"))


def _downgrade_to_version_3(path: Path) -> None:
    """Make a current store what attache wrote at schema version 3: none of the columns of
    :data:`VERSION_4_COLUMNS`,
    no aggregate tables, no tables of attache fetch and watch (nor their index on articles)."""
    import sqlite3

    from attache.store import aggregates

    connection = sqlite3.connect(path)
    for table in (*aggregates.TABLES, "web_resources", "feed_entries"):
        connection.execute(f"DROP TABLE {table}")
    connection.execute("DROP INDEX articles_url")
    for table, column in VERSION_4_COLUMNS:
        connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    connection.execute("PRAGMA user_version = 3")
    connection.commit()
    connection.close()


@pytest.fixture
def downgrade_to_version_3() -> Callable[[Path], None]:
    """Turns a current store into a schema version 3 one (see :func:`_downgrade_to_version_3`)."""
    return _downgrade_to_version_3


@pytest.fixture
def make_coded() -> Callable[..., CodedArticle]:
    """Factory for hand-built CodedArticles (see :func:`build_coded`)."""
    return build_coded


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store in a real temporary SQLite file."""
    with open_store(tmp_path / "test.sqlite") as opened:
        yield opened


class FakeCoder:
    """Stands in for ``attache.pipeline.Coder``: codes by hand-building records, remembers
    what it was asked to code, and fails (as a Rejection E015) on text containing FAIL."""

    def __init__(self) -> None:
        self.coded_ids: list[str] = []

    def code_stream(
        self, items: Iterable[Article | Rejection], batch_size: int = 16
    ) -> Iterator[CodedArticle | Rejection]:
        for item in items:
            if isinstance(item, Rejection):
                yield item
                continue
            self.coded_ids.append(item.id)
            if "FAIL" in item.text:
                yield Rejection(item.id, "E015", "Coding failed inside the pipeline: test")
                continue
            coded = build_coded(item.id, item.text, item.published, title=item.title)
            coded.article = item
            yield coded


@pytest.fixture
def fake_coder() -> FakeCoder:
    """A fresh :class:`FakeCoder`."""
    return FakeCoder()


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real command line, in this process (``attache.cli.main.main``, what ``python
    -m attache`` runs), with its own stdin, stdout and stderr, and capture its output; the
    session's coder and imports are reused, so a command costs what it does, not a start-up.
    Tests that need a process of its own (signals, imports, a second Python) start one."""

    def run(
        *args: str | Path, stdin: str | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        import io
        import os
        import tempfile

        from attache.cli.main import main

        argv = [str(arg) for arg in args]
        # real files, as a process has them: commands read stdin by its descriptor
        streams = {name: io.TextIOWrapper(tempfile.TemporaryFile(), encoding="utf-8",
                                          write_through=True)
                   for name in ("stdin", "stdout", "stderr")}
        streams["stdin"].write(stdin or "")
        streams["stdin"].seek(0)
        saved = {name: getattr(sys, name) for name in streams}
        here = os.getcwd()
        sys.stdin, sys.stdout, sys.stderr = (streams[name] for name in saved)
        try:
            if cwd is not None:
                os.chdir(cwd)
            try:
                status = main(argv)
            except SystemExit as stop:  # argparse: usage errors (2), --help and --version (0)
                status = stop.code if isinstance(stop.code, int) else 1
        finally:
            os.chdir(here)
            for name, stream in saved.items():
                setattr(sys, name, stream)
        output = {}
        for name, stream in streams.items():
            stream.seek(0)
            output[name] = stream.read()
            stream.close()
        return subprocess.CompletedProcess([sys.executable, "-m", "attache", *argv], status,
                                           output["stdout"], output["stderr"])

    return run


@pytest.fixture
def attache_command() -> Path:
    """The installed ``attache`` console script next to this Python."""
    return Path(sys.executable).with_name("attache")


DATA = Path(__file__).parent / "data"
AGENCY_STORY_PUBLISHED = date(2023, 1, 16)


@pytest.fixture(scope="session")
def coder():
    """The real coder (spaCy model + shipped dictionaries), loaded once per session.

    It is :func:`attache.pipeline.default_coder`, so ``attache.code`` and the evaluations
    reuse the same loaded model and dictionaries.
    """
    from attache.pipeline import default_coder

    return default_coder()


@pytest.fixture(scope="session")
def state_of(coder) -> Callable[..., object]:
    """``state_of(text, published=None, article_id="a1")``: the coder's whole state for a
    text (:meth:`attache.pipeline.Coder.process`): its parsed units, the actor phrases of
    each, and the coded records."""
    from attache.ingest.articles import new_article

    def process(text: str, published: date | None = None, article_id: str = "a1"):
        return coder.process(new_article(text, article_id=article_id, published=published))

    return process


@pytest.fixture(scope="session")
def units_of(coder) -> Callable[..., list]:
    """``units_of(text, article_id="a1")``: the text's paragraphs as the coder parses them
    (:func:`attache.nlp.parse_article`), sentences numbered across the text."""
    from attache.ingest.articles import new_article
    from attache.nlp import parse_article

    def parse(text: str, article_id: str = "a1") -> list:
        return parse_article(coder.nlp, new_article(text, article_id=article_id)).units

    return parse


@pytest.fixture(scope="session")
def agency_story() -> Article:
    """The real agency story in ``tests/data/agency-story.txt`` (published 2023-01-16)."""
    text = (DATA / "agency-story.txt").read_text(encoding="utf-8")
    return Article("agency-story", text, published=AGENCY_STORY_PUBLISHED, source="MINA")


# -- the same rows from the SQLite store and the Parquet dataset folder -------------------

UNSTABLE_COLUMNS = frozenset({
    "coded_at", "seen_at", "id", "duplicate_of", "duplicate_similarity", "cluster_id",
})
"""Columns that differ between two stores of the same records: write times, the SQLite
row number of ``rejections`` (``articles.id`` is the article id and is compared), and the
links only the SQLite store makes (duplicates, event clusters; null in Parquet)."""


def _comparable(rows: list[dict], table: str) -> list[dict]:
    drop = UNSTABLE_COLUMNS - ({"id"} if table == "articles" else set())
    rows = [{k: v for k, v in row.items() if k not in drop and k != "month"} for row in rows]
    order = ("id",) if table == "articles" else ("article_id", "seq", "code", "location")
    return sorted(rows, key=lambda row: tuple(str(row.get(name)) for name in order))


@pytest.fixture
def sqlite_rows() -> Callable[[Store, str], list[dict]]:
    """Every row of one table of a SQLite store, sorted, without write times."""

    def rows(store: Store, table: str) -> list[dict]:
        return _comparable(store.read(f"SELECT * FROM {table}"), table)

    return rows


@pytest.fixture
def parquet_rows() -> Callable[[Path, str], list[dict]]:
    """Every row of one dataset of a Parquet folder (read with pyarrow), sorted, without
    write times and the ``month`` partition."""
    from attache.store.parquet import read_table

    def rows(folder: Path, table: str) -> list[dict]:
        return _comparable(read_table(folder, table).to_pylist(), table)

    return rows


# -- a real store coded from the bundled Wikinews sample ----------------------------------

SCRIPT_ARTICLE = Article(
    "script-test",
    "Russia condemned the United States on Monday. <script>alert(1)</script> "
    "The Russian foreign minister said Moscow would respond to the sanctions.",
    title="<script>alert(1)</script> Russia condemns sanctions",
    published=date(2019, 1, 28),
    source="<b>Test</b> Wire",
    url="https://example.org/<script>",
)
"""An article whose title, text, source and URL hold markup, so pages can be checked for
escaping (the dashboard) and the API for returning it verbatim."""


@pytest.fixture(scope="session")
def wikinews_store_path(tmp_path_factory, coder) -> Path:
    """A store coded once per session with the real coder from the bundled Wikinews sample
    (``attache/data/sample/wikinews-sample.jsonl``) plus :data:`SCRIPT_ARTICLE` (id
    ``script-test``). Open it read-only: the file is shared by every test of the session."""
    from importlib import resources

    from attache.ingest import read_inputs
    from attache.store import ingest

    sample = resources.files("attache") / "data" / "sample" / "wikinews-sample.jsonl"
    path = tmp_path_factory.mktemp("wikinews") / "wikinews.sqlite"
    with open_store(path) as opened:
        ingest(opened, [*read_inputs([Path(str(sample))]), SCRIPT_ARTICLE], coder)
    return path


# -- a story and its copy (dedup) ------------------------------------------------------

COPIED_STORY = (
    "Russian troops attacked Ukrainian positions near Kharkiv on Monday, the defence ministry "
    "said. The United States condemned the attack and urged Moscow to withdraw its forces "
    "from the border. Officials said two soldiers were wounded and several buildings were "
    "damaged in the village, and that the shelling lasted for several hours."
)
OTHER_STORY = (
    "Russian artillery shelled a Ukrainian convoy outside Izium on Monday, killing three "
    "drivers. The convoy was carrying food and medicine to villages cut off by the fighting, "
    "and aid groups said their deliveries would stop until the roads were safe again."
)
_ATTACK = ("RUSMIL", "190", "UKRMIL", "asserted")
_CONDEMN = ("USAGOV", "122", "RUSMIL", "asserted")


@pytest.fixture
def copied_story_path(tmp_path, make_coded):
    """A store with Wire A's story, Wire B's copy of it (both events clustered across the
    two), and an unrelated story with its own event (hand-built records)."""

    def build(article_id, text, source, events):
        coded = make_coded(article_id, text=text, events=list(events), published=date(2020, 1, 6))
        coded.article = dataclasses.replace(coded.article, source=source, title=source + " story")
        return coded

    path = tmp_path / "links.sqlite"
    with open_store(path) as store:
        store.write(build("wire-a", COPIED_STORY, "Wire A", (_ATTACK, _CONDEMN)))
        store.write(build("wire-b", COPIED_STORY + " More later.", "Wire B", (_ATTACK, _CONDEMN)))
        store.write(build("other", OTHER_STORY, "Wire C", (("RUSMIL", "195", "UKR", "asserted"),)))
    return path


# -- what the dedup links of a store or a dataset folder add up to -------------------------


@pytest.fixture
def links_of() -> Callable[..., dict]:
    """Read a SQLite store or a Parquet dataset folder through the query layer: its copies,
    each event's cluster, the counts of the clusters of two events or more, every event as
    :func:`~attache.query.find_events` gives it, and the analytics (``dyad``: the pair for
    the daily series). The same articles stored in the same order give the same dict."""
    from attache.query import (
        EventFilter,
        dyad_series,
        find_events,
        open_events,
        top_actors,
        top_dyads,
    )
    from attache.query.events import CLUSTER

    def read(path: Path, dyad: tuple[str, str] = ("RUS", "UKR")) -> dict:
        with open_events(path) as source:
            return {
                "duplicates": source.read(
                    "SELECT id, duplicate_of, duplicate_similarity FROM articles"
                    " WHERE duplicate_of IS NOT NULL ORDER BY id"
                ),
                "clusters": source.read(
                    f"SELECT e.article_id, e.seq, {CLUSTER} AS cluster_id FROM events AS e"
                    " ORDER BY e.article_id, e.seq"
                ),
                "counts": source.read(
                    "SELECT * FROM event_clusters WHERE num_mentions > 1 ORDER BY cluster_id"
                ),
                "events": find_events(source, EventFilter(modality=None)),
                "series": dyad_series(source, *dyad, by="day", both_directions=True),
                "top_dyads": top_dyads(source, limit=100),
                "top_actors": top_actors(source, limit=100, level="country"),
            }

    return read


# -- a news site on the loopback interface (fetching tests) -------------------------------


@pytest.fixture
def site():
    """A real HTTP server on a free port of 127.0.0.1 serving the pages and feeds a test
    sets up, logging each request (:class:`news_site.NewsSite`); stopped after the test."""
    from news_site import NewsSite

    started = NewsSite().start()
    yield started
    started.stop()


# -- faults from outside: another process's lock, damaged pages, a small disk ---------------

HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()  # until the test closes our stdin
connection.execute("ROLLBACK")
"""


def _hold_lock(path: Path) -> subprocess.Popen:
    """Another process holding the store's write lock until its stdin is closed."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder



@pytest.fixture
def hold_lock() -> Callable[[Path], subprocess.Popen]:
    """Start another process holding a store's write lock until its stdin is closed."""
    return _hold_lock


def _damage(path: Path, share: float = 0.5) -> None:
    """Overwrite the last ``share`` of the file's pages with junk (the schema, at the start,
    stays readable)."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    pages = len(data) // page_size
    for offset in range(int(pages * (1 - share)) * page_size, len(data), page_size):
        data[offset:offset + page_size] = bytes([0x5A]) * page_size
    path.write_bytes(bytes(data))



@pytest.fixture
def damage() -> Callable[..., None]:
    """Overwrite part of a store file's pages with junk (see :func:`_damage`)."""
    return _damage


MOUNT_REASON = "a full disk is tested on a small tmpfs, which only root can mount"


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted for the test (root only; skipped otherwise, saying why);
    ``mount -o remount,size=...`` gives it more room."""
    import os

    if os.geteuid() != 0:
        pytest.skip(MOUNT_REASON)
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)
