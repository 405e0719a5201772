"""``attache actors learn|gaps|import`` and ``attache recode``: keeping the actor
dictionaries current (docs/dictionaries.md: "Keeping actors current"). Thin layers over
:mod:`attache.actors.learn`, :mod:`attache.actors.gaps`, :mod:`attache.actors.lists` and
:mod:`attache.store.recode`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from attache.cli import output
from attache.cli.options import (
    EXIT_FAILED,
    EXIT_OK,
    add_dictionaries_option,
    checked_dictionaries,
    positive_int,
)

#: The stages ``actors learn`` codes stored articles with (actors only).
LEARN_STAGES = ("actors",)
#: The stages ``actors gaps`` codes them with (to see which verbs became events).
GAP_STAGES = ("discards", "actors", "events")


def _warn(line: str) -> None:
    sys.stdout.flush()
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _stored(path: str):
    """The store at ``path``, read-only: it must exist."""
    from attache.store import open_store

    if not Path(path).is_file():
        from attache.errors import ErrorCode, StoreError

        raise StoreError(ErrorCode.E023, path=path, problem="no such file")
    return open_store(path, read_only=True)


def _coded_states(args: argparse.Namespace, stages: tuple[str, ...]):
    """A coder with ``stages`` and the ``--dictionaries`` folder, and each stored article
    (published on or after ``--since``) coded again with it: its
    :class:`~attache.pipeline.ArticleState`."""
    folder = checked_dictionaries(args)
    from attache.model import Rejection
    from attache.pipeline import Coder

    with _stored(args.db) as store:
        articles = store.stored_articles(since=getattr(args, "since", None))
    coder = Coder(dictionaries=folder, stages=stages)

    def states() -> Iterator:
        for state in coder.process_stream(articles):
            if isinstance(state, Rejection):  # the stored text no longer codes
                _warn(f"attache: skipped {state.article_id}: [{state.code}] {state.message}")
                continue
            yield state

    return coder, states()


def command_learn(args: argparse.Namespace) -> int:
    """Learn dated actors from the descriptions in a store; write a user actors CSV."""
    from attache.actors.learn import descriptions, learn_actors
    from attache.dictionaries.user import write_actor_rows

    coder, states = _coded_states(args, LEARN_STAGES)
    found = [item for state in states for item in descriptions(state, coder.dictionaries)]
    result = learn_actors(found, coder.dictionaries, min_evidence=args.min_evidence)
    text = write_actor_rows(result.rows())
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    for name in result.conflicts:
        readings = ", ".join(f"{reading.code} ({reading.count}, {reading.first} to "
                             f"{reading.last})" for reading in name.readings)
        _warn(f"conflict: {name.name}: {readings}; e.g. {' | '.join(name.examples)}")
    _warn(f"attache: {len(found)} descriptions; learned {len(result.learned)} names"
          f"{f' into {args.out}' if args.out else ''}; {len(result.conflicts)} in conflict"
          f" (not written); {result.too_few} with evidence from fewer than "
          f"{args.min_evidence} articles")
    return EXIT_OK


GAP_NAME_COLUMNS = ("name", "label", "mentions", "articles", "first", "last", "evidence",
                    "example")
GAP_VERB_COLUMNS = ("lemma", "count", "articles", "example")


def command_gaps(args: argparse.Namespace) -> int:
    """The unknown names and unmatched verbs of a store, most frequent first."""
    from attache.actors.gaps import unknown_names, unmatched_verbs, unmatched_verbs_of
    from attache.dictionaries import dictionaries_for

    folder = checked_dictionaries(args)
    known = dictionaries_for(folder) if folder else None
    with _stored(args.db) as store:
        names = unknown_names(store, since=args.since, limit=args.limit, known=known)
    verbs = []
    if not args.names_only:
        _, states = _coded_states(args, GAP_STAGES)
        verbs = unmatched_verbs((verb for state in states for verb in unmatched_verbs_of(state)),
                                limit=args.limit)
    if args.format == "json":
        output.write_json({"unknown_names": [name.as_dict() for name in names],
                           "unmatched_verbs": [verb.as_dict() for verb in verbs]}, sys.stdout)
        return EXIT_OK
    name_rows = [{**name.as_dict(), "evidence": " | ".join(name.evidence),
                  "example": name.examples[0] if name.examples else ""} for name in names]
    verb_rows = [{**verb.as_dict(), "example": verb.examples[0] if verb.examples else ""}
                 for verb in verbs]
    if args.format == "csv":
        output.write_csv([{"kind": "name", **row} for row in name_rows]
                         + [{"kind": "verb", "name": row["lemma"], "mentions": row["count"],
                             "articles": row["articles"], "example": row["example"]}
                            for row in verb_rows],
                         ("kind", *GAP_NAME_COLUMNS), sys.stdout)
        return EXIT_OK
    sys.stdout.write("Unknown names\n")
    output.write_table(name_rows, GAP_NAME_COLUMNS, sys.stdout,
                       limits={"example": 60, "evidence": 40})
    if not args.names_only:
        sys.stdout.write("\nVerbs between coded actors that match no pattern\n")
        output.write_table(verb_rows, GAP_VERB_COLUMNS, sys.stdout, limits={"example": 80})
    return EXIT_OK


def command_import(args: argparse.Namespace) -> int:
    """An external actor list -> ``DIR/<name>.actors.csv`` (validated by loading it)."""
    from attache.actors.lists import import_actor_list
    from attache.dictionaries import dictionaries_for
    from attache.dictionaries.user import write_actor_rows

    source = Path(args.list)
    rows = import_actor_list(source)
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.stem}.actors.csv"
    target.write_text(write_actor_rows(rows), encoding="utf-8")
    dictionaries_for(folder)  # the folder as a whole must load
    _warn(f"attache: wrote {len(rows)} rows to {target}")
    return EXIT_OK


def command_recode(args: argparse.Namespace) -> int:
    """Code again the stored articles a user dictionary folder would change."""
    from attache.cli.main import _open_store, run_ingest
    from attache.dictionaries import dictionaries_for
    from attache.store.recode import articles_changed_by

    dictionaries = dictionaries_for(args.changed_by)
    with _open_store(args.db) as store:
        articles = articles_changed_by(store, args.changed_by, dictionaries)
        _warn(f"attache: {len(articles)} stored articles may change with {args.changed_by}")
        if not articles:
            return EXIT_OK
        report = run_ingest(store, articles, quiet=args.quiet, workers=args.workers or 1,
                            total=len(articles), dictionaries=args.changed_by, recode=True)
    return EXIT_OK if not report.rejected else EXIT_FAILED


def add_actor_commands(commands) -> None:
    """Add ``attache actors learn|gaps|import`` and ``attache recode``."""
    actors = commands.add_parser("actors", help="learn actors from the news, list the gaps, "
                                                "import actor lists")
    tasks = actors.add_subparsers(dest="task", required=True, metavar="TASK")

    learn = tasks.add_parser("learn", help="learn dated actors from descriptions in a store")
    learn.add_argument("--db", required=True, help="the SQLite store to learn from")
    learn.add_argument("--min-evidence", type=positive_int, default=3, metavar="N",
                       help="articles that must describe a name (default 3)")
    learn.add_argument("--out", metavar="FILE",
                       help="the user actors CSV to write (default: stdout); put it in a "
                       "dictionary folder as NAME.actors.csv")
    learn.add_argument("--since", metavar="YYYY-MM-DD", help="articles published on or after")
    add_dictionaries_option(learn)
    learn.set_defaults(handler=command_learn)

    gaps = tasks.add_parser("gaps", help="the unknown names and unmatched verbs of a store")
    gaps.add_argument("--db", required=True, help="the SQLite store")
    gaps.add_argument("--since", metavar="YYYY-MM-DD", help="articles published on or after")
    gaps.add_argument("--format", choices=("table", "csv", "json"), default="table")
    gaps.add_argument("--limit", type=positive_int, default=20, metavar="N",
                      help="names and verbs listed, each (default 20)")
    gaps.add_argument("--names-only", action="store_true",
                      help="skip the verbs (they need the articles coded again)")
    add_dictionaries_option(gaps)
    gaps.set_defaults(handler=command_gaps)

    importer = tasks.add_parser("import", help="an external actor list -> a user dictionary")
    importer.add_argument("list", metavar="LIST",
                          help="CSV: name, aliases, country (ISO3), role, start, end")
    importer.add_argument("--out", required=True, metavar="DIR",
                          help="the user dictionary folder to write LIST.actors.csv into")
    importer.set_defaults(handler=command_import)

    recode = commands.add_parser("recode", help="code again what new dictionaries change")
    recode.add_argument("--db", required=True, help="the SQLite store")
    recode.add_argument("--changed-by", required=True, metavar="DIR",
                        help="the user dictionary folder to code with")
    recode.add_argument("--workers", type=positive_int, metavar="N",
                        help="worker processes (default 1, in this process)")
    recode.add_argument("--quiet", action="store_true", help="no progress bar")
    recode.set_defaults(handler=command_recode)
