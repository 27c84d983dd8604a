"""The environment, as a person deploying the site sets it: every variable read through one django-environ
reader, a wrong value refused at start-up by name, and each variable the settings read listed in
docs/settings.md with the environments that read it."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

ENVIRONMENTS = {
    "dev": "ctqsite.settings.dev",
    "test": "ctqsite.settings.test",
    "production": "ctqsite.settings.production",
}
PRODUCTION_ENV = {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "www.example.org"}


def import_settings(module, probe="", **env):
    """Import a settings module in a fresh process with only the given variables set; its output."""
    environment = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(
        [sys.executable, "-c", f"import json, {module} as s\n{probe}"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "module, env, message",
    [
        ("ctqsite.settings.dev", {"SERVE_MEDIA": "maybe"}, "SERVE_MEDIA must be true or false, not 'maybe'."),
        ("ctqsite.settings.dev", {"EMAIL_USE_TLS": "sure"}, "EMAIL_USE_TLS must be true or false, not 'sure'."),
        ("ctqsite.settings.dev", {"FORM_RATE_LIMIT": "ten"}, "FORM_RATE_LIMIT must be a whole number, not 'ten'."),
        ("ctqsite.settings.dev", {"EMAIL_TIMEOUT": "soon"}, "EMAIL_TIMEOUT must be a number, not 'soon'."),
        (
            "ctqsite.settings.production",
            {**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "1y"},
            "SECURE_HSTS_SECONDS must be a whole number, not '1y'.",
        ),
    ],
)
def test_a_value_of_the_wrong_type_stops_the_start_naming_the_variable(module, env, message):
    result = import_settings(module, **env)
    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr


def test_values_are_read_as_written_blank_ones_as_unset():
    probe = (
        "db = s.DATABASES['default']\n"
        "print(json.dumps([s.FORM_RATE_LIMIT, s.EMAIL_HOST_PASSWORD, s.ALLOWED_HOSTS, s.EMAIL_USE_SSL, s.EMAIL_PORT,"
        " [db[key] for key in ('ENGINE', 'NAME', 'USER', 'PASSWORD', 'HOST', 'PORT', 'OPTIONS', 'CONN_MAX_AGE',"
        " 'CONN_HEALTH_CHECKS')]]))"
    )
    result = import_settings(
        "ctqsite.settings.dev",
        probe,
        FORM_RATE_LIMIT="",
        EMAIL_HOST_PASSWORD="$ecret",
        ALLOWED_HOSTS=" www.example.org , example.org,",
        EMAIL_USE_SSL="yes",
        DATABASE_URL="postgres://site%40ctq:p%2Fss@db.internal:5433/ctqsite?sslmode=require",
        CONN_MAX_AGE="60",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        20,
        "$ecret",
        ["www.example.org", "example.org"],
        True,
        465,
        [
            "django.db.backends.postgresql",
            "ctqsite",
            "site@ctq",
            "p/ss",
            "db.internal",
            5433,
            {"sslmode": "require"},
            60,
            True,
        ],
    ]


def test_production_workers_keep_pages_for_a_second_unless_a_cdn_is_purged_on_publish():
    probe = "print(s.PAGE_CACHE_LOCAL_SECONDS)"
    assert import_settings("ctqsite.settings.production", probe, **PRODUCTION_ENV).stdout.strip() == "1.0"
    with_cdn = import_settings("ctqsite.settings.production", probe, **PRODUCTION_ENV, CLOUDFLARE_API_TOKEN="token")
    assert with_cdn.stdout.strip() == "0.0"


def test_the_settings_read_the_environment_through_django_environ_only():
    for path in (settings.BASE_DIR / "ctqsite" / "settings").glob("*.py"):
        assert not re.search(r"\bos\.(environ|getenv)\b", path.read_text()), path


# --- docs/settings.md --------------------------------------------------------------------------------

RECORD_READS = """
import json, os, sys, environ

class Recorder(dict):
    names = set()

    def get(self, name, default=None):
        self.names.add(name)
        return super().get(name, default)

environ.Env.ENVIRON = Recorder(os.environ)
__import__(sys.argv[1])
print(json.dumps(sorted(Recorder.names)))
"""


def variables_read(module):
    """What a settings module reads, with every optional part turned on (S3, a CDN)."""
    env = {**PRODUCTION_ENV, "AWS_STORAGE_BUCKET_NAME": "ctq-media", "CLOUDFLARE_API_TOKEN": "token"}
    result = subprocess.run(
        [sys.executable, "-c", RECORD_READS, module],
        cwd=settings.BASE_DIR, env={"PATH": os.environ["PATH"], **env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


def documented_variables():
    """{variable: the environments or tools its row says read it} from the table in docs/settings.md."""
    rows = {}
    for line in (settings.BASE_DIR / "docs" / "settings.md").read_text().splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 5 and cells[0].startswith("`"):
            for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0]):
                rows[name] = {reader.strip() for reader in cells[4].split(",")}
    return rows


def test_every_variable_the_settings_read_is_documented_with_the_environments_that_read_it():
    rows = documented_variables()
    read = {environment: variables_read(module) for environment, module in ENVIRONMENTS.items()}
    for environment, names in read.items():
        assert names - rows.keys() == set(), f"read by {environment} but not in docs/settings.md"
    for name, readers in rows.items():
        for environment in readers & ENVIRONMENTS.keys():
            assert name in read[environment], f"docs/settings.md says {environment} reads {name}; it does not"
    tools = {name for name, readers in rows.items() if not readers & ENVIRONMENTS.keys()}
    source = "".join(
        path.read_text() for pattern in ["**/*.py", "Makefile"] for path in settings.BASE_DIR.glob(pattern)
        if ".venv" not in path.parts
    )  # fmt: skip
    assert {name for name in tools if name not in source} == set(), "documented, but nothing reads them"
