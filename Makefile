# Gongkai: `make demo` runs the platform, `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/gongkai
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install demo serve test test-pg test-browser lint format clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Gongkai needs Python 3.11 or newer")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Fresh machine to a running demo county: install, migrate, calendar, catalogs, demo data, serve.
demo: $(STAMP)
	mkdir -p var
	GONGKAI_ENV=demo $(BIN)/gongkai migrate --noinput
	GONGKAI_ENV=demo $(BIN)/gongkai seed-calendar
	GONGKAI_ENV=demo $(BIN)/gongkai load-guidelines --quiet-report
	GONGKAI_ENV=demo $(BIN)/gongkai demo-data
	GONGKAI_ENV=demo $(BIN)/gongkai demo-catalogs
	GONGKAI_ENV=demo $(BIN)/gongkai demo-obligations
	GONGKAI_ENV=demo $(BIN)/gongkai demo-documents
	GONGKAI_ENV=demo $(BIN)/gongkai demo-applications
	GONGKAI_ENV=demo $(BIN)/gongkai demo-data --logins-only
	GONGKAI_ENV=demo $(BIN)/gongkai runserver $(HOST):$(PORT)

serve: $(STAMP)
	GONGKAI_ENV=demo $(BIN)/gongkai runserver $(HOST):$(PORT)

# The whole suite on SQLite (browser tests included when Chromium is installed).
test: $(STAMP)
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The same suite on PostgreSQL; pytest-django creates and drops test_<name> itself.
test-pg: $(STAMP)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-browser: $(STAMP)
	$(BIN)/pytest tests/browser $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/static .pytest_cache
