"""Webinar managers acting on registrants in the admin: cancel, give a seat, add by hand, message them.

Each action is a POST through the admin's URLs, goes through webinars.registration or the outbox
as a registrant's own request does, and is refused (403, nothing changed) to an editor.
"""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.utils import registrant
from webinars.models import RegistrantMessage, Registration, RegistrationEmail

Status = Registration.Status
Kind = RegistrationEmail.Kind
INDEX = "webinar_registrants:index"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as a signed-in user, running what waits for the commit (the outbox's sending)."""

    def posting(user, url, data=None):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, follow=True)

    return posting


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def kinds_sent(registration):
    return sorted(registration.emails.filter(sent_at__isnull=False).values_list("kind", flat=True))


def refresh(*registrations):
    for registration in registrations:
        registration.refresh_from_db()


def url(name, *args):
    return reverse(f"webinar_registrants:{name}", args=args)


# --- Cancel and give a seat --------------------------------------------------------------------


@pytest.mark.django_db
def test_cancelling_emails_the_registrant_and_gives_the_seat_to_the_next_waitlisted(post, manager, registrations):
    ada, katherine = registrations["ada"], registrations["katherine"]
    later = registrant(ada.webinar, "Later Waiter", Status.WAITLISTED)
    response = post(manager, url("cancel", ada.pk))
    assert response.redirect_chain[-1][0] == url("inspect", ada.pk)
    refresh(ada, katherine, later)
    assert (ada.status, katherine.status, later.status) == (Status.CANCELLED, Status.CONFIRMED, Status.WAITLISTED)
    assert kinds_sent(ada) == [Kind.CANCELLED] and kinds_sent(katherine) == [Kind.PROMOTED]
    assert sorted(message.to[0] for message in mail.outbox) == [ada.email, katherine.email]
    assert shown_messages(response) == [
        "Ada Lovelace's registration is cancelled and they are emailed. "
        "Their seat goes to Katherine Johnson, first on the waitlist, who is emailed."
    ]

    entry = ModelLogEntry.objects.get(action="webinars.cancel_registration", object_id=str(ada.pk))
    assert entry.user == manager and "Ada" not in entry.label

    again = post(manager, url("cancel", ada.pk))
    assert shown_messages(again) == ["Ada Lovelace's registration was already cancelled."]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_giving_a_seat_is_refused_while_the_webinar_is_full(post, manager, registrations):
    katherine = registrations["katherine"]
    response = post(manager, url("promote", katherine.pk))
    refresh(katherine)
    assert katherine.status == Status.WAITLISTED and mail.outbox == []
    assert shown_messages(response) == [
        "Katherine Johnson stays on the waitlist. All 2 seats are taken: cancel a confirmed registration first."
    ]


@pytest.mark.django_db
def test_giving_a_seat_out_of_turn_when_one_is_free(post, manager, registrations, webinar):
    first = registrations["katherine"]
    second = registrant(webinar, "Second Inline", Status.WAITLISTED)
    webinar.capacity = 3
    webinar.save()
    response = post(manager, url("promote", second.pk))
    refresh(first, second)
    assert (first.status, second.status) == (Status.WAITLISTED, Status.CONFIRMED)
    assert kinds_sent(second) == [Kind.PROMOTED] and [message.to for message in mail.outbox] == [[second.email]]
    assert shown_messages(response) == ["Second Inline has a seat now and is emailed."]
    assert ModelLogEntry.objects.filter(action="webinars.give_seat", object_id=str(second.pk), user=manager).exists()
    # Already confirmed: nothing more happens.
    assert shown_messages(post(manager, url("promote", second.pk))) == ["Second Inline is no longer on the waitlist."]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_registrants_page_offers_the_actions_that_apply(client, manager, registrations):
    client.force_login(manager)
    waiting = client.get(url("inspect", registrations["katherine"].pk)).content.decode()
    assert f'action="{url("promote", registrations["katherine"].pk)}"' in waiting
    assert f'action="{url("cancel", registrations["katherine"].pk)}"' in waiting
    seated = client.get(url("inspect", registrations["ada"].pk)).content.decode()
    assert url("promote", registrations["ada"].pk) not in seated
    assert f'action="{url("cancel", registrations["ada"].pk)}"' in seated
    cancelled = client.get(url("inspect", registrations["dorothy"].pk)).content.decode()
    assert url("cancel", registrations["dorothy"].pk) not in cancelled


@pytest.mark.django_db
def test_nothing_changes_after_the_webinar_has_ended(post, manager, registrations, webinar):
    webinar.start = webinar.start.replace(year=webinar.start.year - 2)
    webinar.save()
    response = post(manager, url("cancel", registrations["ada"].pk))
    refresh(registrations["ada"])
    assert registrations["ada"].status == Status.CONFIRMED and mail.outbox == []
    assert shown_messages(response) == ["This webinar has already taken place, so there is nothing to cancel."]


# --- Add by hand ---------------------------------------------------------------------------------


def new_person(**overrides):
    return {
        "name": "Fannie Lou Hamer",
        "email": "Fannie.Hamer@Example.org ",
        "role": Registration.Role.ADMINISTRATOR,
        "organisation": "Ruleville Schools",
        "state": "MS",
        "consent": "on",
        **overrides,
    }


@pytest.mark.django_db
def test_adding_a_registrant_by_hand_emails_their_confirmation(client, post, manager, other_webinar):
    client.force_login(manager)
    form = client.get(url("add_registrant", other_webinar.pk))
    assert form.status_code == 200 and b'name="consent"' in form.content
    response = post(manager, url("add_registrant", other_webinar.pk), new_person())
    assert response.redirect_chain[-1][0] == f"{reverse(INDEX)}?webinar={other_webinar.pk}"
    added = Registration.objects.get(webinar=other_webinar, email="fannie.hamer@example.org")
    assert (added.status, added.state, added.role) == (Status.CONFIRMED, "MS", Registration.Role.ADMINISTRATOR)
    assert kinds_sent(added) == [Kind.CONFIRMED]
    assert [message.to for message in mail.outbox] == [["fannie.hamer@example.org"]]
    assert shown_messages(response) == ["Fannie Lou Hamer has a seat and is emailed the details."]
    assert ModelLogEntry.objects.filter(action="webinars.add_registrant", object_id=str(added.pk)).exists()


@pytest.mark.django_db
def test_a_full_webinar_puts_the_added_registrant_on_the_waitlist(post, manager, registrations, webinar):
    post(manager, url("add_registrant", webinar.pk), new_person())
    added = Registration.objects.get(webinar=webinar, email="fannie.hamer@example.org")
    assert added.status == Status.WAITLISTED and kinds_sent(added) == [Kind.WAITLISTED]


@pytest.mark.django_db
def test_adding_an_address_already_registered_is_refused(post, manager, registrations, webinar):
    ada = registrations["ada"]
    before = Registration.objects.filter(webinar=webinar).count()
    response = post(manager, url("add_registrant", webinar.pk), new_person(email=" ADA.Lovelace@example.org"))
    assert response.status_code == 200 and response.redirect_chain == []
    assert response.context["form"].errors["email"] == [
        "This address is already registered (confirmed). Nothing was changed."
    ]
    assert "The registrant was not added: please correct the errors below." in shown_messages(response)
    assert Registration.objects.filter(webinar=webinar).count() == before and mail.outbox == []
    refresh(ada)
    assert ada.name == "Ada Lovelace"
    # A cancelled place can be taken again, as on the site.
    dorothy = registrations["dorothy"]
    post(manager, url("add_registrant", webinar.pk), new_person(email=dorothy.email))
    refresh(dorothy)
    assert dorothy.status == Status.WAITLISTED and dorothy.name == "Fannie Lou Hamer"


@pytest.mark.django_db
def test_staff_add_after_registration_closes_but_not_after_the_webinar(post, manager, other_webinar):
    other_webinar.registration_closes_at = timezone.now() - datetime.timedelta(hours=1)
    other_webinar.save()
    post(manager, url("add_registrant", other_webinar.pk), new_person())
    assert Registration.objects.get(webinar=other_webinar, name="Fannie Lou Hamer").status == Status.CONFIRMED

    other_webinar.start = timezone.now() - datetime.timedelta(days=2)
    other_webinar.save()
    response = post(manager, url("add_registrant", other_webinar.pk), new_person(email="late@example.org"))
    assert response.context["form"].non_field_errors() == ["This webinar has already taken place."]
    assert not Registration.objects.filter(email="late@example.org").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field",
    [({"email": "not an address"}, "email"), ({"consent": ""}, "consent"), ({"role": "astronaut"}, "role")],
)
def test_adding_checks_the_sign_up_forms_fields(post, manager, other_webinar, overrides, field):
    response = post(manager, url("add_registrant", other_webinar.pk), new_person(**overrides))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Registration.objects.filter(webinar=other_webinar, name="Fannie Lou Hamer").exists()
    assert mail.outbox == []


# --- Messages ------------------------------------------------------------------------------------


MESSAGE = {
    "audience": "confirmed",
    "subject": "Slides & reading",
    "body": "Hello all,\n\nThe slides and Q&A are ready.",
}


def preview(client, manager, webinar, **overrides):
    client.force_login(manager)
    return client.post(url("message", webinar.pk), {**MESSAGE, **overrides})


def send(post, manager, webinar, previewed):
    key = previewed.context["form"].initial["key"]
    return post(
        manager,
        url("message", webinar.pk),
        {**MESSAGE, "audience": previewed.context["message"]["audience"], "key": key, "send": "1"},
    )


@pytest.mark.django_db
def test_a_preview_counts_the_recipients_and_sends_nothing(client, manager, registrations, webinar):
    client.force_login(manager)
    assert client.get(url("message", webinar.pk)).status_code == 200
    response = preview(client, manager, webinar)
    text = " ".join(response.content.decode().split())
    assert "This message goes to <strong>2</strong> people: confirmed registrants of “Leading together”" in text
    assert 'name="send"' in text and mail.outbox == []
    assert not RegistrantMessage.objects.exists()
    waitlist = preview(client, manager, webinar, audience="waitlisted")
    assert waitlist.context["count"] == 1
    invalid = preview(client, manager, webinar, subject="")
    assert "subject" in invalid.context["form"].errors and mail.outbox == []


@pytest.mark.django_db
def test_a_message_reaches_each_confirmed_registrant_once_through_the_outbox(
    client, post, manager, registrations, webinar
):
    response = send(post, manager, webinar, preview(client, manager, webinar))
    assert response.redirect_chain[-1][0] == f"{reverse(INDEX)}?webinar={webinar.pk}"
    assert shown_messages(response) == ["“Slides & reading” is being emailed to 2: confirmed registrants."]
    assert sorted(message.to[0] for message in mail.outbox) == ["ada.lovelace@example.org", "grace.hopper@example.org"]
    email = next(message for message in mail.outbox if message.to == ["ada.lovelace@example.org"])
    assert email.subject == "Slides & reading"
    assert "Hello Ada Lovelace,\n\nHello all,\n\nThe slides and Q&A are ready." in email.body
    # The footer every webinar email has: the webinar, the registrant's own links, the site's name.
    assert "Webinar: Leading together" in email.body and "/cancel/" in email.body
    assert email.body.rstrip().endswith(settings.WAGTAIL_SITE_NAME)
    html = email.alternatives[0][0]
    assert "<p>Hello all,</p>" in html and "The slides and Q&amp;A are ready." in html
    owed = RegistrationEmail.objects.filter(kind=Kind.MESSAGE)
    assert owed.count() == 2 and not owed.filter(sent_at__isnull=True).exists()

    log = RegistrantMessage.objects.get()
    assert (log.webinar, log.sent_by, log.audience, log.subject, log.recipient_count) == (
        webinar,
        manager,
        "confirmed",
        "Slides & reading",
        2,
    )
    listing = " ".join(response.content.decode().split())
    assert "Messages sent to these registrants (1)" in listing
    assert "<td>Confirmed registrants</td> <td>Slides &amp; reading</td> <td>2</td>" in listing


@pytest.mark.django_db
def test_sending_the_same_preview_twice_emails_nobody_again(client, post, manager, registrations, webinar):
    previewed = preview(client, manager, webinar)
    send(post, manager, webinar, previewed)
    again = send(post, manager, webinar, previewed)
    assert shown_messages(again) == ["This message was sent already; nobody was sent it a second time."]
    assert len(mail.outbox) == 2 and RegistrantMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_message_to_the_waitlist_reaches_only_the_waitlist(client, post, manager, registrations, webinar):
    send(post, manager, webinar, preview(client, manager, webinar, audience="waitlisted"))
    assert [message.to for message in mail.outbox] == [["katherine.johnson@example.org"]]
    assert RegistrantMessage.objects.get().recipient_count == 1


# --- Who may act -------------------------------------------------------------------------------


def action_posts(registrations, webinar):
    return [
        (url("cancel", registrations["ada"].pk), {}),
        (url("promote", registrations["katherine"].pk), {}),
        (url("add_registrant", webinar.pk), new_person()),
        (url("message", webinar.pk), {**MESSAGE, "key": "6f1d3a52-8a8e-4c1e-9d53-0c2b1f1c0a11", "send": "1"}),
    ]


def nothing_changed(registrations):
    refresh(*registrations.values())
    statuses = {name: registration.status for name, registration in registrations.items()}
    assert statuses["ada"] == Status.CONFIRMED and statuses["katherine"] == Status.WAITLISTED
    assert not Registration.objects.filter(email="fannie.hamer@example.org").exists()
    assert not RegistrantMessage.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_editors_without_the_permission_get_403_and_change_nothing(client, editor, registrations, webinar):
    client.force_login(editor)
    for action, data in action_posts(registrations, webinar):
        assert client.post(action, data).status_code == 403, action
    for page in (url("add_registrant", webinar.pk), url("message", webinar.pk)):
        assert client.get(page).status_code == 403, page
    nothing_changed(registrations)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, registrations, webinar):
    for action, data in action_posts(registrations, webinar):
        response = client.post(action, data)
        assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login")), action
    nothing_changed(registrations)


@pytest.mark.django_db
def test_actions_need_a_post_with_the_csrf_token(manager, registrations, webinar):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager)
    for action, data in action_posts(registrations, webinar):
        assert browser.post(action, data).status_code == 403, action
    for action in (url("cancel", registrations["ada"].pk), url("promote", registrations["katherine"].pk)):
        assert browser.get(action).status_code == 405, action
    nothing_changed(registrations)


@pytest.mark.django_db
def test_webinar_managers_see_the_buttons_on_a_webinars_registrants(client, manager, registrations, webinar):
    client.force_login(manager)
    labels = [button.label for button in client.get(reverse(INDEX), {"webinar": webinar.pk}).context["header_buttons"]]
    assert labels == ["Download CSV", "Download XLSX", "Add a registrant", "Message registrants"]
    # Without a chosen webinar there is no one webinar to add to or message.
    assert [button.label for button in client.get(reverse(INDEX)).context["header_buttons"]] == [
        "Download CSV",
        "Download XLSX",
    ]
