"""The registrant's journey: sign up, waitlist, duplicates, cancel and promotion, bad input,
and the seat count under real concurrency on the test database."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from webinars.models import Registration, WebinarIndexPage
from webinars.registration import RegistrationClosed, cancel, register, registration_for_token, token_for

from .factories import WebinarPageFactory, WebinarSeriesFactory

Status = Registration.Status


def details(email="teacher@example.org", **overrides):
    return {
        "name": "Ada Teacher",
        "email": email,
        "role": "teacher",
        "organisation": "Stone Creek Elementary",
        "state": "SC",
        "consent": True,
        **overrides,
    }


def form_data(**overrides):
    data = details(**overrides)
    data["consent"] = "on" if data["consent"] else ""
    return data


@pytest.fixture
def webinar_index(db):
    return WebinarIndexPage.objects.live().first()


@pytest.fixture
def make_webinar(webinar_index):
    def make(**kwargs):
        kwargs.setdefault("start", timezone.now() + datetime.timedelta(days=7))
        return WebinarPageFactory(parent=webinar_index, **kwargs)

    return make


# --- Signing up through the page ---------------------------------------------------------------


@pytest.mark.django_db
def test_page_shows_the_form_and_seats_left(client, make_webinar):
    webinar = make_webinar(capacity=12)
    html = client.get(webinar.url).content.decode()
    assert "12 seats left." in html
    assert 'name="email"' in html and 'for="id_email"' in html
    assert webinar.join_url not in html or not webinar.join_url


@pytest.mark.django_db
def test_join_link_never_appears_on_the_public_page(client, make_webinar):
    webinar = make_webinar(join_url="https://meet.example.org/secret-room")
    assert "secret-room" not in client.get(webinar.url).content.decode()
    assert "secret-room" not in client.get(webinar.url + "calendar.ics").content.decode()


@pytest.mark.django_db
def test_registering_redirects_to_a_status_page(client, make_webinar, django_capture_on_commit_callbacks):
    webinar = make_webinar(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(webinar.url, form_data())
    assert response.status_code == 302
    registration = Registration.objects.get(webinar=webinar)
    prefix = f"{webinar.url}registered/"
    assert response["Location"].startswith(prefix)
    assert registration_for_token(response["Location"][len(prefix):].strip("/")) == registration
    html = client.get(response["Location"]).content.decode()
    assert "You are registered" in html
    assert registration.status == Status.CONFIRMED
    assert [message.to for message in mail.outbox] == [["teacher@example.org"]]
    assert "1 seat left." in client.get(webinar.url).content.decode()


@pytest.mark.django_db
def test_full_webinar_waitlists_with_a_position(client, make_webinar):
    webinar = make_webinar(capacity=1)
    register(webinar, details("first@example.org"))
    register(webinar, details("second@example.org"))
    response = client.post(webinar.url, form_data(email="third@example.org"), follow=True)
    assert "You are number 2 on the waitlist" in response.content.decode()
    assert "This webinar is full." in client.get(webinar.url).content.decode()


@pytest.mark.django_db
def test_full_webinar_without_waitlist_refuses_clearly(client, make_webinar):
    webinar = make_webinar(capacity=1, waitlist=False)
    register(webinar, details("first@example.org"))
    html = client.get(webinar.url).content.decode()
    assert "This webinar is full." in html and 'name="email"' not in html
    response = client.post(webinar.url, form_data(email="late@example.org"))
    assert response.status_code == 409
    assert "This webinar is full." in response.content.decode()
    assert Registration.objects.filter(webinar=webinar).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": timezone.now() - datetime.timedelta(days=1)},
        {"registration_closes_at": timezone.now() - datetime.timedelta(minutes=1)},
        {"registration_opens_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["past", "closed", "not-yet-open"],
)
def test_closed_webinars_take_no_sign_ups(client, make_webinar, kwargs):
    webinar = make_webinar(**kwargs)
    response = client.post(webinar.url, form_data())
    assert response.status_code in (200, 409)
    assert not Registration.objects.filter(webinar=webinar).exists()
    with pytest.raises(RegistrationClosed):
        register(webinar, details())


@pytest.mark.django_db
def test_same_email_twice_keeps_one_row_and_resends(make_webinar, django_capture_on_commit_callbacks):
    webinar = make_webinar()
    with django_capture_on_commit_callbacks(execute=True):
        first = register(webinar, details("Teacher@Example.org"))
        again = register(webinar, details("  teacher@example.ORG "))
    assert not first.already_registered and again.already_registered
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.filter(webinar=webinar).count() == 1
    assert len(mail.outbox) == 2  # a fresh confirmation each time


@pytest.mark.django_db
def test_double_submitted_form_makes_one_registration(client, make_webinar):
    webinar = make_webinar()
    first = client.post(webinar.url, form_data())
    second = client.post(webinar.url, form_data())
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Registration.objects.filter(webinar=webinar).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"name": "x" * 5000}, "name", "Ensure this value has at most 200 characters"),
        ({"consent": False}, "consent", "We need your agreement"),
        ({"role": "admin'); DROP TABLE"}, "role", "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, make_webinar, overrides, field, message):
    webinar = make_webinar()
    response = client.post(webinar.url, form_data(organisation="<b>Kept School</b>", **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert re.search(f'aria-describedby="[^"]*id_{field}_error', html)  # the field points at its message
    assert 'value="&lt;b&gt;Kept School&lt;/b&gt;"' in html  # kept, and escaped
    assert not Registration.objects.filter(webinar=webinar).exists()


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(make_webinar):
    webinar = make_webinar()
    response = Client(enforce_csrf_checks=True).post(webinar.url, form_data())
    assert response.status_code == 403
    assert not Registration.objects.filter(webinar=webinar).exists()


@pytest.mark.django_db
def test_series_sign_up_covers_every_open_upcoming_session(client, make_webinar):
    series = WebinarSeriesFactory()
    first = make_webinar(series=series)
    second = make_webinar(series=series, start=timezone.now() + datetime.timedelta(days=14))
    make_webinar(series=series, start=timezone.now() - datetime.timedelta(days=14))  # past: not offered
    assert "other upcoming sessions in this series" in client.get(first.url).content.decode()
    response = client.post(first.url, {**form_data(), "all_sessions": "on"}, follow=True)
    assert set(Registration.objects.values_list("webinar_id", flat=True)) == {first.pk, second.pk}
    assert second.title in response.content.decode()


# --- Cancelling ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cancelling_frees_the_seat_for_the_first_on_the_waitlist(client, make_webinar, django_capture_on_commit_callbacks):
    webinar = make_webinar(capacity=1)
    seat = register(webinar, details("seat@example.org")).registration
    first_waiting = register(webinar, details("wait1@example.org")).registration
    register(webinar, details("wait2@example.org"))
    cancel_url = f"{webinar.url}cancel/{token_for(seat)}/"
    assert "Cancel your place?" in client.get(cancel_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url, follow=True)
    assert "next person on the waitlist" in response.content.decode()
    first_waiting.refresh_from_db()
    seat.refresh_from_db()
    assert seat.status == Status.CANCELLED and first_waiting.status == Status.CONFIRMED
    assert Registration.objects.filter(webinar=webinar, status=Status.CONFIRMED).count() == 1
    assert ["wait1@example.org"] in [message.to for message in mail.outbox]


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["forged", "MQ:1abc:xyz", "../../admin", "%00"])
def test_forged_cancellation_links_are_refused(client, make_webinar, token):
    webinar = make_webinar()
    register(webinar, details())
    assert client.get(f"{webinar.url}cancel/{token}/").status_code == 404
    assert client.post(f"{webinar.url}cancel/{token}/").status_code == 404
    assert Registration.objects.get(webinar=webinar).status == Status.CONFIRMED


@pytest.mark.django_db
def test_a_token_for_another_webinar_is_refused(client, make_webinar):
    mine, other = make_webinar(), make_webinar()
    registration = register(mine, details()).registration
    assert client.get(f"{other.url}cancel/{token_for(registration)}/").status_code == 404


@pytest.mark.django_db
def test_cancelling_twice_changes_nothing(make_webinar):
    webinar = make_webinar(capacity=1)
    seat = register(webinar, details("seat@example.org")).registration
    register(webinar, details("wait@example.org"))
    assert cancel(seat) is not None
    assert cancel(seat) is None
    assert Registration.objects.filter(webinar=webinar, status=Status.CONFIRMED).count() == 1


@pytest.mark.django_db
def test_ended_webinar_shows_recording_not_the_form(client, make_webinar):
    webinar = make_webinar(
        start=timezone.now() - datetime.timedelta(days=2), recording_url="https://www.youtube.com/watch?v=rec"
    )
    html = client.get(webinar.url).content.decode()
    assert "Watch the recording" in html and 'name="email"' not in html


# --- Concurrency on the real database -----------------------------------------------------------


def concurrent(calls, threads):
    """Run the calls from `threads` threads at once; return the exceptions raised."""
    errors, barrier, lock = [], threading.Barrier(threads), threading.Lock()
    chunks = [calls[index::threads] for index in range(threads)]

    def worker(chunk):
        try:
            barrier.wait()
            for call in chunk:
                try:
                    call()
                except Exception as error:  # collected and asserted on, never swallowed
                    with lock:
                        errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return errors


@pytest.fixture
def bare_webinar(transactional_db):
    """A webinar in a tree of its own: transactional tests start from an empty database."""

    def make(**kwargs):
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        return WebinarPageFactory(parent=root, start=timezone.now() + datetime.timedelta(days=7), **kwargs)

    return make


@pytest.mark.parametrize("run", range(3))
def test_many_threads_never_overbook(bare_webinar, run, figure):
    webinar = bare_webinar(capacity=50)
    calls = [lambda n=n: register(webinar, details(f"person{n}@example.org")) for n in range(200)]
    assert concurrent(calls, threads=20) == []
    statuses = list(Registration.objects.filter(webinar=webinar).values_list("status", flat=True))
    assert statuses.count(Status.CONFIRMED) == 50
    assert statuses.count(Status.WAITLISTED) == 150
    assert len(statuses) == 200
    figure(f"200 concurrent sign-ups for 50 seats, run {run + 1}", "50 confirmed, 150 waitlisted, 0 oversold, 0 errors")


def test_same_email_from_many_threads_makes_one_row(bare_webinar, figure):
    webinar = bare_webinar(capacity=5)
    variants = ["same@example.org", "SAME@example.org", " same@example.org ", "Same@Example.Org"]
    calls = [lambda email=variants[n % 4]: register(webinar, details(email)) for n in range(20)]
    assert concurrent(calls, threads=20) == []
    assert Registration.objects.filter(webinar=webinar).count() == 1
    figure("20 concurrent sign-ups with one email in 4 spellings", "1 row, 0 duplicates")


def test_concurrent_cancellations_promote_without_overbooking(bare_webinar):
    webinar = bare_webinar(capacity=20)
    seats = [register(webinar, details(f"seat{n}@example.org")).registration for n in range(20)]
    for n in range(20):
        register(webinar, details(f"wait{n}@example.org"))
    assert concurrent([lambda r=r: cancel(r) for r in seats[:10]], threads=10) == []
    counts = {status: Registration.objects.filter(webinar=webinar, status=status).count() for status in Status}
    assert counts == {Status.CONFIRMED: 20, Status.WAITLISTED: 10, Status.CANCELLED: 10}
