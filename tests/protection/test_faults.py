"""Faults, each simulated for real: the database refusing connections, the cache's storage gone,
the mail server failing. Nothing a visitor sent is acknowledged and then lost."""

import threading
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client, override_settings

from formpages.models import FormPage, Submission, SubmissionEmail
from tests.utils import contact_answers, form_data
from webinars.models import Registration, RegistrationEmail

pytestmark = pytest.mark.django_db

FAILING_MAIL = "tests.webinars.test_webinar_emails.FailingBackend"


# --- Database down --------------------------------------------------------------------------------


@contextmanager
def database_refusing_connections():
    """New connections to the default database fail as they would with the server down.

    Connections are per thread: the test's own connection (and its transaction) is untouched, and
    requests made with in_new_thread() connect afresh, to nowhere.
    """
    working = connections.settings[DEFAULT_DB_ALIAS]
    broken = dict(working)
    if connection.vendor == "sqlite":
        broken["NAME"] = "/nonexistent-directory/ctqsite.sqlite3"
    else:
        broken.update(HOST="127.0.0.1", PORT="1")
    connections.settings[DEFAULT_DB_ALIAS] = broken
    try:
        yield
    finally:
        connections.settings[DEFAULT_DB_ALIAS] = working


def in_new_thread(request):
    outcome = {}

    def run():
        try:
            outcome["response"] = request(Client(raise_request_exception=False))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return outcome["response"]


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "We'll be back in a few minutes" in html
    for leak in ["Traceback", "OperationalError", "nonexistent-directory", "port 1", 'File "']:
        assert leak not in html


@pytest.mark.parametrize("path", ["/", "/school-stories/", "/search/?query=leadership", "/playbook/self-assessment/"])
def test_with_the_database_down_pages_answer_a_friendly_503(path):
    with database_refusing_connections():
        response = in_new_thread(lambda client: client.get(path))
    assert_friendly_503(response)
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


def test_a_form_sent_while_the_database_is_down_gets_the_503_and_is_sent_again_afterwards(client, figure):
    contact = FormPage.objects.live().get(slug="contact")
    answers, url = contact_answers(contact, message="Sent during the outage"), contact.url
    with database_refusing_connections():
        response = in_new_thread(lambda client: client.post(url, answers))
    assert_friendly_503(response)
    assert "please go back, keep what you typed, and send it again" in response.content.decode()
    # Back up: the same answers are accepted and kept once.
    assert client.post(url, answers).status_code == 302
    assert Submission.objects.filter(page=contact, form_data__message="Sent during the outage").count() == 1
    figure("database down: form posts acknowledged then lost", "0 (a 503 says it was not sent)")


def test_the_health_check_says_whether_the_database_answers(client):
    assert client.get("/health/").json() == {"database": "ok"}
    with database_refusing_connections():
        response = in_new_thread(lambda client: client.get("/health/"))
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}
    assert "no-cache" in response["Cache-Control"]


def test_other_errors_are_still_500s_not_503s():
    from protection.availability import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(None, ValueError("a bug")) is None


# --- Cache down -----------------------------------------------------------------------------------


@pytest.fixture
def broken_cache_location(tmp_path):
    """Where a file-based cache would keep its files, made unusable: a file, not a directory."""
    location = tmp_path / "cache"
    location.write_text("not a directory")
    return str(location)


def both_caches(config):
    """The shared cache and the page cache's, on one server as in production, so both are down together."""
    return {"default": config, "pages": config}


def file_cache(location):
    return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": location}


def fault_tolerant(location):
    return {
        "BACKEND": "protection.cache.FaultTolerantCache",
        "LOCATION": location,
        "OPTIONS": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"},
    }


def test_the_broken_cache_really_fails_without_the_wrapper(client, broken_cache_location):
    with override_settings(CACHES=both_caches(file_cache(broken_cache_location))), pytest.raises(OSError):
        client.get("/")


def test_with_the_cache_down_pages_render_forms_are_kept_and_sessions_survive(
    client, admin_user, broken_cache_location, django_capture_on_commit_callbacks, figure
):
    contact = FormPage.objects.live().get(slug="contact")
    client.force_login(admin_user)
    with override_settings(CACHES=both_caches(fault_tolerant(broken_cache_location))):
        for path in ["/", "/school-stories/", "/search/?query=leadership", "/search/suggest/?query=lead", "/admin/"]:
            assert client.get(path).status_code == 200, path
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(contact.url, contact_answers(contact, message="Sent with the cache down"))
        assert sent.status_code == 302
        # The rate limit cannot count, so it lets everyone through rather than no one.
        with override_settings(FORM_RATE_LIMIT=0):
            assert client.post(contact.url, contact_answers(contact, message="Second")).status_code == 302
    assert Submission.objects.filter(page=contact, form_data__message="Sent with the cache down").count() == 1
    figure("cache down: pages, sessions", "pages 200, the signed-in session kept, 0 submissions lost")


def test_signing_in_works_with_the_cache_down(client, django_user_model, broken_cache_location):
    django_user_model.objects.create_superuser("editor-on-call", password="a long enough passphrase")
    with override_settings(CACHES=both_caches(fault_tolerant(broken_cache_location))):
        response = client.post("/admin/login/", {"username": "editor-on-call", "password": "a long enough passphrase"})
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200


def test_the_wrapper_answers_as_an_empty_cache(broken_cache_location):
    from django.core.cache import caches

    with override_settings(CACHES=both_caches(fault_tolerant(broken_cache_location))):
        cache = caches["default"]
        assert cache.set("key", 1) is None and cache.get("key", "missing") == "missing"
        assert cache.add("key", 1) is False and cache.incr("key") is None
        assert cache.get_many(["key"]) == {} and cache.get_or_set("key", 5) == 5
        assert cache.has_key("key") is False and cache.delete("key") is False


def test_the_wrapper_passes_a_working_cache_through(tmp_path):
    from django.core.cache import caches

    with override_settings(CACHES=both_caches(fault_tolerant(str(tmp_path / "cache")))):
        cache = caches["default"]
        cache.set("key", 1)
        assert cache.incr("key") == 2 and cache.get("key") == 2
        with pytest.raises(ValueError):
            cache.incr("missing")


# --- Mail server failing --------------------------------------------------------------------------


def test_100_registrations_with_the_mail_server_down_are_all_kept_and_emailed_once_it_is_back(
    client, make_webinar, django_capture_on_commit_callbacks, figure
):
    webinar = make_webinar(capacity=None)
    with override_settings(EMAIL_BACKEND=FAILING_MAIL, REGISTRATION_RATE_LIMIT=1000):
        for number in range(100):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(webinar.url, form_data(webinar, email=f"teacher{number}@example.org"))
            assert response.status_code == 302
    assert Registration.objects.filter(webinar=webinar).count() == 100
    owed = RegistrationEmail.objects.filter(registration__webinar=webinar)
    assert owed.count() == 100 and not owed.filter(sent_at__isnull=False).exists()
    assert mail.outbox == []

    out = StringIO()
    call_command("send_registration_emails", stdout=out)
    call_command("send_registration_emails", stdout=out)  # a second cron run sends nothing twice
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"teacher{n}@example.org" for n in range(100))
    assert not owed.filter(sent_at__isnull=True).exists()
    figure("mail server down during 100 registrations", f"100 rows, 0 errors; {len(mail.outbox)} emails after recovery")


def test_100_form_submissions_with_the_mail_server_down_are_kept_and_emailed_once_it_is_back(
    client, django_capture_on_commit_callbacks, figure
):
    contact = FormPage.objects.live().get(slug="contact")
    with override_settings(EMAIL_BACKEND=FAILING_MAIL, FORM_RATE_LIMIT=1000):
        for number in range(100):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(contact.url, contact_answers(contact, email=f"head{number}@example.org"))
            assert response.status_code == 302
    kept = Submission.objects.filter(page=contact, form_data__email__startswith="head")
    assert kept.count() == 100
    owed = SubmissionEmail.objects.filter(submission__in=kept)
    call_command("send_form_emails", stdout=StringIO())
    call_command("send_form_emails", stdout=StringIO())
    assert len(mail.outbox) == owed.count() and not owed.filter(sent_at__isnull=True).exists()
    figure(
        "mail server down during 100 form submissions", f"100 rows, 0 errors; {len(mail.outbox)} emails after recovery"
    )
