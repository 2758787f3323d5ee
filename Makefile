# Two commands for a fresh machine:  make demo  (set up + run the built-in example)
#                                   make test  (set up + run the tests)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test bench eval

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: setup
	$(BIN)/accord demo

test: setup
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/throughput.py

eval: setup
	$(BIN)/accord eval events ../shared/gold/plover/plover-gsr-dev.json
