import datetime
import json
import time

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Site

from pagecache.routes import forget_all as forget_routes
from pagecache.versions import LOCAL_COPIES
from webinars.factories import WebinarPageFactory
from webinars.models import WebinarIndexPage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo site, built once per run.

    Returns the demo database serialized, for tests on a live server to restore
    once earlier transactional tests have emptied it (tests/editorial/test_editor_journey.py).
    """
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def fresh_content_type_cache(request):
    """Transactional tests flush the database between them (and the editor journey restores the demo
    snapshot), so content-type ids cached by an earlier test may name rows that are gone."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        ContentType.objects.clear_cache()


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def demo_page(db):
    """The live demo page of a model: demo_page(CaseStudyPage)."""

    def find(model, **filters):
        return model.objects.live().filter(**filters).order_by("path").first()

    return find


@pytest.fixture
def webinar_index(db):
    return WebinarIndexPage.objects.live().first()


@pytest.fixture
def make_webinar(webinar_index):
    def make(**kwargs):
        kwargs.setdefault("start", timezone.now() + datetime.timedelta(days=7))
        return WebinarPageFactory(parent=webinar_index, **kwargs)

    return make


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no rate limit counts from earlier tests, and no page
    routes or pages a worker remembers from pages and sites its rolled-back transaction took away."""
    cache.clear()
    forget_routes()
    LOCAL_COPIES.clear()
    yield
    cache.clear()
    forget_routes()
    LOCAL_COPIES.clear()


@pytest.fixture
def one_rate_limit_window():
    """The clock stands still, so a test's requests all fall in one rate-limit window: django-ratelimit's
    windows end at set times of the clock, and one could otherwise end in the middle of the test."""
    with time_machine.travel(time.time(), tick=False):
        yield


FIGURES = []


@pytest.fixture(scope="session")
def figure():
    """Record a measured figure (docs/security.md); the run prints them all at its end."""

    def record(name, value):
        FIGURES.append(f"{name}: {value}")

    return record


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def committed_demo_site(transactional_db, django_db_setup):
    """The demo site, committed, for a live server's own connection to read (browser tests).

    Earlier transactional tests may have emptied the database: start from the snapshot
    conftest took once the demo content was loaded.
    """
    call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
    # Content types first, then a fresh cache of them: saving the other rows looks content types up,
    # and a stale cache would create duplicates under new ids.
    rows = json.loads(django_db_setup)
    is_content_type = [row["model"] == "contenttypes.contenttype" for row in rows]
    for wanted in (True, False):
        chunk = [row for row, flag in zip(rows, is_content_type, strict=False) if flag is wanted]
        connection.creation.deserialize_db_from_string(json.dumps(chunk))
        ContentType.objects.clear_cache()
