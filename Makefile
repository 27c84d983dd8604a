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

.PHONY: run test test-postgres install demo serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py create_demo_admin

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# As production serves: gunicorn, DEBUG=False, hashed and compressed static files, the page cache.
# Needs SECRET_KEY and ALLOWED_HOSTS; DATABASE_URL, REDIS_URL and the rest as in README.md.
serve: install
	@test -n "$$SECRET_KEY" || { echo "Set SECRET_KEY (50+ random characters) and ALLOWED_HOSTS first: see README.md."; exit 1; }
	$(PRODUCTION) $(BIN)/python manage.py migrate --noinput
	$(PRODUCTION) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(PRODUCTION) exec $(BIN)/gunicorn ctqsite.wsgi:application --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY)

# Every page type on the production stack, page cache on and off, against a static file (docs/performance.md).
# BENCH_ARGS="--bulk 10000" adds the bulk corpus; BENCH_DATABASE_URL=postgres://… to bench PostgreSQL.
bench: install
	mkdir -p .bench
	DATABASE_URL=$(BENCH_DATABASE_URL) MEDIA_ROOT=$(CURDIR)/.bench/media $(BIN)/python manage.py bench_site $(BENCH_ARGS)

test: install
	$(BIN)/python -m pytest

# Needs a PostgreSQL server; .ci/run starts one if it is not answering.
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ctqsite} EXPECTED_DATABASE_VENDOR=postgresql $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media .page-cache .bench
