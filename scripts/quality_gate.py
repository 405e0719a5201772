"""CI quality gate: run ``attache eval`` on the development gold sets and compare each score
with its floor in ``benchmarks/quality_floors.json``.

Floors are raised as the coder improves, never lowered to make a change pass. A floor key
with dots indexes nested results: ``source.f1`` is ``result["source"]["f1"]``. A figure where
lower is better (``false_event_rate``) has a ceiling instead: ``{"at_most": 0.2}``, lowered
as the coder improves, never raised.

    python scripts/quality_gate.py [--shared ../shared] [--floors benchmarks/quality_floors.json]
                                   [--jobs N]

The evaluations are independent processes; ``--jobs`` of them run at once (default: one per
CPU), the slowest first, and their figures are printed in the floors file's order.

Exit status 0 when every score meets its floor, 1 otherwise (or when an evaluation fails or
the shared data folder is missing).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Evaluation name -> its arguments after ``attache eval``, given the shared data folder.
EVALUATIONS = {
    "plover-gsr": lambda shared: [
        "plover-gsr", shared / "data/plover/gold/plover_gsr_cameo.current_labels.jsonl",
    ],
    "plover-news-wikinews": lambda shared: [
        "plover-news", shared / "data/gold/wikinews-plover/wikinews_plover.dev.jsonl",
        shared / "data/gold/wikinews-plover/wikinews_noevent.dev.jsonl",
        "--corpus", shared / "data/corpora/wikinews/wikinews.jsonl",
    ],
    "plover-news-reuters": lambda shared: [
        "plover-news", shared / "data/gold/reuters-plover/reuters_plover.dev.jsonl",
        shared / "data/gold/reuters-plover/reuters_noevent.dev.jsonl",
        "--corpus", shared / "data/corpora/reuters21578/reuters21578.jsonl",
    ],
    "semeval-timeline": lambda shared: [
        "semeval-timeline", shared / "data/gold/semeval2015-timeline/timeline_docs.jsonl",
    ],
    "re3d": lambda shared: ["re3d", shared / "data/gold/re3d/re3d.jsonl"],
    "event-location": lambda shared: [
        "event-location", shared / "data/plover/gold/event_location/labeled_text.jsonl.zip",
    ],
    "petrarch-validation": lambda shared: [
        "petrarch-validation", shared / "data/petrarch-validation/PETR.UnitTest.records.xml",
        "--dictionaries", shared / "data/petrarch-validation/dictionaries",
    ],
}

#: Evaluations that take longest (event-location parses 8,289 sentences): started first, so
#: that the others fill the remaining workers meanwhile.
SLOWEST_FIRST = ("event-location", "plover-news-wikinews", "plover-news-reuters")


def figure(result: dict, key: str) -> float:
    """``result`` indexed by a dotted key; KeyError when a part is missing."""
    value: object = result
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(key)
        value = value[part]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise KeyError(key)
    return float(value)


def run_evaluation(name: str, shared: Path) -> tuple[str, dict | None]:
    """Run ``attache eval NAME ... --json`` from the repository root: (the command line and
    what went wrong, if anything; the result, None if it failed)."""
    args = [str(arg) for arg in EVALUATIONS[name](shared)]
    command = [sys.executable, "-m", "attache", "eval", *args, "--json"]
    report = f"$ attache eval {' '.join(args)} --json"
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        details = (done.stderr.strip() or done.stdout.strip()).replace("\n", "\n  ")
        failure = f"FAILED: attache eval {name} exited {done.returncode}"
        return f"{report}\n  {failure}\n  {details}", None
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        return f"{report}\n  FAILED: attache eval {name} did not print JSON ({error})", None
    if not isinstance(result, dict):
        return f"{report}\n  FAILED: attache eval {name} printed JSON that is not an object", None
    return report, result


def check(name: str, result: dict, floors: dict[str, float | dict]) -> bool:
    """Print each figure against its floor (or ceiling); True when every one holds."""
    passed = True
    for key, bound in floors.items():
        try:
            value = figure(result, key)
        except KeyError:
            print(f"  {name:<22} {key:<17} missing from the result        FAIL")
            passed = False
            continue
        if isinstance(bound, dict):
            ok = value <= bound["at_most"]
            line = f"ceiling {bound['at_most']:6.4f}  {'ok' if ok else 'ABOVE CEILING'}"
        else:
            ok = value >= bound
            line = f"floor {bound:6.4f}  {'ok' if ok else 'BELOW FLOOR'}"
        passed = passed and ok
        print(f"  {name:<22} {key:<17} {value:8.4f}  {line}")
    return passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared data folder (default: ../shared beside the repository)")
    parser.add_argument("--floors", type=Path, default=ROOT / "benchmarks/quality_floors.json",
                        help="the floors file (default: benchmarks/quality_floors.json)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="evaluations run at once (default: one per CPU)")
    args = parser.parse_args(argv)
    shared = args.shared if args.shared.is_absolute() else Path.cwd() / args.shared
    if not (shared / "data").is_dir():
        print(f"quality gate: the shared data folder {shared}/data does not exist; it holds the "
              "gold sets the gate scores. Put the shared folder beside the repository "
              "(../shared) or pass --shared DIR.")
        return 1
    try:
        floors = json.loads(args.floors.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        print(f"quality gate: cannot read the floors file {args.floors}: {error}")
        return 1
    unknown = sorted(set(floors) - set(EVALUATIONS))
    if unknown:
        print(f"quality gate: unknown evaluation(s) in {args.floors}: {', '.join(unknown)}; "
              f"known: {', '.join(EVALUATIONS)}")
        return 1
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    order = [name for name in SLOWEST_FIRST if name in floors] + \
        [name for name in floors if name not in SLOWEST_FIRST]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        runs = dict(zip(order, pool.map(lambda name: run_evaluation(name, shared), order),
                        strict=True))
    passed = True
    for name, name_floors in floors.items():
        report, result = runs[name]
        print(report)
        if result is None:
            passed = False
            continue
        passed = check(name, result, name_floors) and passed
    print("quality gate: passed" if passed else "quality gate: FAILED (a score is below its floor "
          "or an evaluation failed)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
