# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint system-packages test-sqlite test-postgres bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime install; re-done when the project or the lock changes.
$(VENV)/.runtime: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

# Development install (tests, linters) on top of the runtime one.
$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

run: $(VENV)/.runtime
	$(FLASK) carnet init
	$(FLASK) carnet demo --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Chromium, LibreOffice Calc and Redis for the suite (apt-get, only when missing).
system-packages:
	@bash scripts/system-packages

test-sqlite: $(VENV)/.dev system-packages
	@echo "== pytest on SQLite"
	CARNET_TEST_DATABASE_URL= $(BIN)/pytest -q -n 2

test-postgres: $(VENV)/.dev system-packages
	@if [ -n "$$CARNET_TEST_POSTGRES_URL" ]; then \
	  echo "== pytest on PostgreSQL ($$CARNET_TEST_POSTGRES_URL)"; \
	  CARNET_TEST_DATABASE_URL="$$CARNET_TEST_POSTGRES_URL" $(BIN)/pytest -q -n 2 -m "not e2e"; \
	else echo "== PostgreSQL run skipped: CARNET_TEST_POSTGRES_URL is not set"; fi

test: lint test-sqlite test-postgres

bench: $(VENV)/.dev
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
