import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_expected_database():
    """CI sets EXPECTED_DATABASE_VENDOR so a PostgreSQL run that fell back to SQLite fails."""
    expected = os.environ.get("EXPECTED_DATABASE_VENDOR")
    if expected:
        assert connection.vendor == expected
    else:
        assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_sqlite_takes_the_write_lock_up_front():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
