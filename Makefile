# datamuni: every target installs what it needs itself (fresh machine of the `polyglot` kind).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Flows, deployments and the demo talk to the local Prefect server unless told otherwise.
export PREFECT_API_URL ?= http://127.0.0.1:4200/api
export DO_NOT_TRACK := 1

.PHONY: install stack estado detener demo test lint typecheck unit integration bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

stack: install
	$(BIN)/datamuni stack levantar

estado: install
	$(BIN)/datamuni stack estado

detener: install
	$(BIN)/datamuni stack detener

demo: stack
	$(BIN)/python -m flows.demo
	$(BIN)/datamuni avance

lint: install
	$(BIN)/ruff check src flows tests benchmarks stack
	$(BIN)/ruff format --check src flows tests benchmarks stack

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q -m 'not integration'

integration: stack
	$(BIN)/pytest -q -m integration

test: stack lint typecheck
	$(BIN)/pytest -q

bench: install
	$(BIN)/python -m benchmarks.run

.PHONY: bench-nacional
# 345 synthetic municipalities x 9 kinds against the local CKAN (benchmarks/national/README.md).
bench-nacional: stack
	$(BIN)/python -m benchmarks.national

clean:
	rm -rf $(VENV) runs datapackages/*/
