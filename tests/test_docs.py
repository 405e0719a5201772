"""The documentation (README.md and docs/*.md) documents every CLI command and option, every
error code with its message, and every ``ATTACHE_*`` environment setting, and its links
between pages resolve (Datasette/sqlite-utils keep docs honest this way)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from attache.errors import ErrorCode

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DOCS = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
"""Everything the documentation says: the README's first screen and the reference pages."""


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for name, sub in _subparsers(parser).items():
        yield (*path, name), sub
        yield from _walk(sub, (*path, name))


def _commands_from_help() -> dict[tuple[str, ...], argparse.ArgumentParser | None]:
    """Fallback when the CLI has no ``build_parser``: the commands ``--help`` lists, either as
    ``{code,ingest,...}`` or one a line (indented four spaces) under a metavar."""
    done = subprocess.run([sys.executable, "-m", "attache", "--help"], capture_output=True,
                          text=True, check=True)
    listed = re.search(r"\{([\w,-]+)\}", done.stdout)
    names = (listed.group(1).split(",") if listed
             else re.findall(r"^    ([a-z][\w-]*)\s", done.stdout, re.M))
    assert names, done.stdout
    return {(name,): None for name in names}


def cli_commands() -> dict[tuple[str, ...], argparse.ArgumentParser | None]:
    from attache.cli import main as cli

    if not hasattr(cli, "build_parser"):
        return _commands_from_help()
    return dict(_walk(cli.build_parser()))


COMMANDS = cli_commands()


def section(title: str) -> str:
    """The documentation's text under the heading that is exactly ``title`` (in backticks),
    up to the next heading."""
    match = re.search(rf"^#+ `{re.escape(title)}`\n(.*?)(?=^#|\Z)", DOCS, re.M | re.S)
    assert match, f"the documentation has no heading `{title}`"
    return match.group(1)


def test_the_cli_has_commands():
    assert {"code", "ingest", "events", "demo", "eval"} <= {path[0] for path in COMMANDS}


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(path) for path in COMMANDS])
def test_every_command_and_option_is_documented(path: tuple[str, ...]):
    text = section("attache " + " ".join(path))
    parser = COMMANDS[path]
    if parser is None:
        return
    options = [option for action in parser._actions for option in action.option_strings
               if option.startswith("--") and option != "--help"]
    missing = [option for option in options if f"`{option}" not in text]
    assert not missing, f"attache {' '.join(path)}: README section lacks {missing}"


@pytest.mark.parametrize("code", list(ErrorCode), ids=[code.name for code in ErrorCode])
def test_every_error_code_is_in_the_table(code: ErrorCode):
    row = f"| `{code.name}` | `{code.value}` |"
    assert row in DOCS.splitlines(), f"docs/errors.md needs the row:\n{row}"


def test_the_error_table_has_no_stale_codes():
    documented = re.findall(r"^\| `(E\d{3})` \|", DOCS, re.M)
    assert documented == [code.name for code in ErrorCode]


def test_every_environment_setting_is_documented():
    settings = set()
    for path in (ROOT / "src" / "attache").rglob("*.py"):
        settings.update(re.findall(r"\bATTACHE_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert settings, "expected at least ATTACHE_CACHE_DIR"
    missing = sorted(setting for setting in settings if f"${setting}" not in DOCS)
    assert not missing, f"the documentation does not mention {missing}"


def test_readme_gives_the_two_commands():
    assert "make demo" in README and "make test" in README
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_the_stage_table_is_the_default_stage_list():
    """"The pipeline" (docs/coding.md) lists each default stage with what it requires and
    assigns."""
    from attache.dictionaries import default_dictionaries
    from attache.pipeline.stages import Resources, build_stage, default_stage_names

    resources = Resources(default_dictionaries())
    table = DOCS.split("<!-- stages:", 1)[1].split("\n\n", 1)[0]
    rows = [[cell.strip() for cell in line.strip("|").split("|")]
            for line in table.splitlines() if line.startswith("| `")]
    expected = []
    for name in default_stage_names():
        stage = build_stage(name, resources)
        expected.append([f"`{name}`", ", ".join(stage.requires), ", ".join(stage.assigns),
                         stage.description])
    assert rows == expected


LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """The anchors of a Markdown page's headings, as GitHub makes them (outside code)."""
    found, fenced = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        fenced = fenced != line.startswith("```")
        if not fenced and re.match(r"^#{1,6} ", line):
            heading = re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower())
            found.add(heading.replace(" ", "-"))
    return found


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_link_between_pages_resolves(page: Path):
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        name, _, fragment = target.partition("#")
        destination = (page.parent / name).resolve() if name else page
        if not destination.exists() or (
                fragment and destination.suffix == ".md" and fragment not in anchors(destination)):
            broken.append(target)
    assert not broken, f"{page.name} links to what is not there: {broken}"
