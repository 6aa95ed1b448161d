# The two commands of README.md: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_PASSWORD ?= demo-rse-2026
# DEBUG is off unless asked for (production never asks); the local commands below ask for it.
DEV := DEBUG=1

.PHONY: demo test install messages makemessages bench bench-scale load-test lint format clean

$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

messages: install
	$(DEV) $(PY) manage.py compile_catalogues

demo: install messages
	$(DEV) $(PY) manage.py migrate --no-input
	$(DEV) $(PY) manage.py seed_demo --password "$(DEMO_PASSWORD)"
	@echo "Demo on http://127.0.0.1:8000 — accounts in README.md, password: $(DEMO_PASSWORD)"
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

test: install messages
	bash scripts/test.sh

# Timings of the heavy paths at several sizes (SQLite by default; set DATABASE_URL for PostgreSQL).
bench: install messages
	$(PY) -m pytest benchmarks -p no:cacheprovider --benchmark-columns=min,median,max,rounds --benchmark-sort=name

# Issue 15's scale mode: the demo + 50 tenants of 200 companies + Pévèle grown to ~2,000 companies
# on a throw-away PostgreSQL, gunicorn with DEBUG=0, one table of every main page (README).
bench-scale: install messages
	bash scripts/bench-scale.sh

# The same data set, then locust headless: 50 signed-in users, spawn rate 10, 60 s.
load-test: install messages
	bash scripts/bench-scale.sh --load-test

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint --quiet templates */templates rse_platform/*/templates

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh locale/*/django.po after changing UI strings (then translate and commit them).
makemessages: install
	$(DEV) $(PY) manage.py makemessages -l fr -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-location

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
