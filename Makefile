# The commands of README.md: `make demo` (then `make run`) and `make test`.

# The newest Python Django 5.2 supports that actually runs here (a pyenv shim may exist for a
# version that is not installed, so each candidate is run, not just looked up). PYTHON=… overrides.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach candidate,python3.13 python3.12 python3.11 python3,$(shell $(candidate) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))' >/dev/null 2>&1 && echo $(candidate))))
endif
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_PASSWORD ?= demo-rse-2026
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in the e-mails the demo sends (and seed_demo's login URL) point at the server it runs.
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
# DEBUG is off unless asked for (production never asks); the local commands below ask for it.
DEV := DEBUG=1 PUBLIC_BASE_URL=$(PUBLIC_BASE_URL)

.PHONY: demo run test install install-dev messages bench bench-scale load-test lint format \
	makemessages clean

# Runtime dependencies only (requirements.lock): what the demo and the Docker image need.
$(VENV)/.installed: requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11, 3.12 or 3.13 is required (or set PYTHON=…)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))' \
		|| { echo "$(PYTHON) is not Python 3.11–3.13"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

# Runtime + test and lint tools (requirements-dev.lock): `make test`, lint, benchmarks.
$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

messages: install
	$(DEV) $(PY) manage.py compile_catalogues

# A fresh database state: migrate, (re)seed the demo, print the accounts, serve on PORT.
demo: install messages
	$(DEV) $(PY) manage.py migrate --no-input
	$(DEV) $(PY) manage.py seed_demo --password "$(DEMO_PASSWORD)"
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

# Restart the server on the data already there (migrations only, no reseeding).
run: install messages
	$(DEV) $(PY) manage.py migrate --no-input
	@echo "Demo on $(PUBLIC_BASE_URL)/ (accounts: make demo prints them; README.md lists them)"
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev messages
	bash scripts/test.sh

# Timings of the heavy paths at several sizes (SQLite by default; set DATABASE_URL for PostgreSQL).
bench: install-dev messages
	$(PY) -m pytest benchmarks -p no:cacheprovider --benchmark-columns=min,median,max,rounds --benchmark-sort=name

# Issue 15's scale mode: the demo + 50 tenants of 200 companies + Pévèle grown to ~2,000 companies
# on a throw-away PostgreSQL, gunicorn with DEBUG=0, one table of every main page (README).
bench-scale: install-dev messages
	bash scripts/bench-scale.sh

# The same data set, then locust headless: 50 signed-in users, spawn rate 10, 60 s.
load-test: install-dev messages
	bash scripts/bench-scale.sh --load-test

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint --quiet templates */templates rse_platform/*/templates

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh locale/*/django.po after changing UI strings (then translate and commit them).
makemessages: install
	$(DEV) $(PY) manage.py makemessages -l fr -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-location

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
