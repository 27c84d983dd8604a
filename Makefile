# The two commands of the README: `make run` serves the demo site, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# gunicorn worker processes for `make serve` (gunicorn also reads it itself).
WEB_CONCURRENCY ?= 2
# `make bench` works on its own database, never the development one.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/.bench/bench.sqlite3
PRODUCTION := DJANGO_SETTINGS_MODULE=ctqsite.settings.production CONN_MAX_AGE=$${CONN_MAX_AGE:-60}

.PHONY: lint run test test-postgres install demo serve bench clean audit screenshots lock audit-deps backup-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# requirements.lock pins the exact version of everything installed; `make lock` rewrites it.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $@

lock: install
	$(BIN)/python -m pip install --quiet --upgrade -e ".[test]"
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

# Known vulnerabilities in the locked versions (pip-audit, in a venv of its own so it is not in the lock).
$(VENV)-audit/bin/pip-audit:
	$(PYTHON) -m venv $(VENV)-audit
	$(VENV)-audit/bin/python -m pip install --quiet "pip-audit==2.10.1"

audit-deps: $(VENV)-audit/bin/pip-audit
	$(VENV)-audit/bin/pip-audit --strict --no-deps --disable-pip -r requirements.lock

# Back up PostgreSQL and media, restore both into fresh places and compare (docs/deploy.md).
backup-check: install
	scripts/backup_restore_check.sh

install: $(VENV)/.installed

# axe-core and Lighthouse for the browser tests and `make audit`; Chromium itself comes from apt (see .ci/run).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# `make run` and `make demo`: the address served, for the demo's Site (links in feeds, emails, calendar files,
# og:url) and the admin links printed and emailed.
demo run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py set_site_url
	$(BIN)/python manage.py create_demo_admin
	$(BIN)/python manage.py create_demo_users
	$(BIN)/python manage.py create_demo_team

# publish_scheduled runs every minute beside the server, so go-live and expiry dates work in the demo;
# the loop stops once the recipe's shell ($$$$) has gone with the server.
run: demo
	@while kill -0 $$$$ 2>/dev/null; do $(BIN)/python manage.py publish_scheduled >/dev/null; sleep 60; done & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# As production serves: gunicorn, DEBUG=False, hashed and compressed static files, the page cache.
# Needs SECRET_KEY and ALLOWED_HOSTS; DATABASE_URL, REDIS_URL and the rest in docs/settings.md.
serve: install
	@test -n "$$SECRET_KEY" || { echo "Set SECRET_KEY (50+ random characters) and ALLOWED_HOSTS first: see docs/deploy.md."; exit 1; }
	$(PRODUCTION) $(BIN)/python manage.py migrate --noinput
	$(PRODUCTION) $(BIN)/python manage.py set_site_url
	$(PRODUCTION) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@# The task worker sends the emails (never the web request): started beside gunicorn, stopped after it.
	@# Ctrl-C reaches both; a worker that is still running when gunicorn exits gets one SIGTERM.
	$(PRODUCTION) $(BIN)/python manage.py db_worker & worker=$$!; \
	$(PRODUCTION) $(BIN)/gunicorn ctqsite.wsgi:application --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY); \
	status=$$?; kill $$worker 2>/dev/null; wait $$worker; exit $$status

# Every page type on the production stack, page cache on and off, against a static file (docs/performance.md).
# BENCH_ARGS="--bulk 10000" adds the bulk corpus; BENCH_DATABASE_URL=postgres://… to bench PostgreSQL.
bench: install
	mkdir -p .bench
	DATABASE_URL=$(BENCH_DATABASE_URL) MEDIA_ROOT=$(CURDIR)/.bench/media $(BIN)/python manage.py bench_site $(BENCH_ARGS)

# The browser tests (tests/browser/) run when Chromium is installed and skip otherwise.
test: install node_modules/.installed
	$(BIN)/python -m pytest

# ruff's lint and format check over the whole tree (configured in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Needs a PostgreSQL server; .ci/run starts one if it is not answering.
# The browser tests serve their own SQLite demo site, so this run leaves them to `make test`.
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ctqsite} EXPECTED_DATABASE_VENDOR=postgresql $(BIN)/python -m pytest -m "not browser"

# Lighthouse (mobile) on every page type of a fresh demo site under gunicorn and the production settings.
audit: install node_modules/.installed
	$(BIN)/python manage.py audit_pages

# Retake the screenshots of every page type, at phone and laptop widths, into docs/screenshots/.
screenshots: install node_modules/.installed
	SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest tests/browser/test_accessibility.py

clean:
	rm -rf $(VENV) $(VENV)-audit db.sqlite3 media .test-media .page-cache .bench node_modules
