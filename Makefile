# kotacerdas: two commands. `make run` serves the demo; `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test setup system-deps lint lock messages clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

# Compiled translations are generated files: built here, never committed.
messages: $(STAMP)
	cd kotacerdas && ../$(BIN)/django-admin compilemessages --ignore=.venv -v 0

setup: system-deps $(STAMP) messages
	mkdir -p var
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEV_ENV) $(BIN)/python manage.py createcachetable
	$(DEV_ENV) $(BIN)/python manage.py load_regions
	$(DEV_ENV) $(BIN)/python manage.py load_framework
	$(DEV_ENV) $(BIN)/python manage.py load_indicators
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	$(DEV_ENV) $(BIN)/python manage.py load_demo_bodies
	$(DEV_ENV) $(BIN)/python manage.py load_demo_bimtek
	$(DEV_ENV) $(BIN)/python manage.py load_letter_templates
	$(DEV_ENV) $(BIN)/python manage.py load_demo_masterplans
	$(DEV_ENV) $(BIN)/python manage.py load_rubrics
	$(DEV_ENV) $(BIN)/python manage.py load_index_weights
	$(DEV_ENV) $(BIN)/python manage.py load_demo_event
	$(DEV_ENV) $(BIN)/python manage.py load_demo_scheduling
	$(DEV_ENV) $(BIN)/python manage.py load_demo_monitoring
	$(DEV_ENV) $(BIN)/python manage.py load_demo_implementation
	$(DEV_ENV) $(BIN)/python manage.py load_demo_news

# The task worker (documents, schedule proposals) runs beside the web server and stops with it.
run: setup
	$(DEV_ENV) $(BIN)/python manage.py demo_accounts
	$(DEV_ENV) $(BIN)/python manage.py db_worker --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Branch coverage of kotacerdas, measured by make test (94,67 % on 2026-12-07); below COVERAGE_MIN the run fails. .ci/run measures
# it on the SQLite pass only (COVERAGE_ARGS= on the PostgreSQL pass): the same code, at twice the time.
# Property tests use the hypothesis profile "ci" (fixed seed) when CI is set, else "explore" (docs/testing.md).
COVERAGE_MIN ?= 94
COVERAGE_ARGS ?= --cov=kotacerdas --cov-branch --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_MIN)

test: system-deps $(STAMP) messages
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djade --check --target-version 5.2 $$(find kotacerdas -path '*/templates/*' -name '*.html')
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG \
		DATABASE_URL=sqlite:///var/check.sqlite3 DJANGO_ALLOWED_HOSTS=kotacerdas.example.go.id \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest -n 2 $(COVERAGE_ARGS) $(PYTEST_ARGS)

# ruff (lint and format) and djade (templates), as configured in .pre-commit-config.yaml.
lint: $(STAMP)
	$(BIN)/pre-commit run --all-files

# The pinned lock files, generated from the dependencies we chose (requirements.in, requirements-dev.in).
COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: $(STAMP)
	$(COMPILE) requirements.in -o requirements.txt
	$(COMPILE) requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf $(VENV) var
