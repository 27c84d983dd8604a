# The two commands of the README: `make run` serves the demo site, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres install demo clean

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
	$(BIN)/python manage.py create_demo_users

# publish_scheduled runs every minute beside the server, so go-live and expiry dates work in the demo;
# the loop stops once the recipe's shell ($$$$) has gone with the server.
run: demo
	@while kill -0 $$$$ 2>/dev/null; do $(BIN)/python manage.py publish_scheduled >/dev/null; sleep 60; done & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest

# Needs a PostgreSQL server; .ci/run starts one if it is not answering.
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ctqsite} EXPECTED_DATABASE_VENDOR=postgresql $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media
