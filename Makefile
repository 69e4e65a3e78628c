# Two commands for a fresh machine with Python 3.11:  `make run`  and  `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test gate smoke venv venv-dev migrate demo worker web bench-import bench-cabinet bench-views bench-load bench-exports bench-api clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

migrate: venv
	@echo "Миграции базы данных…"
	@$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py load_demo

## The portal with demo data at http://$(HOST):$(PORT) — web server and queue worker together.
## Without LK_SITE_ADDRESS, letters name the address a request came to; the worker's own, http://$(HOST):$(PORT).
run: demo
	@echo "Портал: http://$(HOST):$(PORT)/  Абонент: 1234567890 / demo2015pass  Сотрудник: admin / admin2015pass (/admin/)"
	@trap 'kill 0' INT TERM EXIT; \
	LK_SITE_ADDRESS="$${LK_SITE_ADDRESS:-http://$(HOST):$(PORT)}" $(PY) manage.py run_huey --quiet & \
	$(PY) manage.py runserver $(HOST):$(PORT)

## The whole test suite (SQLite by default; set DATABASE_URL / REDIS_URL for PostgreSQL + Redis).
test: venv-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest

## The gate CI runs before the tests.
gate: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## The production stack end to end (deploy/smoke/run.py): nginx in front of two gunicorn instances,
## PostgreSQL, Redis, the huey worker, an SMTP server; needs nginx, faketime, openssl, pg_dump.
## SMOKE_PG (admin URL, default postgres://postgres@127.0.0.1:5432/postgres), SMOKE_REDIS_URL (db 15).
smoke: venv-dev
	$(PY) deploy/smoke/run.py

bench-import: venv-dev
	$(PY) bench/bench_import.py

bench-cabinet: venv-dev
	$(PY) bench/bench_cabinet.py

## A page's cost against the data's size, and the staff listings (DATABASE_URL: the demo with --heavy-payments).
bench-views: venv-dev
	$(PY) bench/bench_views.py

## The export renderers against their floors (csv module, openpyxl write-only, reportlab LongTable), same run.
bench-exports: venv-dev
	$(PY) bench/bench_exports.py $(if $(ROWS),--rows $(ROWS)) $(if $(PDF_ROWS),--pdf-rows $(PDF_ROWS))

## gunicorn + wrk on 127.0.0.1 at 4/16/64 connections (DATABASE_URL, REDIS_URL; BASELINE=dir of other code).
bench-load: venv-dev
	$(PY) bench/bench_load.py $(if $(BASELINE),--baseline $(BASELINE)) $(if $(BASELINE_DATABASE),--baseline-database $(BASELINE_DATABASE))

## The API's full and incremental sync of a 20 000-payment abonent against the grid page (DATABASE_URL).
bench-api: venv-dev
	$(PY) bench/bench_api.py

clean:
	rm -rf $(VENV) var/db.sqlite3 var/huey.sqlite3
