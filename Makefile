# The two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= actorgraph.db

.PHONY: install demo test lint model relation-model bench clean

$(BIN)/actorgraph: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	# torch first, pinned: a bare `torch` would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[test,dev]"
	touch $@

install: $(BIN)/actorgraph

demo: install
	$(BIN)/actorgraph ingest corpus --db $(DB)
	$(BIN)/actorgraph serve --db $(DB) --host $(HOST) --port $(PORT)

# Everything: every test (slow ones included) and graph/'s doctests, then lint.
# For a quick run while working: .venv/bin/python -m pytest -m "not slow".
test: install
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint

# ruff's settings are in pyproject.toml ([tool.ruff]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Rebuilds graph/models from ../shared/data (about 1.5 h on 2 cores; CI never runs it).
model: install
	$(BIN)/pip install --quiet -e ".[train]"
	$(BIN)/python -m graph.ner_train all

# Retrains graph/models/relations from the annotated articles (corpus/annotations and
# ../shared/data/relations-train; text rebuilt from ../shared) and scores it on
# ../shared/data/relations-dev (about 16 to 21 min on 2 cores; CI never runs it).
relation-model: install
	$(BIN)/pip install --quiet -e ".[train]"
	$(BIN)/python -m graph.relation_train

bench: install
	$(BIN)/python -m tests.bench.run

clean:
	rm -rf build .pytest_cache
