"""Option values checked where they are parsed: an out-of-range value is a usage error
(exit status 2) that names the option and the range, never an empty result."""

from __future__ import annotations

import argparse

EXIT_OK = 0
"""Every input was stored (or was already stored unchanged)."""

EXIT_FAILED = 1
"""An error, or nothing could be stored: no input could be read, or every one was rejected."""

EXIT_USAGE = 2
"""A usage error: an unknown option, a missing argument, a value out of its range."""

EXIT_REJECTED = 3
"""``attache ingest`` stored some articles and rejected others (see the rejections)."""


def positive_int(text: str) -> int:
    """An integer of 1 or more (``--limit``, ``--workers``...)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def fraction(text: str) -> float:
    """A number above 0 and at most 1 (the dedup thresholds)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1, got {text}")
    return value


def root_code(text: str) -> str:
    """A CAMEO root code, 01 to 20 (``9`` means ``09``)."""
    code = text.strip()
    if not (code.isdigit() and 1 <= int(code) <= 20):
        raise argparse.ArgumentTypeError(f"CAMEO root codes are 01 to 20, got {text!r}")
    return code.zfill(2)


def seconds(text: str) -> float:
    """A number of seconds above 0 (the server's timeouts)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(f"must be above 0 seconds, got {text}")
    return value


def add_dictionaries_option(parser: argparse.ArgumentParser) -> None:
    """``--dictionaries DIR``: a folder of user dictionaries layered over the shipped ones."""
    parser.add_argument(
        "--dictionaries", metavar="DIR",
        help="a folder of user dictionaries (*.actors.csv, *.actors.txt, *.agents.txt, "
        "*.verbs.txt, *.discards.txt) layered over the shipped ones",
    )


def checked_dictionaries(args: argparse.Namespace) -> str | None:
    """The ``--dictionaries`` folder, validated and compiled (into the cache workers read)
    before any article is coded: a bad file fails the command at once with E002 or E046."""
    folder = getattr(args, "dictionaries", None)
    if folder is None:
        return None
    from attache.dictionaries import dictionaries_for

    dictionaries_for(folder)
    return folder
