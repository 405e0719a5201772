"""Every command's ``--help`` ends with examples, and every example is a valid command line
(data/cli/examples.tsv)."""

from __future__ import annotations

import shlex

import pytest

from attache.cli.examples import examples, subcommands
from attache.cli.main import build_parser

PARSER = build_parser()
COMMANDS = dict(subcommands(PARSER))
LEAVES = [path for path, sub in COMMANDS.items()
          if not any(other[:len(path)] == path and other != path for other in COMMANDS)]
EXAMPLES = [(path, line) for path, lines in examples().items() for line in lines]


@pytest.mark.parametrize("path", LEAVES, ids=[" ".join(path) for path in LEAVES])
def test_every_command_has_examples_in_its_help(path):
    help_text = COMMANDS[path].format_help()
    assert "examples:\n  attache " + " ".join(path) in help_text


@pytest.mark.parametrize(("path", "line"), EXAMPLES, ids=[line for _, line in EXAMPLES])
def test_every_example_parses(path, line):
    argv = shlex.split(line.split("|")[-1])
    assert argv[0] == "attache" and tuple(argv[1:1 + len(path)]) == path
    PARSER.parse_args(argv[1:])  # a bad example exits 2 and fails the test


def test_no_example_names_a_command_that_does_not_exist():
    assert set(examples()) <= set(COMMANDS)
