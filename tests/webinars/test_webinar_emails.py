"""Registration emails: content per kind, calendar files, failure and retry, reminders, retention."""

import datetime
import re
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from webinars.calendar import webinar_ics
from webinars.factories import WebinarPageFactory
from webinars.messages import build_message
from webinars.models import Registration, RegistrationEmail, WebinarIndexPage
from webinars.registration import cancel, register, registration_for_token
from webinars.tasks import send_registration_email

Kind = RegistrationEmail.Kind
Status = Registration.Status
# 20:00 UTC is noon in Los Angeles in January.
START = datetime.datetime(2030, 1, 15, 20, 0, tzinfo=datetime.UTC)
JOIN_URL = "https://meet.example.com/j/123456"
MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


class FailingBackend(BaseEmailBackend):
    """A mail server that is down; its error text names the recipient, as real ones do."""

    def send_messages(self, messages):
        raise smtplib.SMTPResponseException(421, f"{messages[0].to[0]}: service not available".encode())


def make_webinar(start=START, **kwargs):
    index = WebinarIndexPage.objects.live().first()
    return WebinarPageFactory(parent=index, start=start, time_zone="America/Los_Angeles", join_url=JOIN_URL, **kwargs)


def details(email="jane@example.com", name="Jane O'Brien & Co"):
    return {
        "name": name,
        "email": email,
        "role": Registration.Role.TEACHER,
        "organisation": "Example Elementary",
        "state": "CA",
        "consent": True,
    }


def in_status(webinar, status):
    """A registration brought to a status the way visitors do it, on a one-seat webinar."""
    first = register(webinar, details("first@example.com")).registration
    if status == Status.CONFIRMED:
        return first
    if status == Status.WAITLISTED:
        return register(webinar, details()).registration
    cancel(first)
    return Registration.objects.get(pk=first.pk)


def ics_event(content):
    calendar = Calendar.from_ical(content)
    return calendar, calendar.events[0]


def attachment(message):
    (ics,) = message.attachments
    return ics


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, status, subject, has_join_link, ics_method",
    [
        (Kind.CONFIRMED, Status.CONFIRMED, "You're registered: ", True, "PUBLISH"),
        (Kind.WAITLISTED, Status.WAITLISTED, "You're on the waitlist: ", False, None),
        (Kind.PROMOTED, Status.CONFIRMED, "A seat opened up, you're registered: ", True, "PUBLISH"),
        (Kind.CANCELLED, Status.CANCELLED, "Registration cancelled: ", False, "CANCEL"),
        (Kind.DAY_REMINDER, Status.CONFIRMED, "Tomorrow: ", True, "PUBLISH"),
        (Kind.HOUR_REMINDER, Status.CONFIRMED, "Starting in an hour: ", True, "PUBLISH"),
        (Kind.LINK, Status.CONFIRMED, "Your new link: ", False, None),
    ],
)
def test_each_kind_of_email(kind, status, subject, has_join_link, ics_method):
    webinar = make_webinar(capacity=1)
    registration = in_status(webinar, status)
    message = build_message(RegistrationEmail(registration=registration, kind=kind))
    text, (html, mimetype) = message.body, message.alternatives[0]

    assert message.subject == subject + webinar.title
    assert message.to == [registration.email] and mimetype == "text/html"
    for body in (text, html):
        assert "Tuesday 15 January 2030, 12:00 PM PST to 1:00 PM PST" in body
        assert (JOIN_URL in body) is has_join_link
    # Text is not HTML-escaped; HTML is.
    assert registration.name in text and "O&#x27;Brien &amp; Co" in html
    cancel_tokens = re.findall(r"/cancel/([^/\s\"]+)/", text + html)
    if kind == Kind.CANCELLED:
        assert cancel_tokens == []
    else:
        assert cancel_tokens and {registration_for_token(t) for t in cancel_tokens} == {registration}
    if kind == Kind.WAITLISTED:
        assert "number 1 in line" in text
    if ics_method is None:
        assert message.attachments == []
    else:
        ics = attachment(message)
        assert ics.filename == "webinar.ics" and ics.mimetype == f"text/calendar; method={ics_method}"
        calendar, event = ics_event(ics.content)
        assert calendar["METHOD"] == ics_method
        assert event.start == START and event.end == START + HOUR
        assert (JOIN_URL in ics.content) is has_join_link


@pytest.mark.django_db
def test_a_late_retry_never_gives_the_join_link_to_someone_without_a_seat():
    webinar = make_webinar()
    registration = register(webinar, details()).registration
    cancel(registration)
    registration.refresh_from_db()
    message = build_message(RegistrationEmail(registration=registration, kind=Kind.CONFIRMED))
    assert JOIN_URL not in message.body + message.alternatives[0][0]
    assert message.attachments == []


@pytest.mark.django_db
def test_registering_sends_the_confirmation_after_commit(django_capture_on_commit_callbacks):
    webinar = make_webinar()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(webinar, details()).registration
    (message,) = mail.outbox
    assert message.subject == f"You're registered: {webinar.title}" and message.to == ["jane@example.com"]
    assert RegistrationEmail.objects.get(registration=registration).sent_at is not None


@pytest.mark.django_db
def test_cancellation_removes_the_event_and_promotes_the_waitlist(django_capture_on_commit_callbacks):
    webinar = make_webinar(capacity=1)
    yesterday = timezone.now() - DAY
    with django_capture_on_commit_callbacks(execute=True):
        first = register(webinar, details("first@example.com"), now=yesterday).registration
        register(webinar, details("second@example.com"), now=yesterday)
    _, confirmed_event = ics_event(attachment(mail.outbox[0]).content)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel(first)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2

    cancelled = by_recipient["first@example.com"]
    calendar, event = ics_event(attachment(cancelled).content)
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    # The cancellation is a newer version of the event the confirmation added.
    assert event["UID"] == confirmed_event["UID"] and event["SEQUENCE"] > confirmed_event["SEQUENCE"]
    assert str(event["ATTENDEE"]) == "mailto:first@example.com"

    promoted = by_recipient["second@example.com"]
    assert promoted.subject.startswith("A seat opened up") and JOIN_URL in promoted.body
    assert ics_event(attachment(promoted).content)[1]["UID"] == event["UID"]


@pytest.mark.django_db
def test_public_calendar_file_has_no_join_link():
    webinar = make_webinar()
    content = webinar_ics(webinar)
    calendar, event = ics_event(content)
    assert JOIN_URL.encode() not in content
    assert calendar["METHOD"] == "PUBLISH" and event["STATUS"] == "CONFIRMED"
    assert event.start == START and event.start.tzinfo.key == "America/Los_Angeles"
    assert str(calendar.timezones[0]["TZID"]) == "America/Los_Angeles"
    assert str(event["SUMMARY"]) == webinar.title and str(event["LOCATION"]) == "Online"
    assert str(event["URL"]) == webinar.get_full_url() and webinar.get_full_url() in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:hello@example.org"
    assert ics_event(webinar_ics(webinar))[1]["UID"] == event["UID"] == f"webinar-{webinar.translation_key}"


@pytest.mark.django_db
def test_a_failing_mail_server_keeps_the_registrations_and_the_emails_are_retried(django_capture_on_commit_callbacks):
    webinar = make_webinar()
    addresses = [f"person{n}@example.com" for n in range(5)]
    with override_settings(EMAIL_BACKEND="tests.webinars.test_webinar_emails.FailingBackend"):
        for address in addresses:
            with django_capture_on_commit_callbacks(execute=True):
                register(webinar, details(address))
        owed = RegistrationEmail.objects.filter(registration__webinar=webinar)
        # The error is recorded without the server's text, which names the recipient.
        assert set(owed.values_list("sent_at", "attempts", "last_error")) == {(None, 1, "SMTPResponseException 421")}

        call_command("send_registration_emails", stdout=StringIO())
        out = StringIO()
        call_command("send_registration_emails", "--max-attempts", "2", stdout=out)
        assert "Sent 0 of 0" in out.getvalue() and "5 emails failed 2 times" in out.getvalue()

    assert set(owed.values_list("sent_at", "attempts")) == {(None, 2)}
    assert webinar.registrations.filter(status=Status.CONFIRMED).count() == 5
    assert mail.outbox == []

    out = StringIO()
    call_command("send_registration_emails", stdout=out)
    call_command("send_registration_emails", stdout=StringIO())
    assert "Sent 5 of 5" in out.getvalue()
    assert sorted(message.to[0] for message in mail.outbox) == addresses
    assert not owed.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_an_email_is_sent_once_however_often_its_task_runs(django_capture_on_commit_callbacks):
    webinar = make_webinar()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(webinar, details()).registration
    owed = RegistrationEmail.objects.get(registration=registration)
    assert send_registration_email.call(owed.pk) is False
    assert send_registration_email.call(owed.pk + 1000) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_header_injection_in_the_name_adds_no_recipient(django_capture_on_commit_callbacks):
    webinar = make_webinar()
    with django_capture_on_commit_callbacks(execute=True):
        register(webinar, details(name="Jane\r\nBcc: evil@example.com"))
    (message,) = mail.outbox
    assert message.recipients() == ["jane@example.com"]
    headers = message.message()
    assert headers["Bcc"] is None and headers["To"] == "jane@example.com"


@pytest.mark.django_db
def test_header_injection_in_the_email_sends_nothing_and_breaks_nothing(django_capture_on_commit_callbacks):
    webinar = make_webinar()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(webinar, details(email="jane@example.com\r\nBcc: evil@example.com")).registration
    assert mail.outbox == []
    assert RegistrationEmail.objects.get(registration=registration).last_error == "BadHeaderError"


def run_reminders(capture, now):
    with capture(execute=True):
        call_command("send_webinar_reminders", "--now", now.isoformat(), stdout=StringIO())


@pytest.mark.django_db
def test_each_confirmed_registrant_gets_one_day_and_one_hour_reminder(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    webinar = make_webinar(capacity=1)
    past = make_webinar(start=START - DAY - 2 * HOUR)
    early = START - 3 * DAY
    with capture(execute=True):
        confirmed = register(webinar, details("confirmed@example.com"), now=early).registration
        register(webinar, details("waitlisted@example.com"), now=early)
        cancel(register(webinar, details("cancelled@example.com"), now=early).registration)
        register(past, details("past@example.com"), now=early - DAY)
    mail.outbox.clear()

    for now in (START - 23 * HOUR, START - 22 * HOUR, START - 50 * MINUTE, START - 10 * MINUTE, START + 10 * MINUTE):
        run_reminders(capture, now)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["confirmed@example.com"], f"Tomorrow: {webinar.title}"),
        (["confirmed@example.com"], f"Starting in an hour: {webinar.title}"),
    ]
    assert all(JOIN_URL in message.body for message in mail.outbox)
    confirmed.refresh_from_db()
    assert confirmed.day_reminder_sent_at == START - 23 * HOUR
    assert confirmed.hour_reminder_sent_at == START - 50 * MINUTE


@pytest.mark.django_db
def test_a_late_sign_up_is_not_reminded_straight_after_its_confirmation(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    webinar = make_webinar()
    with capture(execute=True):
        register(webinar, details("three-hours@example.com"), now=START - 3 * HOUR)
        register(webinar, details("half-hour@example.com"), now=START - 30 * MINUTE)
    mail.outbox.clear()

    for now in (START - 2 * HOUR, START - 20 * MINUTE):
        run_reminders(capture, now)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["three-hours@example.com"], f"Starting in an hour: {webinar.title}")
    ]


@pytest.mark.django_db
def test_purge_removes_personal_data_after_the_retention_period(django_capture_on_commit_callbacks):
    long_ago = timezone.now() - 400 * DAY
    old = make_webinar(start=long_ago)
    recent = make_webinar(start=timezone.now() - 10 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        purged = register(old, details(), now=long_ago - DAY).registration
        kept = register(recent, details(), now=recent.start - DAY).registration
    sent = RegistrationEmail.objects.get(registration=purged)
    RegistrationEmail.objects.filter(pk=sent.pk).update(last_error="SMTPException")
    owed = RegistrationEmail.objects.create(registration=purged, kind=Kind.CANCELLED, attempts=8, last_error="x")

    out = StringIO()
    with override_settings(WEBINAR_REGISTRATION_RETENTION_DAYS=30):
        call_command("purge_registration_data", stdout=out)
    assert "from 1 registrations of webinars that ended over 30 days ago" in out.getvalue()

    purged.refresh_from_db()
    assert (purged.name, purged.organisation, purged.state) == ("", "", "")
    assert purged.email == f"removed-{purged.pk}@invalid.example" and purged.status == Status.CONFIRMED
    assert not RegistrationEmail.objects.filter(pk=owed.pk).exists()
    assert RegistrationEmail.objects.get(pk=sent.pk).last_error == ""
    assert not purged.links.exists() and kept.links.exists()  # the links went with the personal data
    kept.refresh_from_db()
    assert kept.email == "jane@example.com" and kept.name

    out = StringIO()
    call_command("purge_registration_data", "--days", "5", stdout=out)
    assert "from 1 registrations" in out.getvalue()
    kept.refresh_from_db()
    assert kept.email == f"removed-{kept.pk}@invalid.example"
