"""``attache``: code one article, ingest files into a store, query events, run the demo
and the evaluations. Every command is a thin layer over the library; an
:class:`~attache.errors.AttacheError` becomes ``attache: [E0xx] message`` and exit status 1.

A command imports what it uses when it runs, not before: ``attache code`` never loads the
store, DuckDB or Arrow, ``attache events`` never the parser (a test checks the heaviest).
Where a command reads or writes events it asks the path's backend
(:func:`attache.store.backends.open_backend`), never the path itself.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from attache.cli import output
from attache.cli.serve import add_serve_command
from attache.errors import AttacheError, ErrorCode
from attache.ingest import check_text, count_inputs, parse_published, read_inputs

if TYPE_CHECKING:
    from attache.model import Article, CodedArticle, Rejection
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


# -- attache code -------------------------------------------------------------------------


def _read_bytes(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise AttacheError(ErrorCode.E013, path=name, problem=error.strerror) from error


def command_code(args: argparse.Namespace) -> int:
    """Code one article (a text file or stdin) and print its records as JSON."""
    data = _read_bytes(args.file)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise AttacheError(ErrorCode.E004, offset=error.start) from error
    check_text(text)
    published = parse_published(args.published)
    from attache.pipeline import code  # loads spaCy: only once the input is known good

    article_id = args.id or (Path(args.file).stem if args.file != "-" else None)
    coded = code(text, published, article_id=article_id, title=args.title)
    output.write_json(coded.to_dict(), sys.stdout)
    return 0


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
) -> IngestReport:
    """Code and store ``items`` on ``workers`` processes (1: in this process) with a tqdm
    progress bar on stderr (articles/s, and an ETA when ``total``, the expected number of
    items, is known); print each rejection and the final summary line to stderr."""
    from tqdm import tqdm

    from attache.engines.local import ParallelCoder
    from attache.model import Rejection
    from attache.store import ingest

    with (
        ParallelCoder(workers, batch_size=batch_size) as coder,
        tqdm(
            total=total, unit=" articles", file=sys.stderr, disable=quiet, dynamic_ncols=True
        ) as bar,
    ):

        def on_item(outcome: str, item: Article | CodedArticle | Rejection) -> None:
            if isinstance(item, Rejection):
                tqdm.write(_rejection_line(item), file=sys.stderr)
            bar.update(1)

        report = ingest(store, items, coder, batch_size=batch_size, on_item=on_item)
        if total is not None and bar.n != total:  # blank lines were counted: end at 100 %
            bar.total = bar.n
            bar.refresh()
    _warn(report.line())
    return report


def command_ingest(args: argparse.Namespace) -> int:
    """Read, code and store articles; exit 1 only when nothing could be read."""
    if args.engine == "dask":
        return command_ingest_dask(args)
    if not args.db or args.out:
        args.usage_error("--engine local writes to --db DB (--out is for --engine dask)")
    if Path(args.db).is_dir():
        args.usage_error(f"--db {args.db} is a folder: --engine local writes a SQLite store"
                         " (a Parquet folder is --engine dask --out DIR)")
    from attache.store import open_store

    workers = 1 if args.workers is None else args.workers
    for kind, value in (("batch size", args.batch_size), ("worker count", workers)):
        if value < 1:
            raise AttacheError(ErrorCode.E011, kind=kind, value=value, known="1 or more")
    total = None if args.quiet else count_inputs(args.paths)
    with open_store(args.db) as store:
        report = run_ingest(
            store,
            read_inputs(args.paths),
            batch_size=args.batch_size,
            quiet=args.quiet,
            workers=workers,
            total=total,
        )
    if report.read_nothing:
        _warn("attache: no input could be read")
        return 1
    return 0


def command_ingest_dask(args: argparse.Namespace) -> int:
    """``attache ingest --engine dask``: code on a Dask cluster into a Parquet folder."""
    if not args.out or args.db:
        args.usage_error("--engine dask writes to --out DIR (--db is for --engine local)")
    from tqdm import tqdm

    from attache.engines.dask import ingest_dask

    total = None if args.quiet else count_inputs(args.paths)
    with tqdm(total=total, unit=" articles", file=sys.stderr, disable=args.quiet,
              dynamic_ncols=True) as bar:
        report = ingest_dask(
            args.paths,
            Path(args.out),
            scheduler=args.scheduler,
            workers=2 if args.workers is None else args.workers,
            on_progress=lambda _report, items: bar.update(items),
        )
    _warn(report.line())
    from attache.store.parquet import current_aggregates, has_parquet

    if has_parquet(Path(args.out) / "events") and current_aggregates(args.out) is None:
        from attache.store.backends import build_parquet_aggregates

        _warn(build_parquet_aggregates(args.out).line())
    _warn_if_stale(args.out)  # the folder was linked before these articles came
    if report.rejected:
        _warn(f"rejections are in {Path(args.out) / 'rejections'}")
    if report.read_nothing:
        _warn("attache: no input could be read")
        return 1
    return 0


# -- attache events -----------------------------------------------------------------------


def _date(value: str | None):
    return parse_published(value) if value else None


def command_events(args: argparse.Namespace) -> int:
    """Print the stored events that match the filters as a table, JSON or CSV."""
    from attache.query import EVENT_COLUMNS, EventFilter, find_events, open_events

    event_filter = EventFilter(
        actor=args.actor,
        source=args.source,
        target=args.target,
        code=args.code,
        root=args.root,
        quad_class=args.quad_class,
        since=_date(args.since),
        until=_date(args.until),
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
        output.write_table(rows, output.TABLE_COLUMNS, sys.stdout)
        _warn(f"{len(rows)} events")
    return 0


# -- attache series / attache top --------------------------------------------------------


def _write_rows(rows: list[dict], columns: Sequence[str], args: argparse.Namespace, what: str):
    if args.format == "json":
        output.write_json(rows, sys.stdout)
    elif args.format == "csv":
        output.write_csv(rows, columns, sys.stdout)
    else:
        output.write_table(rows, columns, sys.stdout)
        _warn(f"{len(rows)} {what}")


def command_series(args: argparse.Namespace) -> int:
    """Print the plain events of one dyad per period (count, mean Goldstein, quad classes)."""
    from attache.query import dyad_series, open_events
    from attache.query.analytics import SERIES_COLUMNS

    with open_events(args.db) as source:
        rows = dyad_series(
            source,
            args.source,
            args.target,
            since=_date(args.since),
            until=_date(args.until),
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
    from attache.query import analytics, open_events

    options = {
        "since": _date(args.since),
        "until": _date(args.until),
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
            "--limit", type=int, default=10, metavar="N", help="at most N rows (default 10)"
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
    """Write the plain events to a file as GDELT 2.0, PLOVER JSON Lines, CSV or Parquet."""
    from attache.export import export_events

    _warn_if_stale(args.db)
    try:
        count = export_events(
            args.db, args.out, args.format, since=_date(args.since), until=_date(args.until)
        )
    except OSError as error:
        _warn(f"attache: cannot write {args.out}: {error.strerror or error}")
        return 1
    _warn(f"{count} events written to {args.out} ({args.format})")
    return 0


def _add_export_command(commands) -> None:
    """The parser of ``attache export``."""
    from attache.export import EXPORT_FORMATS

    export = commands.add_parser("export", help="write plain events as GDELT, PLOVER, CSV...")
    export.add_argument("--db", required=True, help="a SQLite store or a Parquet dataset folder")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="output format")
    export.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    export.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
    export.add_argument("--until", metavar="YYYY-MM-DD", help="published on or before")
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
            type=int if name == "shingle_size" else float,
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
    from attache.store import open_store

    sample = resources.files("attache").joinpath(SAMPLE)
    with resources.as_file(sample) as path, open_store(args.db) as store:
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
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    code = commands.add_parser("code", help="code one article and print JSON")
    code.add_argument("file", metavar="FILE", help="a UTF-8 text file, or - for stdin")
    code.add_argument("--published", metavar="YYYY-MM-DD", help="publication date")
    code.add_argument("--title", help="article title")
    code.add_argument("--id", help="article id (default: the file name without suffix)")
    code.set_defaults(handler=command_code)

    ingest_ = commands.add_parser("ingest", help="code files into a store")
    ingest_.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".jsonl/.json (one article a line), any other file (one article), or a folder",
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
        type=int,
        metavar="N",
        help="worker processes coding in parallel (--engine local: default 1, in this "
        "process; --engine dask: of the local cluster, default 2)",
    )
    ingest_.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest_.add_argument(
        "--batch-size",
        type=int,
        default=16,
        metavar="N",
        help="articles per batch sent to the parser or to a worker (default 16)",
    )
    ingest_.set_defaults(handler=command_ingest, usage_error=ingest_.error)

    events = commands.add_parser("events", help="list stored events")
    events.add_argument(
        "--db", required=True, help="the SQLite store or a Parquet dataset folder"
    )
    events.add_argument("--actor", help="actor code prefix, either side (RUS matches RUSGOV)")
    events.add_argument("--source", help="source actor code prefix")
    events.add_argument("--target", help="target actor code prefix")
    events.add_argument("--code", help="CAMEO code prefix (19 matches 190-196)")
    events.add_argument("--root", help="CAMEO root code (01-20)")
    events.add_argument(
        "--quad-class",
        type=int,
        choices=(1, 2, 3, 4),
        help="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material",
    )
    events.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
    events.add_argument("--until", metavar="YYYY-MM-DD", help="published on or before")
    events.add_argument("--limit", type=int, metavar="N", help="at most N events")
    events.add_argument(
        "--all-modalities", action="store_true", help="include negated and hypothetical events"
    )
    events.add_argument("--format", choices=("table", "json", "csv"), default="table")
    events.set_defaults(handler=command_events)

    _add_analytics_commands(commands)
    _add_export_command(commands)
    _add_dedup_command(commands)
    add_serve_command(commands)

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``attache`` command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except AttacheError as error:
        _warn(f"attache: {error}")
        return 1
    except KeyboardInterrupt:
        _warn("attache: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (attache events | head): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
