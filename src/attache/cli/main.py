"""``attache``: code one article, ingest files into a store, query events, run the demo
and the evaluations. Every command is a thin layer over the library; an
:class:`~attache.errors.AttacheError` becomes ``attache: [E0xx] message`` and exit status 1
(the statuses are in :mod:`attache.cli.options`).

A command imports what it uses when it runs, not before: ``attache code`` never loads the
store, DuckDB or Arrow, ``attache events`` never the parser (a test checks the heaviest).
Where a command reads or writes events it asks the path's backend
(:func:`attache.store.backends.open_backend`), never the path itself.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from attache import attache_version
from attache.cli import output
from attache.cli.actors import add_actor_commands
from attache.cli.examples import add_examples
from attache.cli.options import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    add_dictionaries_option,
    checked_dictionaries,
    fraction,
    positive_int,
    root_code,
)
from attache.cli.serve import add_serve_command
from attache.errors import AttacheError, ErrorCode
from attache.ingest import count_inputs, new_article, parse_published, read_inputs, read_text
from attache.model import Article, CodedArticle, Rejection

if TYPE_CHECKING:
    from attache.ingest.fetch import FetchSettings
    from attache.store import IngestReport
    from attache.store.backends import Backend
    from attache.store.sqlite import Store

SAMPLE = "data/sample/wikinews-sample.jsonl"
"""The bundled demo articles (Wikinews, CC BY 2.5), inside the ``attache`` package."""

DEFAULT_DEMO_DB = "attache-sample.sqlite"


def _say(line: str = "") -> None:
    """One line to stdout (results)."""
    sys.stdout.write(line + "\n")


def _warn(line: str) -> None:
    """One line to stderr (progress, rejections, errors), after what stdout holds so far."""
    sys.stdout.flush()
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _lock_wait(path: Path, seconds: float) -> None:
    _warn(f"attache: {path} is locked by another process: waiting up to {seconds:g} s for it "
          "($ATTACHE_LOCK_TIMEOUT)")


def _open_store(path: str | Path) -> Store:
    """A writable store that says on stderr when it waits for another process's lock."""
    from attache.store import open_store

    return open_store(path, on_lock_wait=_lock_wait)


# -- attache code -------------------------------------------------------------------------


def command_code(args: argparse.Namespace) -> int:
    """Code one article (a text file, gzip or not, or stdin) and print its records as JSON."""
    item = read_text(args.file)
    if isinstance(item, Rejection):
        _warn(f"attache: [{item.code}] {item.message}")
        return EXIT_FAILED
    published = parse_published(args.published)
    folder = checked_dictionaries(args)
    from attache.pipeline import Coder, default_coder  # loads spaCy: once the input is good

    article = new_article(item.text, article_id=args.id or item.id, title=args.title,
                          published=published)
    coder = default_coder() if folder is None else Coder(dictionaries=folder)
    coded = coder.code_article(article)
    output.write_json(coded.to_dict(), sys.stdout)
    return EXIT_OK


# -- attache ingest -----------------------------------------------------------------------


def _rejection_line(rejection: Rejection) -> str:
    where = rejection.location or rejection.article_id or "?"
    return f"rejected {where}: [{rejection.code}] {rejection.message}"


def run_ingest(
    store: Store,
    items: Iterable[Article | Rejection],
    *,
    batch_size: int = 16,
    quiet: bool = False,
    workers: int = 1,
    total: int | None = None,
    dictionaries: str | None = None,
    recode: bool = False,
) -> IngestReport:
    """Code and store ``items`` on ``workers`` processes (1: in this process) with a tqdm
    progress bar on stderr (articles/s, and an ETA when ``total``, the expected number of
    items, is known); print each rejection and the final summary line to stderr.
    ``dictionaries``: a user dictionary folder; ``recode``: code stored articles again."""
    from tqdm import tqdm

    from attache.engines.local import ParallelCoder
    from attache.model import Rejection
    from attache.store import ingest

    with (
        ParallelCoder(workers, batch_size=batch_size, dictionaries=dictionaries) as coder,
        tqdm(
            total=total, unit=" articles", file=sys.stderr, disable=quiet, dynamic_ncols=True
        ) as bar,
    ):

        def on_item(outcome: str, item: Article | CodedArticle | Rejection) -> None:
            if isinstance(item, Rejection):
                tqdm.write(_rejection_line(item), file=sys.stderr)
            bar.update(1)

        report = ingest(store, items, coder, batch_size=batch_size, on_item=on_item,
                        recode=recode)
        if total is not None and bar.n != total:  # blank lines were counted: end at 100 %
            bar.total = bar.n
            bar.refresh()
    _warn(report.line())
    return report


def _ingest_status(report: IngestReport) -> int:
    """The exit status of an ingest: 0 all stored, 3 some rejected, 1 none stored."""
    if report.read_nothing:
        _warn("attache: no input could be read")
        return EXIT_FAILED
    if not report.articles:
        _warn("attache: no article could be stored: every input was rejected")
        return EXIT_FAILED
    return EXIT_REJECTED if report.rejected else EXIT_OK


def command_ingest(args: argparse.Namespace) -> int:
    """Read, code and store articles; the exit status says whether all, some or none were
    stored (:func:`_ingest_status`)."""
    if args.engine == "dask":
        return command_ingest_dask(args)
    if not args.db or args.out:
        args.usage_error("--engine local writes to --db DB (--out is for --engine dask)")
    if Path(args.db).is_dir():
        args.usage_error(f"--db {args.db} is a folder: --engine local writes a SQLite store"
                         " (a Parquet folder is --engine dask --out DIR)")
    workers = 1 if args.workers is None else args.workers
    folder = checked_dictionaries(args)
    total = None if args.quiet else count_inputs(args.paths)
    with _open_store(args.db) as store:
        report = run_ingest(
            store,
            read_inputs(args.paths),
            batch_size=args.batch_size,
            quiet=args.quiet,
            workers=workers,
            total=total,
            dictionaries=folder,
        )
    return _ingest_status(report)


def command_ingest_dask(args: argparse.Namespace) -> int:
    """``attache ingest --engine dask``: code on a Dask cluster into a Parquet folder."""
    if not args.out or args.db:
        args.usage_error("--engine dask writes to --out DIR (--db is for --engine local)")
    from tqdm import tqdm

    from attache.engines.dask import ingest_dask

    folder = checked_dictionaries(args)
    total = None if args.quiet else count_inputs(args.paths)
    with tqdm(total=total, unit=" articles", file=sys.stderr, disable=args.quiet,
              dynamic_ncols=True) as bar:
        report = ingest_dask(
            args.paths,
            Path(args.out),
            scheduler=args.scheduler,
            workers=2 if args.workers is None else args.workers,
            on_progress=lambda _report, items: bar.update(items),
            dictionaries=folder,
        )
    _warn(report.line())
    from attache.store.parquet import current_aggregates, has_parquet

    if has_parquet(Path(args.out) / "events") and current_aggregates(args.out) is None:
        from attache.store.backends import build_parquet_aggregates

        _warn(build_parquet_aggregates(args.out).line())
    _warn_if_stale(args.out)  # the folder was linked before these articles came
    if report.rejected:
        _warn(f"rejections are in {Path(args.out) / 'rejections'}")
    return _ingest_status(report)


# -- attache fetch / attache watch -------------------------------------------------------

_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(text: str) -> float:
    """``90s``, ``15m``, ``1h``, ``1d`` or plain seconds, as seconds (an argparse type)."""
    number, unit = text.strip(), "s"
    if number[-1:].lower() in _DURATION_UNITS:
        number, unit = number[:-1], number[-1].lower()
    try:
        seconds = float(number) * _DURATION_UNITS[unit]
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a duration such as 90s, 15m or 1h")
    return seconds


def _fetch_settings(args: argparse.Namespace) -> FetchSettings:
    from attache.ingest.fetch import FetchSettings, user_agent

    for kind, value, least in (("delay", args.delay, "0 or more"),
                               ("retry count", args.retries, "0 or more"),
                               ("timeout", args.timeout, "more than 0"),
                               ("size limit", args.max_bytes, "more than 0")):
        if value < 0 or (value == 0 and least == "more than 0"):
            raise AttacheError(ErrorCode.E011, kind=kind, value=value, known=least)
    return FetchSettings(user_agent=user_agent(args.contact), delay=args.delay,
                         timeout=args.timeout, retries=args.retries, max_bytes=args.max_bytes)


def _web_coder():
    """The in-process coder, built when the first page needs coding."""
    from attache.ingest.live import LazyCoder
    from attache.pipeline import Coder

    return LazyCoder(Coder)


def _say_rejection(outcome: str, item: Article | CodedArticle | Rejection) -> None:
    if isinstance(item, Rejection):
        _warn(_rejection_line(item))


def command_fetch(args: argparse.Namespace) -> int:
    """Fetch pages, code and store them; exit 1 only when none could be fetched."""
    from attache.ingest.archive import WebArchive
    from attache.ingest.live import fetch_pages

    settings = _fetch_settings(args)
    with _open_store(args.db) as store:
        archive = WebArchive(args.archive) if args.archive else None
        try:
            report = fetch_pages(store, args.urls, _web_coder(), settings=settings,
                                 archive=archive, on_item=_say_rejection)
        finally:
            if archive is not None:
                archive.close()
    _warn(report.line())
    return _web_status(report)


def _web_status(report) -> int:
    """The exit status of a fetch or watch pass, as for ``attache ingest``: 1 when nothing
    could be fetched, 3 when some page or feed failed or an article was rejected, else 0."""
    if report.fetched_nothing:
        return EXIT_FAILED
    if report.failed or report.articles.rejected:
        return EXIT_REJECTED
    return EXIT_OK


def command_watch(args: argparse.Namespace) -> int:
    """Poll feeds once (``--once``) or every ``--every``; code and store their new pages."""
    from attache.ingest.feeds import read_feed_list
    from attache.ingest.live import watch
    from attache.store.records import utc_now

    settings = _fetch_settings(args)
    if args.feeds.startswith(("http://", "https://")):
        feed_list = lambda: [args.feeds]  # noqa: E731
    else:
        feed_list = lambda: read_feed_list(args.feeds)  # noqa: E731
    feed_list()  # a missing or unreadable list fails now, not after the model is loaded
    reports = []

    def on_pass(report) -> None:
        reports.append(report)
        _warn(f"{utc_now()} pass {len(reports)}: {report.line()}")

    interrupted = threading.Event()

    def interrupt(signum, frame) -> None:
        # remembered as well as raised: an interrupt that lands in a finalizer is only
        # printed ("Exception ignored in ..."), and the wait after the pass then ends the run
        interrupted.set()
        raise KeyboardInterrupt

    def wait(seconds: float) -> None:
        if interrupted.wait(seconds):
            raise KeyboardInterrupt

    main_thread = threading.current_thread() is threading.main_thread()  # signals go there
    previous = signal.signal(signal.SIGINT, interrupt) if main_thread else None
    try:
        with _open_store(args.db) as store:
            watch(store, feed_list, _web_coder(), every=args.every or 0.0,
                  passes=1 if args.once else None, settings=settings,
                  archive_folder=args.archive, on_item=_say_rejection, on_pass=on_pass,
                  sleep=wait)
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)
    return _web_status(reports[-1]) if args.once else EXIT_OK


def _add_web_commands(commands) -> None:
    """The parsers of ``attache fetch`` and ``attache watch``."""
    from attache.ingest.fetch import FetchSettings  # its defaults are the options' (light)

    fetch = commands.add_parser("fetch", help="fetch web pages, code and store them")
    fetch.add_argument("urls", nargs="+", metavar="URL", help="http(s) page URLs")
    watch_ = commands.add_parser("watch", help="poll RSS/Atom feeds, code their new pages")
    watch_.add_argument("feeds", metavar="FEEDS",
                        help="a text file of feed URLs, one a line (# comments), or one URL")
    when = watch_.add_mutually_exclusive_group(required=True)
    when.add_argument("--every", type=duration, metavar="DURATION",
                      help="poll again this long after each pass started (90s, 15m, 1h)")
    when.add_argument("--once", action="store_true", help="one pass, then exit (for cron)")
    for parser, handler in ((fetch, command_fetch), (watch_, command_watch)):
        parser.add_argument("--db", required=True, help="the SQLite store (created if missing)")
        parser.add_argument("--archive", metavar="DIR",
                            help="keep each fetched page (WARC, gzip) in this folder")
        parser.add_argument("--delay", type=float, default=FetchSettings.delay,
                            metavar="SECONDS", help="least time between two requests to a "
                            f"site (default {FetchSettings.delay:g})")
        parser.add_argument("--timeout", type=float, default=FetchSettings.timeout,
                            metavar="SECONDS", help="to connect and between reads "
                            f"(default {FetchSettings.timeout:g})")
        parser.add_argument("--retries", type=int, default=FetchSettings.retries, metavar="N",
                            help="extra tries after a network or server error "
                            f"(default {FetchSettings.retries})")
        parser.add_argument("--max-bytes", type=int, default=FetchSettings.max_bytes,
                            metavar="N", help="the largest page or feed read, in bytes "
                            f"(default {FetchSettings.max_bytes:,})")
        parser.add_argument("--contact", metavar="URL_OR_EMAIL",
                            help="how site owners can reach you, added to the User-Agent")
        parser.set_defaults(handler=handler)


# -- attache events -----------------------------------------------------------------------


def _date(value: str | None):
    return parse_published(value) if value else None


def _dates(args: argparse.Namespace):
    """``--since`` and ``--until`` as dates; E011 when the range is empty."""
    since, until = _date(args.since), _date(args.until)
    if since and until and since > until:
        raise AttacheError(ErrorCode.E011, kind="date range", value=f"{since} to {until}",
                           known="--since on or before --until")
    return since, until


def _table(rows: list[dict], columns: Sequence[str]) -> None:
    """A table on stdout, fitted to the terminal's width (or ``$COLUMNS``)."""
    width = None
    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        width = shutil.get_terminal_size().columns
    output.write_table(rows, columns, sys.stdout, width=width)


def command_events(args: argparse.Namespace) -> int:
    """Print the stored events that match the filters as a table, JSON or CSV."""
    since, until = _dates(args)
    from attache.query import EVENT_COLUMNS, EventFilter, find_events, open_events

    event_filter = EventFilter(
        actor=args.actor,
        source=args.source,
        target=args.target,
        code=args.code,
        root=args.root,
        quad_class=args.quad_class,
        since=since,
        until=until,
        modality=None if args.all_modalities else "asserted",
        limit=args.limit,
    )
    with open_events(args.db) as source:  # a SQLite store or a Parquet dataset folder
        rows = find_events(source, event_filter)
    _warn_if_stale(args.db, source.stale)
    if args.format == "json":
        output.write_json(rows, sys.stdout)
    elif args.format == "csv":
        output.write_csv(rows, EVENT_COLUMNS, sys.stdout)
    else:
        _table(rows, output.TABLE_COLUMNS)
        _warn(f"{len(rows)} events")
    return 0


# -- attache series / attache top --------------------------------------------------------


def _write_rows(rows: list[dict], columns: Sequence[str], args: argparse.Namespace, what: str):
    if args.format == "json":
        output.write_json(rows, sys.stdout)
    elif args.format == "csv":
        output.write_csv(rows, columns, sys.stdout)
    else:
        _table(rows, columns)
        _warn(f"{len(rows)} {what}")


def command_series(args: argparse.Namespace) -> int:
    """Print the plain events of one dyad per period (count, mean Goldstein, quad classes)."""
    since, until = _dates(args)
    from attache.query import dyad_series, open_events
    from attache.query.analytics import SERIES_COLUMNS

    with open_events(args.db) as source:
        rows = dyad_series(
            source,
            args.source,
            args.target,
            since=since,
            until=until,
            by=args.by,
            both_directions=args.both_directions,
            dated_by=args.dated_by,
        )
    _warn_if_stale(args.db, source.stale)
    _note_without_aggregates(source)
    _write_rows(rows, SERIES_COLUMNS, args, "periods")
    return 0


def command_top(args: argparse.Namespace) -> int:
    """Print the busiest dyads, actors or places."""
    since, until = _dates(args)
    from attache.query import analytics, open_events

    options = {
        "since": since,
        "until": until,
        "limit": args.limit,
        "level": args.level,
        "dated_by": args.dated_by,
    }
    with open_events(args.db) as source:
        if args.ranking == "dyads":
            rows = analytics.top_dyads(source, actor=args.actor, **options)
            columns = analytics.DYAD_COLUMNS
        elif args.ranking == "actors":
            rows = analytics.top_actors(source, side=args.side, **options)
            columns = analytics.ACTOR_COLUMNS
        else:
            rows = analytics.top_places(source, **options)
            columns = analytics.PLACE_COLUMNS
    _warn_if_stale(args.db, source.stale)
    _note_without_aggregates(source)
    _write_rows(rows, columns, args, args.ranking)
    return 0


def _note_without_aggregates(source) -> None:
    """Say so when a Parquet folder's answer came from every event rather than from its
    aggregates (never built, or older than its events)."""
    if not source.aggregates:
        _warn(f"attache: note: {source.path} has no current aggregates, so this read every"
              f" event; attache aggregate --db {source.path} builds them")


def _add_analytics_options(parser: argparse.ArgumentParser) -> None:
    """--db, --since/--until, --dated-by and --format, shared by series and top."""
    parser.add_argument("--db", required=True, help="a SQLite store or a Parquet dataset folder")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="dated on or after")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="dated on or before")
    parser.add_argument(
        "--dated-by",
        choices=("published", "event"),
        default="published",
        help="date events by publication (default) or by their own day, else publication",
    )
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")


def _add_analytics_commands(commands) -> None:
    """The parsers of ``attache series`` and ``attache top dyads|actors``."""
    series = commands.add_parser("series", help="one dyad's plain events per period")
    _add_analytics_options(series)
    series.add_argument("--source", required=True, help="source actor code prefix")
    series.add_argument("--target", required=True, help="target actor code prefix")
    series.add_argument(
        "--both-directions", action="store_true", help="count target -> source events too"
    )
    series.add_argument(
        "--by", choices=("day", "month", "year"), default="month", help="period (default month)"
    )
    series.set_defaults(handler=command_series)

    top = commands.add_parser("top", help="the busiest dyads, actors or places")
    rankings = top.add_subparsers(dest="ranking", required=True, metavar="RANKING")
    for name, description in (("dyads", "source -> target pairs"), ("actors", "actors"),
                              ("places", "places where events happened")):
        ranking = rankings.add_parser(name, help=f"the busiest {description}")
        _add_analytics_options(ranking)
        ranking.add_argument(
            "--limit", type=positive_int, default=10, metavar="N",
            help="at most N rows (default 10)",
        )
        if name == "places":
            ranking.add_argument(
                "--level",
                choices=("place", "country"),
                default="place",
                help="places (default) or their countries",
            )
        else:
            ranking.add_argument(
                "--level",
                choices=("code", "country"),
                default="code",
                help="full actor codes (default) or their country part",
            )
        if name == "dyads":
            ranking.add_argument("--actor", help="only dyads with this code prefix on a side")
        elif name == "actors":
            ranking.add_argument(
                "--side",
                choices=("either", "source", "target"),
                default="either",
                help="count sources, targets or either (default)",
            )
        ranking.set_defaults(handler=command_top)


# -- attache export -----------------------------------------------------------------------


def command_export(args: argparse.Namespace) -> int:
    """Write the plain events to a file (``-``: stdout) as GDELT 2.0, PLOVER JSON Lines,
    CSV or Parquet."""
    from attache.export import export_events

    _warn_if_stale(args.db)
    since, until = _dates(args)
    codebook = args.codebook
    if codebook is True:  # --codebook alone: next to the file
        if args.out == "-":
            _warn("attache: --codebook needs a path when --out is - (stdout)")
            return EXIT_USAGE
        codebook = f"{args.out}.codebook.md"
    options = {"since": since, "until": until, "codebook": codebook}
    try:
        if args.out != "-":
            count = export_events(args.db, args.out, args.format, **options)
        elif args.format != "parquet":
            count = export_events(args.db, sys.stdout, args.format, **options)
        else:  # Parquet needs a file it can seek in: write one, then copy it out
            with tempfile.TemporaryDirectory(prefix="attache-export-") as folder:
                written = Path(folder) / "events.parquet"
                count = export_events(args.db, written, args.format, **options)
                with written.open("rb") as handle:
                    shutil.copyfileobj(handle, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            raise
        _warn(f"attache: cannot write {args.out}: {error.strerror or error}")
        return EXIT_FAILED
    where = "stdout" if args.out == "-" else args.out
    what = "records (one per act)" if args.format == "plover" else "events"
    _warn(f"{count} {what} written to {where} ({args.format})"
          + (f", codebook {codebook}" if codebook else ""))
    return EXIT_OK


def _add_export_command(commands) -> None:
    """The parser of ``attache export``."""
    from attache.export import EXPORT_FORMATS

    export = commands.add_parser("export", help="write plain events as GDELT, PLOVER, CSV...")
    export.add_argument("--db", required=True, help="a SQLite store or a Parquet dataset folder")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="output format")
    export.add_argument("--out", required=True, metavar="FILE",
                        help="the file to write, or - for stdout")
    export.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
    export.add_argument("--until", metavar="YYYY-MM-DD", help="published on or before")
    export.add_argument("--codebook", nargs="?", const=True, metavar="PATH",
                        help="also write a codebook (columns, codes and their names): to "
                             "PATH, or alone to FILE.codebook.md")
    export.set_defaults(handler=command_export)


# -- attache dedup ------------------------------------------------------------------------

_DEDUP_OPTIONS = {
    "article_threshold": "resemblance (0-1) from which an article is a copy (default 0.5)",
    "evidence_threshold": "evidence similarity (0-1) from which same-key events are one "
    "event (default 0.6)",
    "story_evidence_threshold": "the same for events of copies of one story (default 0.3)",
    "shingle_size": "words per shingle (default 5)",
}


def _backend(db: str | Path) -> Backend:
    from attache.store.backends import open_backend

    return open_backend(db)


def command_dedup(args: argparse.Namespace) -> int:
    """Link every stored article's duplicate and every event's cluster again, in a SQLite
    store or a Parquet dataset folder."""
    changes = {name: getattr(args, name) for name in _DEDUP_OPTIONS
               if getattr(args, name) is not None}
    _warn(_backend(args.db).relink(changes, defaults=args.defaults).line())
    return 0


def command_aggregate(args: argparse.Namespace) -> int:
    """Build the aggregates of a store or a Parquet dataset folder again."""
    _warn(_backend(args.db).aggregate().line())
    return 0


def command_migrate(args: argparse.Namespace) -> int:
    """Bring a store or a Parquet dataset folder to this attache's schema version."""
    found, now = _backend(args.db).migrate()
    if found == now:
        _warn(f"{args.db}: schema version {now}, nothing to migrate")
    else:
        _warn(f"{args.db}: migrated from schema version {found} to {now}")
    return 0


def _warn_if_stale(db: str | Path, stale: bool | None = None) -> None:
    """Say so when a Parquet folder's clusters predate some of its articles (``stale``:
    already known from an open source)."""
    if stale is None:
        stale = _backend(db).stale
    if stale:
        _warn(f"attache: warning: articles were written to {db} after its last attache dedup;"
              f" their events are not linked (each counts alone): run attache dedup --db {db}")


def _add_dedup_command(commands) -> None:
    """The parser of ``attache dedup``."""
    dedup = commands.add_parser("dedup", help="link duplicate articles and event clusters again")
    dedup.add_argument("--db", required=True, help="the SQLite store or a Parquet dataset folder")
    for name, description in _DEDUP_OPTIONS.items():
        dedup.add_argument(
            "--" + name.replace("_", "-"),
            type=positive_int if name == "shingle_size" else fraction,
            metavar="N" if name == "shingle_size" else "X",
            help=description,
        )
    dedup.add_argument(
        "--defaults", action="store_true", help="start from the defaults, not the store's settings"
    )
    dedup.set_defaults(handler=command_dedup)

    aggregate = commands.add_parser(
        "aggregate", help="build the aggregates series and top read, again")
    aggregate.add_argument("--db", required=True,
                           help="the SQLite store (it must exist) or a Parquet dataset folder")
    aggregate.set_defaults(handler=command_aggregate)

    migrate = commands.add_parser(
        "migrate", help="bring a store or dataset folder to this attache's schema version")
    migrate.add_argument("--db", required=True,
                         help="the SQLite store (it must exist) or a Parquet dataset folder")
    migrate.set_defaults(handler=command_migrate)


# -- attache demo -------------------------------------------------------------------------


def command_demo(args: argparse.Namespace) -> int:
    """Ingest the bundled Wikinews sample into a store and print what attache found."""
    from attache.query import EventFilter, find_events, summary

    sample = resources.files("attache").joinpath(SAMPLE)
    with resources.as_file(sample) as path, _open_store(args.db) as store:
        run_ingest(store, read_inputs([path]), quiet=args.quiet)
        found = summary(store)
        examples = [
            row
            for row in find_events(store, EventFilter(limit=500))
            if row["source_code"] and row["target_code"]
        ][:5]
    _say(f"attache demo: Wikinews sample (CC BY 2.5, Wikinews contributors) in {args.db}\n")
    output.write_summary(found, sys.stdout)
    if examples:
        _say("\nexample events:")
        for row in examples:
            _say(
                f"  {row['published']}  {row['source_code']} -[{row['cameo_code']}]-> "
                f'{row["target_code"]}  "{output.shorten(row["evidence_text"], 90)}"'
            )
            _say(f"      {row['url'] or row['article_id']}")
    _say(f"\nnext: attache events --db {args.db} --actor USA")
    _say(f"      attache serve --db {args.db}   (dashboard and API at http://127.0.0.1:8000/)")
    return 0


# -- attache eval -------------------------------------------------------------------------

#: Evaluations that take just a gold file (petrarch-validation also needs dictionaries).
SIMPLE_EVALUATIONS = {
    "plover-gsr": "PLOVER gold-standard records",
    "semeval-timeline": "SemEval-2015 TimeLine event dates",
    "re3d": "re3d entity spans (people, organisations, places, money, weapons...)",
    "event-location": "where events happened (Halterman's event_location gold)",
}


def command_eval(args: argparse.Namespace) -> int:
    """Run a named evaluation and print its result (JSON, or its top-level numbers)."""
    from attache.evaluation import run

    options = {}
    for option in ("dictionaries", "noevent", "corpus", "details"):
        if getattr(args, option, None):
            options[option] = getattr(args, option)
    result = run(args.dataset, args.file, **options)
    if args.json:
        output.write_json(result, sys.stdout)
    else:
        output.write_numbers(result, sys.stdout)
    return 0


# -- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``attache`` command."""
    parser = argparse.ArgumentParser(
        prog="attache",
        description="Sourced political event data from news text.",
    )
    parser.add_argument("--version", action="version", version=f"attache {attache_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    code = commands.add_parser("code", help="code one article and print JSON")
    code.add_argument("file", metavar="FILE",
                      help="a UTF-8 text file (.gz too), or - for stdin")
    code.add_argument("--published", metavar="YYYY-MM-DD", help="publication date")
    code.add_argument("--title", help="article title")
    code.add_argument("--id", help="article id (default: the file's folder and name)")
    add_dictionaries_option(code)
    code.set_defaults(handler=command_code)

    ingest_ = commands.add_parser("ingest", help="code files into a store")
    ingest_.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".jsonl/.json (one article a line), .txt (one article), a folder of them, "
        "- for stdin; .gz too; other files and pipes by content",
    )
    ingest_.add_argument(
        "--db", help="the SQLite store (created if missing; --engine local)"
    )
    ingest_.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this machine, into --db; dask: a Dask cluster, into --out",
    )
    ingest_.add_argument(
        "--out", metavar="DIR", help="the Parquet dataset folder (--engine dask)"
    )
    ingest_.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler (tcp://host:8786); default: a local cluster",
    )
    ingest_.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        help="worker processes coding in parallel (--engine local: default 1, in this "
        "process; --engine dask: of the local cluster, default 2)",
    )
    ingest_.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest_.add_argument(
        "--batch-size",
        type=positive_int,
        default=16,
        metavar="N",
        help="articles per batch sent to the parser or to a worker (default 16)",
    )
    add_dictionaries_option(ingest_)
    ingest_.set_defaults(handler=command_ingest, usage_error=ingest_.error)

    events = commands.add_parser("events", help="list stored events")
    events.add_argument(
        "--db", required=True, help="the SQLite store or a Parquet dataset folder"
    )
    events.add_argument("--actor", help="actor code prefix, either side (RUS matches RUSGOV)")
    events.add_argument("--source", help="source actor code prefix")
    events.add_argument("--target", help="target actor code prefix")
    events.add_argument("--code", help="CAMEO code prefix (19 matches 190-196)")
    events.add_argument("--root", type=root_code, help="CAMEO root code (01-20)")
    events.add_argument(
        "--quad-class",
        type=int,
        choices=(1, 2, 3, 4),
        help="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material",
    )
    events.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
    events.add_argument("--until", metavar="YYYY-MM-DD", help="published on or before")
    events.add_argument("--limit", type=positive_int, metavar="N", help="at most N events")
    events.add_argument(
        "--all-modalities", action="store_true", help="include negated and hypothetical events"
    )
    events.add_argument("--format", choices=("table", "json", "csv"), default="table")
    events.set_defaults(handler=command_events)

    _add_web_commands(commands)
    _add_analytics_commands(commands)
    _add_export_command(commands)
    _add_dedup_command(commands)
    add_serve_command(commands)
    add_actor_commands(commands)

    demo = commands.add_parser("demo", help="code the bundled Wikinews sample and summarise")
    demo.add_argument(
        "--db",
        default=DEFAULT_DEMO_DB,
        help=f"the SQLite store to fill (default {DEFAULT_DEMO_DB})",
    )
    demo.add_argument("--quiet", action="store_true", help="no progress bar")
    demo.set_defaults(handler=command_demo)

    evaluate = commands.add_parser("eval", help="score the coder on a gold set")
    gold_sets = evaluate.add_subparsers(dest="dataset", required=True, metavar="GOLD_SET")
    for name, description in SIMPLE_EVALUATIONS.items():
        gold_set = gold_sets.add_parser(name, help=description)
        gold_set.add_argument("file", metavar="FILE")
        gold_set.add_argument("--details", action="store_true",
                              help="with --json: every record's predicted and gold reading")
        gold_set.add_argument("--json", action="store_true",
                              help="print the full result as JSON")
        gold_set.set_defaults(handler=command_eval)
    news = gold_sets.add_parser(
        "plover-news", help="PLOVER events in sentences of whole real news articles")
    news.add_argument("file", metavar="EVENTS", help="the gold event sentences (JSON Lines)")
    news.add_argument("noevent", metavar="NOEVENT", help="the gold no-event sentences")
    news.add_argument("--corpus", required=True, metavar="CORPUS",
                      help="the articles the sentences come from (JSON Lines, ingest format)")
    news.add_argument("--details", action="store_true",
                      help="with --json: every sentence's predicted and gold reading")
    news.add_argument("--json", action="store_true", help="print the full result as JSON")
    add_dictionaries_option(news)
    news.set_defaults(handler=command_eval)
    petrarch = gold_sets.add_parser("petrarch-validation", help="PETRARCH2 validation records")
    petrarch.add_argument("file", metavar="FILE")
    petrarch.add_argument(
        "--dictionaries",
        required=True,
        metavar="DIR",
        help="the dictionaries the validation set was written for",
    )
    petrarch.add_argument("--json", action="store_true", help="print the full result as JSON")
    petrarch.set_defaults(handler=command_eval)
    add_examples(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``attache`` command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except AttacheError as error:
        _warn(f"attache: {error}")
        return EXIT_FAILED
    except sqlite3.Error as error:  # raised past the Store API: still a coded message
        from attache.store.faults import store_error

        fault = store_error(error, getattr(args, "db", None) or "the store", 0)
        _warn(f"attache: {fault or f'SQLite failed: {error}'}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _warn("attache: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (attache events | head): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
