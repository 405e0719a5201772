"""Cold start: ``attache code`` on one article against loading spaCy's model and parsing the
same text, each a fresh process, measured in turn in one run.

The bar (issue 15): the wall time of ``attache code FILE`` at most twice that of a script that
loads the spaCy model attache uses and parses the same text. Both run ``--runs`` times,
alternating (A B A B ...) after one warm-up each, so a machine that speeds up or slows down
affects both; the ratio is the median of the pairwise ratios. The warm-up also fills the
compiled caches (dictionaries, gazetteer) as a user's first run does. A breakdown of one
more ``attache code`` process (imports, model, dictionaries, gazetteer, coding) says where
the time goes.

    .venv/bin/python benchmarks/cold_start.py --runs 7
    .venv/bin/python benchmarks/cold_start.py --quick          # 2 runs, a sanity check

Prints a JSON object, then a short table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BAR = 2.0
"""The largest ratio of ``attache code`` to spaCy alone that meets the bar."""

TEXT = (
    "Russian troops attacked Ukrainian positions near Kharkiv on Monday, the Ukrainian "
    "defence ministry said. The United States condemned the attack and called for talks.\n"
)

SPACY_ALONE = """
import sys
import spacy
from attache.nlp import MODEL_NAME
nlp = spacy.load(MODEL_NAME)
print(len(nlp(open(sys.argv[1], encoding="utf-8").read())))
"""

BREAKDOWN = """
import json, sys, time
started = time.perf_counter()
marks = {}
def mark(name):
    global started
    now = time.perf_counter(); marks[name] = round(now - started, 3); started = now
from attache.cli.main import main
from attache.pipeline import Coder, code
mark("imports")
from attache.nlp import load_nlp
load_nlp(); mark("spacy model")
from attache.dictionaries import default_dictionaries
default_dictionaries(); mark("dictionaries (cache)")
from attache.attributes.places import default_gazetteer
default_gazetteer(); mark("gazetteer (cache)")
import io, contextlib
with contextlib.redirect_stdout(io.StringIO()):
    main(["code", sys.argv[1]])
mark("the rest, coding")
print(json.dumps(marks))
"""


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--quick", action="store_true", help="2 runs: a sanity check")
    args = parser.parse_args(argv)
    runs = 2 if args.quick else args.runs
    with tempfile.TemporaryDirectory() as folder:
        story = Path(folder) / "story.txt"
        story.write_text(TEXT, encoding="utf-8")
        attache = [sys.executable, "-m", "attache", "code", str(story)]
        spacy_alone = [sys.executable, "-c", SPACY_ALONE, str(story)]
        wall(attache), wall(spacy_alone)  # warm-up: caches filled, files in the page cache
        pairs = [(wall(attache), wall(spacy_alone)) for _ in range(runs)]
        breakdown = json.loads(subprocess.run(
            [sys.executable, "-c", BREAKDOWN, str(story)], check=True, capture_output=True,
            text=True).stdout.strip().splitlines()[-1])
    ratio = statistics.median(a / b for a, b in pairs)
    result = {
        "benchmark": "cold_start",
        "cpus": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "runs": runs,
        "attache_code_s": round(statistics.median(a for a, _ in pairs), 3),
        "spacy_alone_s": round(statistics.median(b for _, b in pairs), 3),
        "ratio": round(ratio, 3),
        "bar": BAR,
        "met": ratio <= BAR,
        "breakdown_s": breakdown,
    }
    print(json.dumps(result, indent=2))
    print()
    print(f"attache code   {result['attache_code_s']:7.3f} s  (median of {runs})")
    print(f"spaCy alone    {result['spacy_alone_s']:7.3f} s")
    print(f"ratio          {ratio:7.3f}    bar <= {BAR}: {'met' if result['met'] else 'NOT met'}")
    for name, seconds in breakdown.items():
        print(f"  {name:<22} {seconds:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
