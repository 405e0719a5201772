"""Examples at the end of every command's ``--help``: data (``data/cli/examples.tsv``), so
that a test can check each one parses and none of them goes stale."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from attache.datafiles import data_path, read_table


def subcommands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
                ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command below ``parser`` with its path (``("top", "dyads")``), depth first."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from subcommands(sub, (*path, name))


def examples() -> dict[tuple[str, ...], list[str]]:
    """Command path -> its example command lines, in the table's order."""
    found: dict[tuple[str, ...], list[str]] = {}
    for row in read_table(data_path("cli", "examples.tsv"), 2):
        found.setdefault(tuple(row.fields[0].split()), []).append(row.fields[1])
    return found


def add_examples(parser: argparse.ArgumentParser) -> None:
    """Put each command's examples at the end of its ``--help``."""
    table = examples()
    for path, sub in subcommands(parser):
        if path in table:
            sub.epilog = "examples:\n" + "\n".join(f"  {line}" for line in table[path])
            sub.formatter_class = argparse.RawDescriptionHelpFormatter
