# Two commands: `make build` and `make test`. Both set up .venv on their own.
# `make test-unit`: the tests that run no warehouse build (pytest -m "not e2e"), under a minute.
# `make test-e2e`: only the tests that build or read a build.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test test-unit test-e2e clean bench setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

build: $(STAMP)
	$(BIN)/warehouse build

# Two workers, each given whole files (--dist loadfile), so a file's module-scoped build
# is made once; in the order tests/conftest.py sorts them (costliest files first,
# --no-loadscope-reorder keeps it). The session builds start in the background as soon as
# the tests are collected.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=15

test-unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not e2e"

test-e2e: $(STAMP)
	$(BIN)/python -m pytest -m e2e

# A subset: make bench SCALES=1,20 MODES=local RUNS=1 (BENCH_ARGS for any other option of benchmarks/run.py)
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(if $(SCALES),--scales $(SCALES)) $(if $(MODES),--modes $(MODES)) $(if $(RUNS),--runs $(RUNS)) $(BENCH_ARGS)

clean:
	rm -rf build dbt_project/target dbt_project/logs dbt_project/dbt_packages .pytest_cache
	rm -rf warehouse.duckdb warehouse.duckdb.wal warehouse.duckdb.lock warehouse.duckdb.build*.tmp* warehouse.duckdb.dbt warehouse.duckdb.cache warehouse.duckdb.builds.jsonl warehouse.duckdb.report.html
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
