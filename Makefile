# Suprovid — the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first interpreter >= 3.12 found (pyenv picks 3.13.0 from .python-version).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The current edition; the demo loads the previous one first so that former names (Червоноград,
# Новомосковськ, …) are on record and searchable, as in an office that has run since 2024.
KATOTTG ?= data/katottg/kodifikator-2025-05-16.csv
KATOTTG_PREVIOUS ?= data/katottg/kodifikator-2024-01-19.xlsx
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: makemessages system-deps help venv messages demo serve test lint typecheck pytest browser-deps bench bench-import bench-national fuzz-api vendor clean

help:
	@echo "make demo   - install, migrate SQLite, load territories and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   - lint, type-check, Django checks and the whole test suite"
	@echo "make bench  - build a large synthetic database and time the reports"
	@echo "make bench-import - time import_journal on a synthetic journal of ROWS rows (rows/s)"
	@echo "make fuzz-api - schemathesis against the API with a token of every role (~10 min)"
	@echo "make bench-national - national-size PostgreSQL bench timed over HTTP (DATABASE_URL=…bench…)"
	@echo "DATABASE_URL=postgres://... switches any of them to PostgreSQL"

$(BIN)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Python >= 3.12 is required (see .python-version)"; exit 1; fi
	@if ! $(PYTHON) -c 'import ensurepip' >/dev/null 2>&1; then \
		echo "installing python3-venv"; apt-get update -qq && apt-get install -y -qq python3-venv; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

venv: $(BIN)/.installed

# WeasyPrint needs Pango; the summary PDF needs DejaVu fonts; compilemessages needs msgfmt;
# the PDF test reads the text back with pdftotext.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

messages: venv system-deps
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

# The demo runs with DEBUG off (config/settings/demo.py): the product's error pages, and
# static files compressed and cached by WhiteNoise as in production.
DEMO_MANAGE := DJANGO_SETTINGS_MODULE=config.settings.demo $(MANAGE)
STATIC_STAMP := var/staticfiles/.collected

# collectstatic (hashing and compressing ~1,300 files) only when the inputs changed.
$(STATIC_STAMP): $(BIN)/.installed $(shell find static config/settings -type f 2>/dev/null)
	@mkdir -p var
	@echo "Collecting and compressing static files (only when they changed; the first run takes a minute or two)..."
	@$(DEMO_MANAGE) collectstatic --noinput -v1 | tail -n 1
	@touch $@

demo: messages
	mkdir -p var
	$(DEMO_MANAGE) migrate --noinput -v0
	@$(DEMO_MANAGE) import_territories $(KATOTTG_PREVIOUS) 2>/dev/null \
		|| echo "$(KATOTTG_PREVIOUS): a newer edition is already loaded, skipped"
	$(DEMO_MANAGE) import_territories $(KATOTTG)
	$(DEMO_MANAGE) seed_demo
	@$(MAKE) --no-print-directory $(STATIC_STAMP)
	@echo ""
	@echo "Suprovid is at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@$(DEMO_MANAGE) seed_demo --logins-only
	@$(DEMO_MANAGE) runserver $(HOST):$(PORT) --insecure --skip-checks -v0

serve: messages
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 3

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# The apps' layers (.importlinter; docs/development.md "Layers"): nothing imports upwards.
	PYTHONPATH=. $(BIN)/lint-imports --no-cache

typecheck: venv
	$(BIN)/mypy .

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing chromium for the browser tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
				|| echo "chromium could not be installed: browser tests will be skipped"; \
		else echo "chromium is missing and cannot be installed here: browser tests will be skipped"; fi; fi

pytest: messages browser-deps
	$(BIN)/pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

test: messages lint typecheck
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory pytest

bench: messages
	$(MANAGE) bench_reports

# import_journal on a synthetic Windows-1251 journal of ROWS rows (never part of `make test`):
# SQLite in var/bench_import.sqlite3, or DATABASE_URL=postgres://…/suprovid_journal_bench (a
# database named *bench*). PROFILE=path.prof adds cProfile's top functions.
ROWS ?= 100000
PROFILE ?=
bench-import: messages
	$(MANAGE) bench_import --rows $(ROWS) $(if $(PROFILE),--profile $(PROFILE))

# The national scale (PostgreSQL only, never part of `make test`): the real КАТОТТГ,
# PERSONS persons (×1.5 appeals, ×3.2 issues each) built set-based, then every page timed
# over HTTP through gunicorn on 127.0.0.1:$(BENCH_PORT). DATABASE_URL must name a database
# containing "bench". PERSONS=4000000 is the issue's full size (~18 M issues, hours here).
PERSONS ?= 400000
BENCH_PORT ?= 8206
bench-national: messages
	@case "$$DATABASE_URL" in postgres*bench*) ;; \
		*) echo "set DATABASE_URL=postgres://…/suprovid_bench_national (a database named *bench*)"; exit 1;; esac
	BENCH_PORT=$(BENCH_PORT) $(MANAGE) bench_reports --scale national --persons $(PERSONS)

# Schemathesis against /api/schema/ with a token of every demo role, about 10 minutes, on a
# throwaway demo database (SQLite, or DATABASE_URL=postgres://…/…fuzz…). Never part of
# `make test`; the figures are in docs/security.md.
fuzz-api: messages
	scripts/api_fuzz.sh

# Re-vendor the front-end libraries from npm into static/vendor (committed; no CDN at run time).
vendor:
	rm -rf node_modules && npm install --no-audit --no-fund --silent
	mkdir -p static/vendor/{bootstrap,htmx,chartjs,bootstrap-icons/fonts,axe}
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/chartjs/
	cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css static/vendor/bootstrap-icons/
	cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff* static/vendor/bootstrap-icons/fonts/
	# axe-core: only the browser tests inject it (tests/browser/axe.py), no page loads it.
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE static/vendor/axe/

clean:
	rm -rf $(VENV) var/staticfiles .mypy_cache .ruff_cache

# Extract translatable strings: one catalogue per app, plus the root one for templates/ and config/.
makemessages: venv
	@for app in suprovid/*/; do \
		if [ -f "$$app/apps.py" ]; then mkdir -p "$$app/locale"; \
		(cd "$$app" && ../../$(BIN)/django-admin makemessages -l uk -l en --no-obsolete --add-location=file -v0 --ignore='tests/*'); fi; done
	$(BIN)/django-admin makemessages -l uk -l en --no-obsolete --add-location=file -v0 --ignore=suprovid/* --ignore=.venv/* --ignore=node_modules/* --ignore=var/* --ignore=tests/* --ignore=scripts/* --ignore=static/*
