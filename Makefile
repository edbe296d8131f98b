# Tracker: `make run` serves the app with demo data; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: install run setup test lint format worker beat bench bench-units clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# The accessibility tests load axe-core from node_modules; without npm they skip (or fail under REQUIRE_BROWSER).
node_modules/axe-core/axe.min.js: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; else echo "npm not found: accessibility checks will be skipped"; fi

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_seeds --accept --suggest
	$(PY) manage.py setup_demo

run: setup
	$(PY) manage.py runserver $(HOST)

test: install node_modules/axe-core/axe.min.js
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: install
	$(VENV)/bin/celery -A tracker worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A tracker beat --loglevel=info

# Pages on PostgreSQL with gunicorn at two sizes of team (writes docs/performance.md); needs PostgreSQL on 127.0.0.1.
bench: install
	$(PY) bench/pages.py

# The earlier, in-process benchmarks: the list and search, and evidence suggestion.
bench-units: install
	$(PY) bench/run.py
	$(PY) bench/suggestions.py

clean:
	rm -rf $(VENV) staticfiles tracker.sqlite3 .demo-logins
