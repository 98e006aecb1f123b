# Two commands for a fresh machine: `make run` (portal with demo data) and `make test` (whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help setup run test lint format messages bench loadtest clean

help:
	@echo "make run    - set up, load the demo data, print the demo logins, serve on http://$(HOST):$(PORT)/"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff and the migration check"
	@echo "make bench  - run the benchmarks"
	@echo "make loadtest - load test on PostgreSQL, Redis, gunicorn and a worker (LOAD_USERS=100, LOAD_TIME=60)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

setup: $(VENV)/.installed node_modules/.installed messages

run: setup
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

bench: setup
	$(PY) -m pytest benchmarks -p no:cacheprovider -q $(PYTEST_ARGS)

loadtest: setup
	$(PY) loadtest/run.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .ruff_cache
