# skintrack: `make run` serves the app with demo data and one background worker,
# `make test` runs the whole suite.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format setup clean bench mutate

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || { python=$$(scripts/find-python) && $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo

run: setup
	@echo ""
	@echo "  skintrack is starting on http://$(HOST):$(PORT)/"
	@echo "  Demo login: demo / milia-demo-2026"
	@echo "  One background worker runs beside it (emails, imports, exports). Ctrl-C stops both."
	@echo ""
	@scripts/run-dev $(PY) $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# Pages timed against a bare logged-in view (a benchmark, not a test). YEARS=10 for more;
# SERVE=10 adds requests/s under gunicorn, today against the bare view.
YEARS ?= 3
SERVE ?= 0
bench: $(VENV)/.installed-dev
	$(PY) scripts/bench.py --years $(YEARS) --serve $(SERVE)

# Mutation testing of the pure core (README: Checking the tests). Not part of `make test`.
mutate: $(VENV)/.installed-dev
	$(PY) scripts/mutate.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .bench mutants
