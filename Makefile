# The two commands of the README: `make run` serves the demo site, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres install demo clean lock audit-deps backup-check

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

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py create_demo_admin

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest

# Needs a PostgreSQL server; .ci/run starts one if it is not answering.
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ctqsite} EXPECTED_DATABASE_VENDOR=postgresql $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(VENV)-audit db.sqlite3 media .test-media
