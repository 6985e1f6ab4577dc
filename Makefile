# Tumbuh — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint format messages check release serve-prod bench clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit("Tumbuh needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	@touch $@

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[test]"
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	@echo "Tumbuh is serving at http://$(HOST):$(PORT)/ with a task worker and the scheduler (stop with Ctrl+C)"
	DEBUG=$${DEBUG:-1} $(PY) scripts/run_all.py \
		"web=$(BIN)/daphne -b $(HOST) -p $(PORT) config.asgi:application" \
		"worker=$(PY) manage.py db_worker --no-reload" \
		"scheduler=$(PY) manage.py run_scheduler"

# One run, in parallel on every core (pytest-xdist: one test database per worker, and on PostgreSQL +
# Redis one Redis database per worker, config/test_settings.py), handed out one test at a time
# (--maxschedchunk=1: xdist's default gives the first worker the first quarter of the list, the slowest
# tests, and it ran alone for minutes at the end). tests/conftest.py orders the run: on each worker the
# browser journeys first (each worker starts its own server), then the tests inside a rolled-back
# transaction (the first after a journey reloads the database's serialized copy), then the other
# transactional tests (they flush their database after themselves). `make test XDIST=` runs it in one process.
# Locally the test databases are kept between runs (--reuse-db: no 40-s rebuild; when a run left one
# flushed, tests/conftest.py puts back the copy it took when the database was whole, <name>.pristine) and
# `make test PYTEST_ARGS=--lf` reruns what failed last time. CI passes PYTEST_ARGS=--create-db.
# Compiled modules and pytest's assert-rewritten test modules are kept in __pycache__ (ignored by git)
# even where PYTHONDONTWRITEBYTECODE is set: without them each worker compiles and rewrites every
# module again at every run (about 4 s of CPU a process, December 2026).
XDIST ?= -n auto --maxschedchunk=1
TEST_DB ?= $(or $(TUMBUH_TEST_DB),main)
test: $(VENV)/.installed
	PYTHONDONTWRITEBYTECODE= TUMBUH_TEST_DB=$(TEST_DB) $(BIN)/pytest $(XDIST) --reuse-db $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate and compile translations (needs GNU gettext; the compiled .mo files are committed).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l id --ignore=.venv --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages -l id --ignore=.venv

check: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# The release step of a deploy (migrate, collectstatic, reference data): once per release, never by a worker.
release: $(VENV)/.installed-run
	$(PY) manage.py release

# Production-like: PostgreSQL + Redis, gunicorn managing WEB_WORKERS uvicorn workers on one port
# (deploy/gunicorn.conf.py; docs/operations.md), TASK_WORKERS task workers (default 1; 0 when other
# machines run them) and the scheduler, together under scripts/run_all.py (one Ctrl+C stops all).
# Run `make release` first.
TASK_WORKERS ?= 1
serve-prod: $(VENV)/.installed-run
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "serve-prod: set DATABASE_URL (PostgreSQL) and REDIS_URL (see docs/operations.md)"; exit 2; }
	HOST=$(HOST) PORT=$(PORT) $(PY) scripts/run_all.py \
		"web=$(BIN)/gunicorn -c deploy/gunicorn.conf.py config.asgi:application" \
		"worker*$(TASK_WORKERS)=$(PY) manage.py db_worker --no-reload" \
		"scheduler=$(PY) manage.py run_scheduler"

bench: $(VENV)/.installed
	$(PY) -m bench

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
