"""``attache``: code one article, ingest files into a store, query events, run the demo
and the evaluations. Every command is a thin layer over the library; an
:class:`~attache.errors.AttacheError` becomes ``attache: [E0xx] message`` and exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from attache.cli import output
from attache.errors import AttacheError, ErrorCode
from attache.ingest import check_text, parse_published, read_inputs
from attache.model import Article, CodedArticle, Rejection
from attache.query import EVENT_COLUMNS, EventFilter, find_events, summary
from attache.store import IngestReport, ingest, open_store
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
) -> IngestReport:
    """Code and store ``items`` with a tqdm progress bar (articles/s) on stderr; print each
    rejection and the final summary line to stderr."""
    from tqdm import tqdm

    from attache.pipeline import Coder

    coder = Coder()
    with tqdm(unit=" articles", file=sys.stderr, disable=quiet, dynamic_ncols=True) as bar:

        def on_item(outcome: str, item: Article | CodedArticle | Rejection) -> None:
            if isinstance(item, Rejection):
                tqdm.write(_rejection_line(item), file=sys.stderr)
            bar.update(1)

        report = ingest(store, items, coder, batch_size=batch_size, on_item=on_item)
    _warn(report.line())
    return report


def command_ingest(args: argparse.Namespace) -> int:
    """Read, code and store articles; exit 1 only when nothing could be read."""
    if args.batch_size < 1:
        raise AttacheError(
            ErrorCode.E011, kind="batch size", value=args.batch_size, known="1 or more"
        )
    with open_store(args.db) as store:
        report = run_ingest(
            store, read_inputs(args.paths), batch_size=args.batch_size, quiet=args.quiet
        )
    if report.read_nothing:
        _warn("attache: no input could be read")
        return 1
    return 0


# -- attache events -----------------------------------------------------------------------


def _date(value: str | None):
    return parse_published(value) if value else None


def command_events(args: argparse.Namespace) -> int:
    """Print the stored events that match the filters as a table, JSON or CSV."""
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
    if not Path(args.db).exists():
        raise AttacheError(ErrorCode.E013, path=args.db, problem="no such store")
    with open_store(args.db) as store:
        rows = find_events(store, event_filter)
    if args.format == "json":
        output.write_json(rows, sys.stdout)
    elif args.format == "csv":
        output.write_csv(rows, EVENT_COLUMNS, sys.stdout)
    else:
        output.write_table(rows, output.TABLE_COLUMNS, sys.stdout)
        _warn(f"{len(rows)} events")
    return 0


# -- attache demo -------------------------------------------------------------------------


def command_demo(args: argparse.Namespace) -> int:
    """Ingest the bundled Wikinews sample into a store and print what attache found."""
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
    if getattr(args, "dictionaries", None):
        options["dictionaries"] = args.dictionaries
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
    ingest_.add_argument("--db", required=True, help="the SQLite store (created if missing)")
    ingest_.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest_.add_argument(
        "--batch-size",
        type=int,
        default=16,
        metavar="N",
        help="articles per spaCy batch (default 16)",
    )
    ingest_.set_defaults(handler=command_ingest)

    events = commands.add_parser("events", help="list stored events")
    events.add_argument("--db", required=True, help="the SQLite store")
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
