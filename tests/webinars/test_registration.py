"""The registrant's journey: sign up, waitlist, duplicates, links, cancel and promotion, bad input,
spam defence, and the seat count under real concurrency on the test database."""

import datetime
import hashlib
import io
import itertools
import re
import time

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F
from django.test import Client
from django.utils import timezone
from django.utils.http import urlsafe_base64_encode
from icalendar import Calendar
from localflavor.us.us_states import STATE_CHOICES
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from formpages.models import FormPage
from protection.spam import HONEYPOT_FIELD, STARTED_FIELD, started_token
from taxonomy.models import sorted_states
from tests.utils import concurrent, details, emailed_links, emails_to, form_data, routable_webinar_index, title_of
from webinars import registration as registration_service
from webinars.factories import WebinarPageFactory, WebinarSeriesFactory
from webinars.models import Registration, RegistrationEmail, RegistrationLink
from webinars.registration import LINK_LIFETIME, RegistrationClosed, cancel, register
from webinars.views import SPAM_FORM

Status = Registration.Status
Kind = RegistrationEmail.Kind


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Post as the client, sending the emails the post owes (after its commit)."""

    def send(url, data, client=client, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return send


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks):
    """register(), with the emails it owes sent."""

    def call(webinar, email, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return register(webinar, details(email), **kwargs)

    return call


def an_hour_passes():
    RegistrationEmail.objects.update(created_at=F("created_at") - datetime.timedelta(minutes=61))


# --- Signing up through the page ---------------------------------------------------------------


@pytest.mark.django_db
def test_page_shows_the_form_and_seats_left(client, make_webinar):
    webinar = make_webinar(capacity=12)
    html = client.get(webinar.url).content.decode()
    assert "12 seats left." in html
    assert 'name="email"' in html and 'for="id_email"' in html
    assert webinar.join_url not in html or not webinar.join_url


@pytest.mark.django_db
def test_the_state_list_is_alphabetical_and_sorted_once_for_every_sign_up(post, make_webinar):
    webinar = make_webinar(capacity=12)
    Client().get(webinar.url)
    sorted_before = sorted_states.cache_info().misses
    html = Client().get(webinar.url).content.decode()
    listed = re.findall(r'<option value="([A-Z]{2})"', html[html.index('name="state"') :])
    assert listed == [code for code, _ in STATE_CHOICES]
    assert post(webinar.url, form_data(webinar, state="SC")).status_code == 302
    assert webinar.registrations.get().state == "SC"
    assert sorted_states.cache_info().misses == sorted_before <= 1


def calendar_link(html):
    return re.search(r'<a href="([^"]+)" download>Add to your calendar \(\.ics\)</a>', html).group(1)


@pytest.mark.django_db
def test_join_link_never_appears_on_the_public_page_or_its_calendar_file(client, make_webinar):
    webinar = make_webinar(join_url="https://meet.example.org/secret-room")
    html = client.get(webinar.url).content.decode()
    calendar = client.get(calendar_link(html))
    assert calendar.status_code == 200  # the file is really there: a 404 has no join link either
    assert "secret-room" not in html and b"secret-room" not in calendar.content


@pytest.mark.django_db
def test_the_calendar_link_on_the_page_downloads_the_webinar(client, make_webinar, figure):
    start = timezone.now().replace(microsecond=0, second=0) + datetime.timedelta(days=3)
    webinar = make_webinar(start=start, duration_minutes=45, time_zone="America/Chicago")
    url = calendar_link(client.get(webinar.url).content.decode())
    assert url == f"{webinar.url}calendar/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{webinar.slug}.ics"'
    (event,) = Calendar.from_ical(response.content).events
    assert event.start == start and event.end == start + datetime.timedelta(minutes=45)
    assert event.start.tzinfo.key == "America/Chicago"
    assert str(event["UID"]) == f"webinar-{webinar.translation_key}"
    assert str(event["SUMMARY"]) == webinar.title
    figure("the page's calendar link", f"{response.status_code} text/calendar, DTSTART/DTEND/UID/SUMMARY as the page")


@pytest.mark.django_db
def test_the_calendar_uid_stays_when_the_sites_host_name_changes(client, make_webinar, figure):
    webinar = make_webinar()

    def uid():
        return str(Calendar.from_ical(client.get(f"{webinar.url}calendar/").content).events[0]["UID"])

    before = uid()
    Site.objects.filter(is_default_site=True).update(hostname="www.example.org")
    assert uid() == before
    figure("calendar UID after the site's host name changed", "unchanged")


@pytest.mark.django_db
def test_registering_ends_on_check_your_inbox_and_the_email_carries_the_link(client, make_webinar, post):
    webinar = make_webinar(capacity=2)
    response = post(webinar.url, form_data(webinar))
    assert response.status_code == 302 and response["Location"] == f"{webinar.url}check-your-inbox/"
    html = client.get(response["Location"]).content.decode()
    assert "Check your inbox" in html and "We are sending an email to teacher@example.org." in html
    registration = Registration.objects.get(webinar=webinar)
    assert registration.status == Status.CONFIRMED
    assert [message.to for message in mail.outbox] == [["teacher@example.org"]]
    status = client.get(emailed_links("teacher@example.org")["registered"]).content.decode()
    assert "You are registered, Ada Teacher." in status
    assert "1 seat left." in client.get(webinar.url).content.decode()


@pytest.mark.django_db
def test_someone_elses_address_gets_the_page_a_new_sign_up_gets_and_nothing_of_theirs(
    make_webinar, post, sign_up, figure
):
    """High 1: a registrant's page and cancel link went to anyone who typed their email."""
    webinar = make_webinar(capacity=5)
    sign_up(webinar, "victim@example.org")
    Registration.objects.filter(email="victim@example.org").update(name="Victoria Private")
    mail.outbox.clear()

    def answer(address):
        stranger = Client()
        response = post(webinar.url, form_data(webinar, email=address, name="Mallory"), client=stranger)
        followed = stranger.get(response["Location"]).content.decode()
        return response.status_code, response["Location"], followed.replace(address.strip().lower(), "ADDRESS")

    known = answer("  VICTIM@Example.org ")
    new = answer("newcomer@example.org")
    assert known == new  # the same status, redirect and page, word for word
    status, location, html = known
    assert status == 302 and location.endswith("/check-your-inbox/")
    assert "Victoria" not in html and "/registered/" not in html and "/cancel/" not in html
    # Each try used to email the victim again; their confirmation went minutes ago, so nothing now.
    for _ in range(3):
        answer("victim@example.org")
    assert emails_to("victim@example.org") == []
    an_hour_passes()
    for _ in range(3):
        answer("victim@example.org")
    assert len(emails_to("victim@example.org")) == 1
    assert Registration.objects.get(email="victim@example.org").name == "Victoria Private"
    figure(
        "a stranger posting a registered address 7 times in an hour",
        "the page a new sign-up gets, 0 of their details, 1 email to them",
    )


@pytest.mark.django_db
def test_links_are_random_per_email_kept_only_as_digests_and_each_keeps_working(
    client, make_webinar, sign_up, django_capture_on_commit_callbacks
):
    webinar = make_webinar(capacity=1)
    seat = sign_up(webinar, "seat@example.org").registration
    waiting = sign_up(webinar, "waiting@example.org").registration
    waitlisted_email = emailed_links("waiting@example.org")["registered"]
    with django_capture_on_commit_callbacks(execute=True):
        cancel(seat)
    promoted_email = emailed_links("waiting@example.org")["registered"]
    assert waitlisted_email != promoted_email
    for path in (waitlisted_email, promoted_email):
        token = path.rstrip("/").rsplit("/", 1)[1]
        assert len(token) == 43
        assert RegistrationLink.objects.filter(digest=hashlib.sha256(token.encode()).hexdigest()).exists()
        assert not RegistrationLink.objects.filter(digest=token).exists()
        assert "You are registered" in client.get(path).content.decode()
    assert waiting.links.count() == 2


@pytest.mark.django_db
def test_a_reminder_sent_days_later_carries_a_working_link(
    client, make_webinar, sign_up, django_capture_on_commit_callbacks
):
    webinar = make_webinar()
    sign_up(webinar, "teacher@example.org")
    confirmation = emailed_links("teacher@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        now = (webinar.start - datetime.timedelta(hours=20)).isoformat()
        call_command("send_webinar_reminders", "--now", now, stdout=io.StringIO())
    assert emails_to("teacher@example.org")[-1].subject.startswith("Tomorrow:")
    reminder = emailed_links("teacher@example.org")
    assert reminder["registered"] != confirmation["registered"]
    for links in (confirmation, reminder):
        assert "You are registered" in client.get(links["registered"]).content.decode()
        assert "Cancel your place?" in client.get(links["cancel"]).content.decode()


@pytest.mark.django_db
def test_asking_for_a_new_link_stops_the_old_ones(client, make_webinar, sign_up, post):
    webinar = make_webinar()
    sign_up(webinar, "teacher@example.org")
    old = emailed_links("teacher@example.org")
    response = post(old["registered"], {})
    assert response.status_code == 302 and response["Location"] == f"{webinar.url}check-your-inbox/"
    assert "We are emailing a new link to teacher@example.org" in client.get(response["Location"]).content.decode()
    (newest,) = emails_to("teacher@example.org")[1:]
    assert newest.subject == f"Your new link: {webinar.title}"
    for path in old.values():
        gone = client.get(path)
        assert gone.status_code == 404 and "Registration link not found" in gone.content.decode()
    assert "You are registered" in client.get(emailed_links("teacher@example.org")["registered"]).content.decode()


@pytest.mark.django_db
def test_links_stop_working_a_while_after_the_webinar(client, make_webinar, sign_up):
    webinar = make_webinar()
    sign_up(webinar, "teacher@example.org")
    status = emailed_links("teacher@example.org")["registered"]
    long_ago = timezone.now() - LINK_LIFETIME
    ended = type(webinar).objects.filter(pk=webinar.pk)
    ended.update(start=long_ago - datetime.timedelta(hours=2), ends_at=long_ago + datetime.timedelta(minutes=1))
    assert client.get(status).status_code == 200
    ended.update(ends_at=long_ago - datetime.timedelta(minutes=1))
    assert client.get(status).status_code == 404


@pytest.mark.django_db
def test_the_series_list_on_the_status_page_shows_only_to_the_link_holder(client, make_webinar, post, sign_up):
    series = WebinarSeriesFactory()
    first = make_webinar(series=series, title="Session one")
    second = make_webinar(series=series, title="Session two", start=timezone.now() + datetime.timedelta(days=14))
    sign_up(second, "victim@example.org")
    sign_up(first, "victim@example.org")
    stranger = Client()
    response = post(first.url, form_data(first, email="victim@example.org"), client=stranger, follow=True)
    assert "Your other sessions" not in response.content.decode() and "Session two" not in response.content.decode()
    own = client.get(emailed_links("victim@example.org")["registered"]).content.decode()
    assert "Your other sessions in this series" in own and "Session two" in own


@pytest.mark.django_db
def test_full_webinar_waitlists_with_a_position(client, make_webinar, sign_up, post):
    webinar = make_webinar(capacity=1)
    sign_up(webinar, "first@example.org")
    sign_up(webinar, "second@example.org")
    post(webinar.url, form_data(webinar, email="third@example.org"))
    html = client.get(emailed_links("third@example.org")["registered"]).content.decode()
    assert "You are number 2 on the waitlist" in html
    assert "This webinar is full." in client.get(webinar.url).content.decode()


@pytest.mark.django_db
def test_full_webinar_without_waitlist_refuses_clearly(client, make_webinar):
    webinar = make_webinar(capacity=1, waitlist=False)
    register(webinar, details("first@example.org"))
    html = client.get(webinar.url).content.decode()
    assert "This webinar is full." in html and 'name="email"' not in html
    for address in ("late@example.org", "first@example.org"):  # the same answer for a known address
        response = client.post(webinar.url, form_data(webinar, email=address))
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
    response = client.post(webinar.url, form_data(webinar))
    assert response.status_code in (200, 409)
    assert not Registration.objects.filter(webinar=webinar).exists()
    with pytest.raises(RegistrationClosed):
        register(webinar, details())


@pytest.mark.django_db
def test_same_email_twice_keeps_one_row_and_emails_again_at_most_hourly(make_webinar, sign_up):
    webinar = make_webinar()
    first = sign_up(webinar, "Teacher@Example.org")
    again = sign_up(webinar, "  teacher@example.ORG ")
    assert not first.already_registered and again.already_registered
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.filter(webinar=webinar).count() == 1
    assert len(mail.outbox) == 1
    an_hour_passes()
    sign_up(webinar, "teacher@example.org")
    sign_up(webinar, "teacher@example.org")
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_double_submitted_form_makes_one_registration(client, make_webinar):
    webinar = make_webinar()
    first = client.post(webinar.url, form_data(webinar))
    second = client.post(webinar.url, form_data(webinar))
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
    response = client.post(webinar.url, form_data(webinar, organisation="<b>Kept School</b>", **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert re.search(f'aria-describedby="[^"]*id_{field}_error', html)  # the field points at its message
    assert title_of(html).startswith("Error: ")
    assert 'value="&lt;b&gt;Kept School&lt;/b&gt;"' in html  # kept, and escaped
    assert not Registration.objects.filter(webinar=webinar).exists()


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(make_webinar):
    webinar = make_webinar()
    response = Client(enforce_csrf_checks=True).post(webinar.url, form_data(webinar))
    assert response.status_code == 403
    assert not Registration.objects.filter(webinar=webinar).exists()


@pytest.mark.django_db
def test_series_sign_up_covers_every_open_upcoming_session(client, make_webinar, post):
    series = WebinarSeriesFactory()
    first = make_webinar(series=series)
    second = make_webinar(series=series, start=timezone.now() + datetime.timedelta(days=14))
    make_webinar(series=series, start=timezone.now() - datetime.timedelta(days=14))  # past: not offered
    assert "other upcoming sessions in this series" in client.get(first.url).content.decode()
    post(first.url, {**form_data(first), "all_sessions": "on"})
    assert set(Registration.objects.values_list("webinar_id", flat=True)) == {first.pk, second.pk}
    assert sorted(message.subject for message in mail.outbox) == sorted(
        f"You're registered: {webinar.title}" for webinar in (first, second)
    )


# --- Spam defence (protection.spam) and limits -------------------------------------------------------


@pytest.mark.django_db
def test_the_form_carries_the_sites_spam_defence(client, make_webinar):
    webinar = make_webinar()
    html = client.get(webinar.url).content.decode()
    assert f'name="{STARTED_FIELD}"' in html
    trap = html.split('class="form-trap"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in trap and 'tabindex="-1"' in trap and f'name="{HONEYPOT_FIELD}"' in trap


@pytest.mark.django_db
def test_a_filled_honeypot_looks_like_success_and_registers_and_sends_nothing(make_webinar, post):
    webinar = make_webinar()
    response = post(webinar.url, form_data(webinar, **{HONEYPOT_FIELD: "https://spam.example"}))
    assert response.status_code == 302 and response["Location"] == f"{webinar.url}check-your-inbox/"
    assert not Registration.objects.filter(webinar=webinar).exists() and mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stamp",
    [
        pytest.param(lambda webinar, other: started_token(webinar, SPAM_FORM), id="sent-at-once"),
        pytest.param(lambda webinar, other: "", id="no-stamp"),
        pytest.param(lambda webinar, other: started_token(other, SPAM_FORM, at=0), id="another-webinars-stamp"),
        pytest.param(lambda webinar, other: started_token(webinar, at=0), id="another-forms-stamp"),
    ],
)
def test_a_form_sent_too_fast_comes_back_with_what_was_typed(make_webinar, post, stamp):
    webinar, other = make_webinar(), make_webinar()
    data = {**form_data(webinar, name="Typed <quickly>"), STARTED_FIELD: stamp(webinar, other)}
    response = post(webinar.url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please send the form again" in html and "press Register" in html
    assert 'value="Typed &lt;quickly&gt;"' in html
    assert not Registration.objects.filter(webinar=webinar).exists() and mail.outbox == []


@pytest.mark.django_db
def test_a_form_left_open_too_long_comes_back_with_what_was_typed(make_webinar, post):
    webinar = make_webinar()
    old = started_token(webinar, SPAM_FORM, at=time.time() - settings.FORM_MAX_AGE_SECONDS - 60)
    response = post(webinar.url, {**form_data(webinar, name="Slow Typist"), STARTED_FIELD: old})
    assert response.status_code == 200
    html = response.content.decode()
    assert "It had been open for more than 24 hours" in html and 'value="Slow Typist"' in html
    assert not Registration.objects.filter(webinar=webinar).exists()


@pytest.mark.django_db
def test_a_form_pages_stamp_does_not_pass_on_a_webinar(make_webinar, post):
    webinar = make_webinar()
    contact = FormPage.objects.live().get(slug="contact")
    response = post(webinar.url, {**form_data(webinar), STARTED_FIELD: started_token(contact, at=time.time() - 60)})
    assert response.status_code == 200 and not Registration.objects.filter(webinar=webinar).exists()


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
def test_one_address_can_take_only_a_few_seats_by_default(make_webinar, post, figure):
    """Medium 5: invented addresses from one connection could take every seat (50 per 10 minutes)."""
    webinar = make_webinar(capacity=None)
    answers = [post(webinar.url, form_data(webinar, email=f"invented{n}@example.org")).status_code for n in range(20)]
    assert answers == [302] * settings.REGISTRATION_RATE_LIMIT + [429] * (20 - settings.REGISTRATION_RATE_LIMIT)
    assert settings.REGISTRATION_RATE_LIMIT == 10 and settings.REGISTRATION_RATE_LIMIT_WINDOW == 600
    figure("sign-ups accepted from one address in 10 minutes", f"{answers.count(302)} of 20")


@pytest.mark.django_db
def test_a_stranger_cannot_mail_bomb_an_address(make_webinar, post, figure):
    """Medium 5: each post of someone's address sent them a confirmation (50 per 10 minutes)."""
    webinars = [make_webinar(capacity=None) for _ in range(12)]
    tries = 0
    for round_ in range(5):  # from a new connection each time: the per-address limit does not help here
        for number, webinar in enumerate(webinars):
            tries += 1
            address = f"198.51.100.{round_ * 12 + number}"
            post(webinar.url, form_data(webinar, email="target@example.org"), REMOTE_ADDR=address)
        an_hour_passes()
    received = len(emails_to("target@example.org"))
    assert received == 10
    assert settings.REGISTRATION_EMAIL_LIMIT == 10 and settings.REGISTRATION_EMAIL_LIMIT_WINDOW == 86400
    figure(f"emails to one address from {tries} sign-ups with it across 12 webinars in 5 hours", f"{received}")


# --- Cancelling ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cancelling_frees_the_seat_for_the_first_on_the_waitlist(client, make_webinar, sign_up, post):
    webinar = make_webinar(capacity=1)
    seat = sign_up(webinar, "seat@example.org").registration
    first_waiting = sign_up(webinar, "wait1@example.org").registration
    sign_up(webinar, "wait2@example.org")
    cancel_url = emailed_links("seat@example.org")["cancel"]
    assert "Cancel your place?" in client.get(cancel_url).content.decode()
    response = post(cancel_url, {}, follow=True)
    assert "next person on the waitlist" in response.content.decode()
    first_waiting.refresh_from_db()
    seat.refresh_from_db()
    assert seat.status == Status.CANCELLED and first_waiting.status == Status.CONFIRMED
    assert Registration.objects.filter(webinar=webinar, status=Status.CONFIRMED).count() == 1
    assert emails_to("wait1@example.org")[-1].subject.startswith("A seat opened up")


def signed_registration_number(registration):
    """The links before issue 14: the registration's number, signed, never expiring."""
    return urlsafe_base64_encode(signing.dumps(registration.pk, salt="webinars.registration").encode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    ["forged", "MQ:1abc:xyz", "../../admin", "%00", "A" * 43, pytest.param(None, id="old-signed-link")],
)
def test_forged_and_old_links_are_refused(client, make_webinar, token):
    webinar = make_webinar()
    registration = register(webinar, details()).registration
    token = token or signed_registration_number(registration)
    for action in ("registered", "cancel"):
        assert client.get(f"{webinar.url}{action}/{token}/").status_code == 404
        assert client.post(f"{webinar.url}{action}/{token}/").status_code == 404
    assert Registration.objects.get(webinar=webinar).status == Status.CONFIRMED
    assert not RegistrationEmail.objects.filter(kind=Kind.LINK).exists()


@pytest.mark.django_db
def test_a_link_for_another_webinar_is_refused(client, make_webinar, sign_up):
    mine, other = make_webinar(), make_webinar()
    sign_up(mine, "teacher@example.org")
    token = emailed_links("teacher@example.org")["cancel"].rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"{other.url}cancel/{token}/").status_code == 404


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
        start=timezone.now() - datetime.timedelta(days=2),
        recording_url="https://www.youtube.com/watch?v=rec",
        recording_captions_on_host=True,
    )
    html = client.get(webinar.url).content.decode()
    assert "Watch the recording" in html and 'name="email"' not in html


@pytest.mark.django_db
def test_the_waitlist_is_in_the_order_sign_ups_got_the_lock(make_webinar, monkeypatch, figure):
    """Reliability 13: the time a sign-up was stamped with was taken before it waited for the lock."""
    webinar = make_webinar(capacity=1)
    register(webinar, details("seat@example.org"))
    # A clock that moves on a second each time it is read: who read it first is never in doubt.
    started = timezone.now()
    ticks = (started + datetime.timedelta(seconds=n) for n in itertools.count())
    monkeypatch.setattr(registration_service.timezone, "now", lambda: next(ticks))
    real_lock = registration_service.lock

    def overtaken_while_waiting(webinar):
        monkeypatch.setattr(registration_service, "lock", real_lock)
        register(webinar, details("overtaker@example.org"))  # gets the lock first
        return real_lock(webinar)

    monkeypatch.setattr(registration_service, "lock", overtaken_while_waiting)
    slow = register(webinar, details("slow@example.org")).registration
    overtaker = Registration.objects.get(email="overtaker@example.org")
    assert (overtaker.waitlist_position(), slow.waitlist_position()) == (1, 2)
    assert cancel(Registration.objects.get(email="seat@example.org")) == overtaker
    figure("waitlist places of the sign-up that got the lock first, and of the one overtaken", "1 and 2")


# --- Concurrency on the real database -----------------------------------------------------------


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


# --- A database made before registrants' links were stored as digests ---------------------------


@pytest.mark.django_db(transaction=True)
def test_places_taken_before_links_were_stored_are_emailed_a_working_link(client, figure):
    index = routable_webinar_index()
    upcoming = WebinarPageFactory(parent=index, start=timezone.now() + datetime.timedelta(days=7))
    past = WebinarPageFactory(parent=index, start=timezone.now() - datetime.timedelta(days=7))
    places = [
        (upcoming, "seat@example.org", Status.CONFIRMED),
        (upcoming, "waiting@example.org", Status.WAITLISTED),
        (upcoming, "cancelled@example.org", Status.CANCELLED),
        (past, "attended@example.org", Status.CONFIRMED),
    ]
    for webinar, email, status in places:
        Registration.objects.create(webinar=webinar, email=email, name="Ada", role="teacher", status=status)
    # Every app's latest: taking webinars back also takes back the migrations that build on it.
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate([("webinars", "0002_registrations")])
        MigrationExecutor(connection).migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)  # whatever happened, later tests get today's tables
    owed = RegistrationEmail.objects.filter(kind=Kind.LINK)
    assert sorted(owed.values_list("registration__email", flat=True)) == ["seat@example.org", "waiting@example.org"]

    out = io.StringIO()
    call_command("send_registration_emails", stdout=out)
    assert "Sent 2 of 2" in out.getvalue()
    assert "You are registered" in client.get(emailed_links("seat@example.org")["registered"]).content.decode()
    assert "on the waitlist" in client.get(emailed_links("waiting@example.org")["registered"]).content.decode()
    figure("places from before the migration (2 upcoming, 1 cancelled, 1 past)", "2 emailed a new link, both work")
