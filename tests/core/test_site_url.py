"""Absolute links (feeds, emails, calendar files, og:url) carry the site's own address, not the home page
migration's http://localhost: `make run` sets the Site to the address it serves, production takes it from
WAGTAILADMIN_BASE_URL and refuses to start with another, and the demo production server's Site is its own
address."""

import datetime
import io
import os
import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import requests
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Site

from devtools.production_server import database_url, demo_production_server
from stories.models import CaseStudyPage
from webinars.factories import WebinarPageFactory
from webinars.models import WebinarIndexPage
from webinars.registration import register

RUN_URL = "http://127.0.0.1:8123"  # `make run PORT=8123`
OG_URL = re.compile(r'<meta property="og:url" content="([^"]+)">')


def feed_links(content):
    return [link.text for link in ET.fromstring(content).iter("link")]


# --- make run ---------------------------------------------------------------------------------------


def test_make_demo_and_make_run_set_the_site_to_the_address_they_serve(tmp_path):
    """`make demo` with a stand-in python that records what it is asked to run and with which address."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    calls = tmp_path / "calls"
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\necho "$WAGTAILADMIN_BASE_URL $*" >> {calls}\n')
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    (venv / ".installed").touch()  # newer than pyproject.toml: make installs nothing
    environment = {key: value for key, value in os.environ.items() if key != "WAGTAILADMIN_BASE_URL"}
    done = subprocess.run(
        ["make", "--no-print-directory", "demo", f"VENV={venv}", "HOST=127.0.0.1", "PORT=8123"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ran = calls.read_text().splitlines()
    assert f"{RUN_URL} manage.py set_site_url" in ran
    # The admin login lines it prints are on the same address.
    assert {line.split()[0] for line in ran} == {RUN_URL}
    dry_run = subprocess.run(
        ["make", "-n", "run", f"VENV={venv}", "HOST=127.0.0.1", "PORT=8123"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "manage.py set_site_url" in dry_run.stdout and "runserver 127.0.0.1:8123" in dry_run.stdout


@pytest.mark.django_db
def test_links_in_feeds_emails_calendar_files_and_og_url_carry_the_address_served(
    client, django_capture_on_commit_callbacks, figure
):
    call_command("set_site_url", RUN_URL, stdout=io.StringIO())  # what `make run PORT=8123` runs
    visitor = {"HTTP_HOST": "127.0.0.1:8123"}

    feed = client.get("/feeds/roundtable.rss", **visitor).content
    items = feed_links(feed)
    assert items and all(link.startswith(RUN_URL + "/") for link in items)

    story = CaseStudyPage.objects.live().first()
    assert OG_URL.findall(client.get(story.url, **visitor).content.decode()) == [RUN_URL + story.url]

    webinar = WebinarPageFactory(
        parent=WebinarIndexPage.objects.live().first(), start=timezone.now() + datetime.timedelta(days=7)
    )
    with django_capture_on_commit_callbacks(execute=True):
        register(webinar, {"name": "Ada", "email": "ada@example.org", "role": "teacher", "consent": True})
    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert RUN_URL + webinar.url in links and all(link.startswith(RUN_URL + webinar.url) for link in links)
    ((_, ics, _),) = message.attachments
    event = Calendar.from_ical(ics).events[0]
    assert str(event["URL"]) == RUN_URL + webinar.url

    assert (
        b"localhost" not in feed and "localhost" not in message.body and "localhost" not in ics
    )  # text/calendar: a str
    figure("absolute links after set_site_url (feed, og:url, email, .ics)", f"all on {RUN_URL}, 0 on http://localhost")


# --- production ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_set_site_url_takes_the_configured_base_url_and_refuses_what_a_site_cannot_be(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://www.example.org"
    call_command("set_site_url", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("www.example.org", 443, "https://www.example.org")
    for url in ["https://www.example.org:8443", "ftp://example.org", "https://example.org/cms/", "example.org"]:
        with pytest.raises(CommandError):
            call_command("set_site_url", url)


@pytest.mark.django_db
def test_the_system_check_names_a_site_that_is_not_the_base_url_and_the_command_that_fixes_it(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://www.example.org"
    with pytest.raises(SystemCheckError) as refused:
        call_command("check", "--database", "default", "--fail-level", "WARNING")
    assert "home.W001" in str(refused.value) and "python manage.py set_site_url" in str(refused.value)
    call_command("set_site_url", stdout=io.StringIO())
    call_command("check", "--database", "default", "--fail-level", "WARNING", stdout=io.StringIO())


def start_production_wsgi(base_url, **env):
    """Import the WSGI application as gunicorn does, against the test database (its Site: http://localhost)."""
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "ctqsite.settings.production",
            "SECRET_KEY": "start-up-" + "k3y" * 20,
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": database_url(connection.settings_dict),
            "WAGTAILADMIN_BASE_URL": base_url,
            "HTTPS_ONLY": "true",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", "import ctqsite.wsgi"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.django_db
def test_production_refuses_to_start_with_a_site_that_is_not_its_base_url():
    assert Site.objects.get(is_default_site=True).root_url == "http://localhost"  # committed with the demo site
    refused = start_production_wsgi("https://www.example.org")
    assert refused.returncode != 0
    assert (
        "The default Site is http://localhost, but the site's address (WAGTAILADMIN_BASE_URL) is "
        "https://www.example.org" in refused.stderr
    )
    assert "python manage.py set_site_url" in refused.stderr
    started = start_production_wsgi("http://localhost")
    assert started.returncode == 0, started.stderr[-2000:]


def test_production_still_starts_when_the_database_is_not_answering(tmp_path):
    # It then serves its 503 page (protection/availability.py) rather than failing to boot.
    started = start_production_wsgi("https://www.example.org", DATABASE_URL=f"sqlite:///{tmp_path}/gone/db.sqlite3")
    assert started.returncode == 0, started.stderr[-2000:]
    assert "The default Site could not be checked" in started.stderr


@pytest.mark.django_db
def test_a_private_plain_http_server_only_logs_a_site_that_is_not_its_base_url():
    # HTTPS_ONLY=false: a benchmark's or a test's server on a database it shares (tests/protection/test_media.py).
    started = start_production_wsgi("http://127.0.0.1:8123", HTTPS_ONLY="false")
    assert started.returncode == 0, started.stderr[-2000:]
    assert "The default Site is http://localhost, but the site's address" in started.stderr


def test_the_demo_servers_site_is_the_address_it_serves():
    """The browser tests' and `make audit`'s server: a demo database of its own."""
    with demo_production_server(workers=1) as (base_url, _database):
        session = requests.Session()
        session.trust_env = False  # loopback only
        home = session.get(base_url + "/", timeout=30).text
        feed = session.get(base_url + "/feeds/school-stories.rss", timeout=30).content
    assert OG_URL.findall(home) == [base_url + "/"]
    assert feed_links(feed) and all(link.startswith(base_url + "/") for link in feed_links(feed))
