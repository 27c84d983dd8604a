"""Form pages (the contact form and readiness survey): sending, spam defence, emails after
commit, bad input, and staff's side: permissions, exports, blocked counts, retention."""

import csv
import io
import re
import smtplib
import time
from datetime import timedelta
from io import StringIO

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import GroupPagePermission, Locale, Page

from core.export import FORMULA_TRIGGERS
from core.models import SiteSettings
from formpages.factories import FormPageFactory
from formpages.forms import MULTILINE_MAX_LENGTH
from formpages.models import BlockedAttempt, FormPage, Submission, SubmissionEmail
from formpages.submissions import save_submission
from protection.spam import HONEYPOT_FIELD, SALT, STARTED_FIELD, Reason, seconds_since_start, started_token
from tests.utils import concurrent, contact_answers, make_user, title_of

Kind = SubmissionEmail.Kind


@pytest.fixture
def contact(db):
    return FormPage.objects.live().get(slug="contact")


@pytest.fixture
def survey(db):
    return FormPage.objects.live().get(slug="readiness-survey")


def survey_answers(page, **overrides):
    return {
        "name": "Paula Chen",
        "email": "paula@example.org",
        "school": "Walker-Gamble Elementary",
        "role": "School administrator",
        "where_is_your_team": "Testing a pilot",
        "which_conditions_are_strongest": ["Vision and strategy", "Shared influence"],
        "what_would_help_most": "Time in the schedule for teams to meet.",
        STARTED_FIELD: started_token(page, at=time.time() - 60),
        **overrides,
    }


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Send a form with its after-commit work (the emails) run as it would be in production."""

    def send(page, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(page.url, data, **extra)

    return send


def submissions(page):
    return Submission.objects.filter(page=page)


# --- The form as visitors see it ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["contact", "readiness-survey"])
def test_the_form_marks_required_fields_limits_long_answers_and_hides_the_honeypot(client, slug):
    page = FormPage.objects.get(slug=slug)
    html = client.get(page.url).content.decode()
    for field in page.get_form_fields():
        assert field.label in html
    required = page.form_fields.filter(required=True).count()
    assert html.count('<span class="required" aria-hidden="true">*</span>') == required
    assert f'maxlength="{MULTILINE_MAX_LENGTH}"' in html
    assert f'name="{STARTED_FIELD}"' in html
    trap = html.split('class="form-trap"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in trap and 'tabindex="-1"' in trap and f'name="{HONEYPOT_FIELD}"' in trap


@pytest.mark.django_db
def test_help_text_and_errors_are_tied_to_their_fields(client, survey, post):
    response = post(survey, survey_answers(survey, where_is_your_team=""))
    html = response.content.decode()
    assert '<fieldset aria-describedby="id_which_conditions_are_strongest_helptext">' in html
    assert 'id="id_which_conditions_are_strongest_helptext"' in html
    assert '<fieldset aria-describedby="id_where_is_your_team_error">' in html
    assert 'id="id_where_is_your_team_error"' in html
    assert '<a href="#id_where_is_your_team_0">Where is your team?: This field is required.</a>' in html
    assert title_of(html).startswith("Error: ")
    assert not title_of(client.get(survey.url).content.decode()).startswith("Error")


@pytest.mark.django_db
def test_required_choices_start_unanswered_so_the_person_must_choose(client, survey, post):
    survey.form_fields.filter(clean_name="where_is_your_team").update(default_value="Exploring the idea")
    html = client.get(survey.url).content.decode()
    role = html.split('name="role"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r"<option[^>]*>[^<]*", role)[0] == '<option value="" selected>Choose…'
    assert role.count("selected") == 1
    where = html.split('id="id_where_is_your_team"', 1)[1].split("</fieldset>", 1)[0]
    assert 'type="radio"' in where and "checked" not in where
    html = post(survey, survey_answers(survey, role="")).content.decode()
    assert '<a href="#id_role">Role: This field is required.</a>' in html


@pytest.mark.django_db
def test_the_survey_says_once_how_required_fields_are_marked(client, survey):
    text = re.sub(r"<[^>]+>", " ", client.get(survey.url).content.decode()).lower()
    assert text.count("required") - text.count("(required)") == 1


# --- Sending ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_sent_form_is_saved_and_the_visitor_is_redirected_to_the_thank_you_page(client, contact, post):
    response = post(contact, contact_answers(contact))
    assert response.status_code == 302
    assert response["Location"] == "/contact/thank-you/"
    saved = submissions(contact).get(form_data__name="Jamie Rivera")
    assert saved.form_data["message"] == "We would like to start a teacher-led team this spring."
    assert STARTED_FIELD not in saved.form_data and HONEYPOT_FIELD not in saved.form_data

    thank_you = client.get(response["Location"])
    assert thank_you.status_code == 200
    assert "A member of our team will reply to you soon." in thank_you.content.decode()
    assert '<meta name="robots" content="noindex">' in thank_you.content.decode()


@pytest.mark.django_db
def test_the_notification_goes_to_the_page_address_with_the_answers(contact, post):
    post(contact, contact_answers(contact))
    notification, _confirmation = mail.outbox
    assert notification.to == ["hello@example.org"]
    assert notification.from_email == "website@example.org"
    assert notification.reply_to == ["jamie@example.org"]
    assert notification.subject == "New message from the Collective Leadership website"
    assert "Message:\nWe would like to start a teacher-led team this spring." in notification.body
    assert "Role:\nTeacher" in notification.body
    assert f"/admin/forms/submissions/{contact.pk}/" in notification.body


@pytest.mark.django_db
def test_the_confirmation_holds_the_editors_text_and_never_the_answers(contact, post):
    post(contact, contact_answers(contact, message="Buy cheap pills at spam.example"))
    confirmation = mail.outbox[1]
    assert confirmation.to == ["jamie@example.org"]
    assert confirmation.subject == contact.confirmation_subject
    assert contact.confirmation_text in confirmation.body
    assert "spam.example" not in confirmation.body and "Jamie" not in confirmation.body


@pytest.mark.django_db
def test_without_an_address_of_its_own_the_form_notifies_the_site_contact_email(survey, post):
    assert survey.to_address == ""
    site_settings = SiteSettings.for_site(survey.get_site())
    post(survey, survey_answers(survey))
    notification = next(message for message in mail.outbox if message.to != ["paula@example.org"])
    assert notification.to == [site_settings.contact_email]
    assert "Which conditions are strongest?:\nVision and strategy, Shared influence" in notification.body


@pytest.mark.django_db
def test_no_confirmation_unless_the_editor_turned_it_on(contact, post):
    contact.send_confirmation = False
    contact.save()
    post(contact, contact_answers(contact))
    assert [message.to for message in mail.outbox] == [["hello@example.org"]]


@pytest.mark.django_db
def test_no_email_row_when_there_is_nowhere_to_send_it(survey, post):
    SiteSettings.objects.filter(site=survey.get_site()).update(contact_email="")
    survey.send_confirmation = False
    survey.save()
    response = post(survey, survey_answers(survey))
    assert response.status_code == 302
    assert not SubmissionEmail.objects.filter(submission__page=survey).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_emails_wait_for_the_commit(client, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(contact.url, contact_answers(contact))
    owed = SubmissionEmail.objects.filter(submission__page=contact)
    assert sorted(owed.values_list("kind", flat=True)) == [Kind.CONFIRMATION, Kind.NOTIFICATION]
    assert mail.outbox == [] and len(callbacks) == 2  # nothing is sent inside the request's transaction


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPResponseException(421, b"Service not available for jamie@example.org")


@pytest.mark.django_db
def test_a_failing_mail_server_keeps_the_submission_and_the_emails_are_retried(contact, post):
    with override_settings(EMAIL_BACKEND="tests.formpages.test_forms.FailingBackend"):
        response = post(contact, contact_answers(contact))
        assert response.status_code == 302
        owed = SubmissionEmail.objects.filter(submission__page=contact)
        assert set(owed.values_list("sent_at", "attempts", "last_error")) == {(None, 1, "SMTPResponseException 421")}
    assert submissions(contact).filter(form_data__name="Jamie Rivera").count() == 1

    out = StringIO()
    call_command("send_form_emails", stdout=out)
    assert "Sent 2 of 2 owed form emails" in out.getvalue()
    assert sorted(message.to[0] for message in mail.outbox) == ["hello@example.org", "jamie@example.org"]
    assert not owed.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_refresh_or_double_click_saves_the_form_once(contact, post):
    data = contact_answers(contact)
    first = post(contact, data)
    second = post(contact, data, follow=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "We already had this form from you" in second.content.decode()
    assert submissions(contact).filter(form_data__name="Jamie Rivera").count() == 1
    assert len(mail.outbox) == 2  # one notification, one confirmation


@pytest.mark.django_db
def test_changed_answers_or_a_new_showing_of_the_form_are_new_submissions(contact, post):
    data = contact_answers(contact)
    post(contact, data)
    post(contact, {**data, "message": "One more thing."})
    later = {**data, STARTED_FIELD: started_token(contact, at=time.time() - 30)}
    post(contact, later)
    assert submissions(contact).filter(form_data__name="Jamie Rivera").count() == 3


@pytest.mark.parametrize("run", range(3))
def test_a_form_sent_from_many_threads_at_once_is_saved_once(transactional_db, run):
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    page = FormPageFactory(parent=root)
    data = {"your_name": "Ms. Alvarez", "email": "alvarez@example.org", STARTED_FIELD: started_token(page, at=0)}
    outcomes = []

    def send():
        form = page.get_form(data, page=page)
        assert form.is_valid()
        outcomes.append(save_submission(page, form))

    assert concurrent([send] * 10, threads=10) == []
    assert Submission.objects.filter(page=page).count() == 1
    assert sum(outcome is not None for outcome in outcomes) == 1


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": ""}, "name", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": "jamie@example.org\r\nBcc: victim@example.com"}, "email", "Enter a valid email address."),
        ({"name": "x" * 256}, "name", "Ensure this value has at most 255 characters (it has 256)."),
        ({"message": "x" * (MULTILINE_MAX_LENGTH + 1)}, "message", "Ensure this value has at most 5000 characters"),
        ({"message": "x" * 1_000_000}, "message", "Ensure this value has at most 5000 characters"),
        ({"message": "nul\x00byte"}, "message", "Null characters are not allowed."),
        ({"role": "Superintendent"}, "role", "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(contact, overrides, field, message, post):
    before = submissions(contact).count()
    data = contact_answers(contact, school_or_district="<b>Kept School</b>", **overrides)
    response = post(contact, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert title_of(html).startswith("Error: ")
    assert 'value="&lt;b&gt;Kept School&lt;/b&gt;"' in html
    assert submissions(contact).count() == before
    assert mail.outbox == []


@pytest.mark.django_db
def test_markup_is_stored_as_typed_and_never_rendered(contact, post):
    script = "<script>alert(1)</script>"
    response = post(contact, contact_answers(contact, name=script, message=""))
    assert response.status_code == 400  # the message is required: the form comes back with the name in it
    html = response.content.decode()
    assert script not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_newlines_in_answers_never_reach_the_email_headers(contact, post):
    injected = "Jamie\r\nBcc: victim@example.com\r\nSubject: Free money"
    response = post(contact, contact_answers(contact, name=injected, school_or_district="X\nCc: other@example.com"))
    assert response.status_code == 302
    recipients = [address for message in mail.outbox for address in message.recipients()]
    assert sorted(recipients) == ["hello@example.org", "jamie@example.org"]
    for message in mail.outbox:
        headers = message.message().as_string().split("\n\n", 1)[0]
        assert "victim@example.com" not in headers and "other@example.com" not in headers
        assert "Free money" not in headers


@pytest.mark.django_db
def test_editors_newlines_in_the_subject_are_flattened(contact, post):
    FormPage.objects.filter(pk=contact.pk).update(subject="New message\r\nBcc: victim@example.com")
    contact.refresh_from_db()
    post(contact, contact_answers(contact))
    assert mail.outbox[0].subject == "New message Bcc: victim@example.com"
    assert "victim@example.com" not in mail.outbox[0].recipients()


@pytest.mark.django_db
def test_undecodable_bytes_are_a_normal_answer_not_an_error(client, contact):
    token = started_token(contact, at=time.time() - 60)
    body = f"name=%FF%FE%FD&email=jamie%40example.org&message=caf%C3&{STARTED_FIELD}={token}"
    response = client.post(contact.url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400)


@pytest.mark.django_db
def test_a_post_without_a_csrf_token_is_refused_on_every_form(contact, survey):
    strict = Client(enforce_csrf_checks=True)
    before = Submission.objects.count()
    for page, answers in ((contact, contact_answers(contact)), (survey, survey_answers(survey))):
        response = strict.post(page.url, answers)
        assert response.status_code == 403
        assert "Please send the form again" in response.content.decode()
    assert Submission.objects.count() == before


FREE_TEXT = {"name", "school_or_district", "message", "school", "what_would_help_most"}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.sampled_from(["", "\x00", "a\r\nBcc: x@example.com", '=HYPERLINK("x")', "\ufeff\u202e", "x" * 1_000_000]),
    ),
    email=st.one_of(st.just("ok@example.org"), st.text(max_size=60)),
    role=st.one_of(st.just("Teacher"), st.text(max_size=40)),
    slug=st.sampled_from(["contact", "readiness-survey"]),
)
@pytest.mark.django_db
def test_fuzzed_answers_never_error_and_only_valid_ones_are_saved(client, text, email, role, slug):
    cache.clear()
    page = FormPage.objects.get(slug=slug)
    data = (contact_answers if slug == "contact" else survey_answers)(page, email=email, role=role)
    for name in FREE_TEXT & data.keys():
        data[name] = text
    response = client.post(page.url, data)
    assert response.status_code in (302, 400)
    event(f"answered {response.status_code}")  # --hypothesis-show-statistics: how many were saved
    fields = {field.clean_name: field for field in page.get_form_fields()}
    for submission in submissions(page):
        for name, value in submission.form_data.items():
            limit = {"singleline": 255, "multiline": MULTILINE_MAX_LENGTH}.get(fields[name].field_type)
            assert limit is None or len(value) <= limit
            assert "\x00" not in str(value)
        assert "@" in submission.form_data["email"]


# --- Spam defence ----------------------------------------------------------------------------


def blocked(page, reason):
    return sum(BlockedAttempt.objects.filter(page=page, reason=reason).values_list("count", flat=True))


@pytest.mark.django_db
def test_a_filled_honeypot_looks_like_success_but_keeps_and_sends_nothing(contact, post):
    before = submissions(contact).count()
    data = contact_answers(contact, **{HONEYPOT_FIELD: "https://spam.example"})
    response = post(contact, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/contact/thank-you/", 302)]
    assert submissions(contact).count() == before
    assert mail.outbox == []
    assert blocked(contact, Reason.HONEYPOT) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda page, other: started_token(page), id="sent-at-once"),
        pytest.param(lambda page, other: "", id="no-stamp"),
        pytest.param(lambda page, other: started_token(page, at=0)[:-2] + "xx", id="forged-stamp"),
        pytest.param(lambda page, other: started_token(other, at=0), id="another-pages-stamp"),
        pytest.param(
            lambda page, other: signing.dumps({"page": page.pk, "form": "registration", "at": 0}, salt=SALT),
            id="a-stamp-naming-another-form",
        ),
    ],
)
def test_a_form_sent_too_fast_comes_back_with_its_answers_and_is_not_kept(contact, survey, token, post):
    before = submissions(contact).count()
    data = contact_answers(contact, **{STARTED_FIELD: token(contact, survey)}, message="Typed <quickly>")
    response = post(contact, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please send the form again" in html
    assert "Typed &lt;quickly&gt;</textarea>" in html
    assert submissions(contact).count() == before
    assert mail.outbox == []
    assert blocked(contact, Reason.TOO_FAST) == 1


@pytest.mark.django_db
def test_a_form_left_open_too_long_comes_back_with_its_answers_and_is_not_kept(contact, post, figure):
    """The stamp never expired: one taken once could be replayed for ever."""
    before = submissions(contact).count()
    old = started_token(contact, at=time.time() - django_settings.FORM_MAX_AGE_SECONDS - 60)
    response = post(contact, contact_answers(contact, **{STARTED_FIELD: old}, message="Typed <slowly>"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "It had been open for more than 24 hours, so we could not accept it" in html and "press Send" in html
    assert "Typed &lt;slowly&gt;</textarea>" in html
    assert submissions(contact).count() == before and mail.outbox == []
    assert blocked(contact, Reason.EXPIRED) == 1
    # The form shown again carries a fresh stamp, so sending it again works.
    fresh = re.search(rf'name="{STARTED_FIELD}" value="([^"]+)"', html).group(1)
    assert seconds_since_start(fresh, contact) < 60
    figure("a form sent a day and a minute after it appeared", "refused, answers kept, a fresh stamp")


@pytest.mark.django_db
@override_settings(FORM_MIN_FILL_SECONDS=0)
def test_the_minimum_fill_time_is_a_setting(contact, post):
    response = post(contact, contact_answers(contact, **{STARTED_FIELD: started_token(contact)}))
    assert response.status_code == 302


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
@override_settings(FORM_RATE_LIMIT=3, FORM_RATE_LIMIT_WINDOW=300)
def test_over_the_rate_limit_a_person_sees_a_clear_429_and_keeps_their_answers(contact, survey, post):
    before = submissions(contact).count()
    for number in range(3):
        response = post(contact, contact_answers(contact, message=f"Message {number}"))
        assert response.status_code == 302
    # The limit counts every form on the site from one address.
    response = post(survey, survey_answers(survey, what_would_help_most="Kept <words>"))
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    html = response.content.decode()
    assert "Please wait a few minutes before sending this form" in html
    assert "send them again in 5 minutes" in html and "mailto:hello@example.org" in html
    assert "Kept &lt;words&gt;</textarea>" in html
    assert submissions(contact).count() == before + 3
    assert not submissions(survey).filter(form_data__name="Paula Chen").exists()
    assert blocked(survey, Reason.RATE_LIMITED) == 1

    other_address = post(contact, contact_answers(contact), REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 302


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
@override_settings(FORM_RATE_LIMIT=1, TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_follows_the_address_the_proxy_saw(contact, post):
    def post_from(forwarded_for, message):
        return post(contact, contact_answers(contact, message=message), HTTP_X_FORWARDED_FOR=forwarded_for)

    assert post_from("198.51.100.7", "first").status_code == 302
    # A visitor cannot get round it by sending their own X-Forwarded-For entries first.
    assert post_from("192.0.2.1, 198.51.100.7", "second").status_code == 429
    assert post_from("198.51.100.8", "third").status_code == 302


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
@override_settings(FORM_RATE_LIMIT=1, TRUSTED_PROXY_COUNT=2)
def test_behind_proxies_that_write_ports_each_visitor_keeps_their_own_limit(contact, post):
    def post_from(forwarded_for, message):
        return post(contact, contact_answers(contact, message=message), HTTP_X_FORWARDED_FOR=forwarded_for)

    # The outer proxy writes the visitor's address with its port, the inner one its own address.
    assert post_from("192.0.2.1, 198.51.100.7:50123, 10.0.0.2", "first").status_code == 302
    assert post_from("198.51.100.8:50124, 10.0.0.2", "second").status_code == 302
    assert post_from("198.51.100.7:50999, 10.0.0.2", "third").status_code == 429


# --- Staff: who sees submissions -------------------------------------------------------------


@pytest.fixture
def editor(db):
    """Wagtail's Editors group: can edit every page, the form pages included."""
    return make_user("editor", Group.objects.get(name="Editors"))


@pytest.fixture
def publisher(db):
    """A group that may publish every page but was not given the submissions permission."""
    group = Group.objects.create(name="Page publishers")
    root = Page.objects.get(depth=1)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return make_user("publisher", group)


@pytest.fixture
def reviewer(db):
    group = Group.objects.create(name="Form reviewers")
    group.permissions.add(Permission.objects.get(content_type__app_label="formpages", codename="review_submission"))
    return make_user("reviewer", Group.objects.get(name="Editors"), group)


@pytest.fixture
def hostile_submission(contact):
    return Submission.objects.create(
        page=contact,
        duplicate_key="hostile",
        form_data={
            "name": '=HYPERLINK("http://evil.example","Click")',
            "email": "evil@example.org",
            "school_or_district": "+1+2",
            "role": "@SUM(1)",
            "message": "-3\r\n\tTAB",
        },
    )


def submission_urls(page):
    listing = reverse("wagtailforms:list_submissions", args=[page.pk])
    return [listing, listing + "?export=csv", listing + "?export=xlsx", reverse("wagtailforms:index")]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, contact, hostile_submission):
    for url in submission_urls(contact):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login")), url
    delete = reverse("wagtailforms:delete_submissions", args=[contact.pk])
    client.post(delete + f"?selected-submissions={hostile_submission.pk}")
    assert Submission.objects.filter(pk=hostile_submission.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor", "publisher"])
def test_page_editors_without_the_permission_cannot_see_export_or_delete_submissions(
    client, request, contact, hostile_submission, who
):
    client.force_login(request.getfixturevalue(who))
    listing, csv_export, xlsx_export, forms_index = submission_urls(contact)
    delete = reverse("wagtailforms:delete_submissions", args=[contact.pk])
    for method, url in [("get", listing), ("get", csv_export), ("get", xlsx_export), ("post", delete)]:
        response = getattr(client, method)(url + f"?selected-submissions={hostile_submission.pk}")
        # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
        assert (response.status_code, response.get("Location")) == (302, reverse("wagtailadmin_home")), url
    assert Submission.objects.filter(pk=hostile_submission.pk).exists()
    assert reverse("wagtailforms:list_submissions", args=[contact.pk]) not in client.get(forms_index).content.decode()
    # Nor does the page editor show them how many there are, or link to them.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[contact.pk]))
    assert edit.status_code == 200
    assert reverse("wagtailforms:list_submissions", args=[contact.pk]) not in edit.content.decode()


@pytest.mark.django_db
def test_reviewers_see_submissions_with_dates_and_can_delete_them(client, reviewer, contact, hostile_submission):
    client.force_login(reviewer)
    listing = client.get(reverse("wagtailforms:list_submissions", args=[contact.pk]))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "evil@example.org" in html and "Submission date" in html
    assert timezone.localtime(hostile_submission.submit_time).strftime("%b. %-d, %Y") in html
    assert (
        reverse("wagtailforms:list_submissions", args=[contact.pk])
        in client.get(reverse("wagtailadmin_pages:edit", args=[contact.pk])).content.decode()
    )
    delete = reverse("wagtailforms:delete_submissions", args=[contact.pk])
    assert client.post(delete + f"?selected-submissions={hostile_submission.pk}").status_code == 302
    assert not Submission.objects.filter(pk=hostile_submission.pk).exists()


@pytest.mark.django_db
def test_the_permission_can_be_granted_to_a_group_in_the_admin(client):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    html = client.get(reverse("wagtailusers_groups:add")).content.decode()
    permission = Permission.objects.get(content_type__app_label="formpages", codename="review_submission")
    assert f'value="{permission.pk}"' in html


# --- Staff: exports and counts -------------------------------------------------------------


def export(client, user, page, export_format):
    client.force_login(user)
    response = client.get(reverse("wagtailforms:list_submissions", args=[page.pk]), {"export": export_format})
    assert response.status_code == 200
    content = response.streaming_content if response.streaming else response
    return b"".join(content)


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format, read", [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_exports_hold_every_submission_and_no_cell_is_a_formula(
    client, reviewer, contact, hostile_submission, export_format, read
):
    rows = read(export(client, reviewer, contact, export_format))
    assert rows[0] == ["Submission date", "Name", "Email", "School or district", "Role", "Message"]
    hostile = next(row for row in rows[1:] if row[2] == "evil@example.org")
    assert hostile[1] == "'" + '=HYPERLINK("http://evil.example","Click")'
    assert hostile[3:5] == ["'+1+2", "'@SUM(1)"]
    assert hostile[5].startswith("'-3")
    assert [cell for row in rows for cell in row if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS)] == []
    assert len(rows) == submissions(contact).count() + 1


@pytest.mark.django_db
def test_a_heading_an_editor_starts_with_a_formula_is_neutralised_too(client, reviewer, contact):
    contact.form_fields.filter(clean_name="name").update(label="=Name")
    rows = csv_rows(export(client, reviewer, contact, "csv"))
    assert rows[0][1] == "'=Name"


@pytest.mark.django_db
def test_staff_see_how_many_attempts_the_spam_defences_turned_away(client, reviewer, contact):
    for reason in (Reason.HONEYPOT, Reason.HONEYPOT, Reason.RATE_LIMITED):
        BlockedAttempt.record(contact, reason)
    client.force_login(reviewer)
    html = client.get(reverse("wagtailforms:list_submissions", args=[contact.pk])).content.decode()
    counts = " ".join(html.split("data-blocked-counts>")[1].split("</p>")[0].split())
    assert "turned away <strong>3</strong> attempts: over the rate limit 1, filled in the hidden field 2," in counts


# --- Retention -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_old_submissions_and_their_emails_are_purged(contact):
    old = Submission.objects.create(page=contact, duplicate_key="old", form_data={"name": "Old"})
    recent = Submission.objects.create(page=contact, duplicate_key="recent", form_data={"name": "Recent"})
    SubmissionEmail.objects.create(submission=old, kind=Kind.NOTIFICATION)
    Submission.objects.filter(pk=old.pk).update(submit_time=timezone.now() - timedelta(days=400))
    Submission.objects.filter(pk=recent.pk).update(submit_time=timezone.now() - timedelta(days=300))

    out = StringIO()
    call_command("purge_form_submissions", stdout=out)
    assert "Deleted 1 form submissions older than 365 days." in out.getvalue()
    assert not Submission.objects.filter(pk=old.pk).exists()
    assert not SubmissionEmail.objects.filter(submission_id=old.pk).exists()
    assert Submission.objects.filter(pk=recent.pk).exists()

    call_command("purge_form_submissions", "--days", "200", stdout=StringIO())
    assert not Submission.objects.filter(pk=recent.pk).exists()


# --- Editing and previewing -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("mode, text", [("form", "marks a required field"), ("landing", "Thank you")])
def test_both_preview_modes_render(contact, mode, text):
    response = contact.make_preview_request(preview_mode=mode)
    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.django_db
def test_a_valid_post_stays_within_its_query_budget(client, contact, django_assert_max_num_queries):
    # Routing and the page (8), the form's fields, saving the submission and its two email rows.
    with django_assert_max_num_queries(14):
        response = client.post(contact.url, contact_answers(contact))
    assert response.status_code == 302


def test_reviewers_see_each_choice_questions_answers_counted(client, reviewer, survey, post):
    submissions(survey).delete()  # the demo's own
    answers = [
        {"where_is_your_team": "Testing a pilot", "which_conditions_are_strongest": ["Shared influence"]},
        {"where_is_your_team": "Testing a pilot", "which_conditions_are_strongest": []},
        {"where_is_your_team": "Exploring the idea", "role": "Teacher"},
    ]
    for number, overrides in enumerate(answers):
        response = post(survey, survey_answers(survey, email=f"person{number}@example.org", **overrides))
        assert response.status_code == 302
    # An answer to a choice the editors have since taken out of the form.
    Submission.objects.create(
        page=survey, form_data={"role": "Coach", "where_is_your_team": "Testing a pilot"}, duplicate_key="old"
    )
    client.force_login(reviewer)

    listing = client.get(reverse("wagtailforms:list_submissions", args=[survey.pk]))

    summaries = {summary.label: summary for summary in listing.context["summaries"]}
    assert listing.context["summarised"] == 4
    stage = {choice.label: (choice.count, choice.percent) for choice in summaries["Where is your team?"].choices}
    assert stage == {
        "Exploring the idea": (1, 25),
        "Planning our first steps": (0, 0),
        "Testing a pilot": (3, 75),
        "Spreading and sustaining the work": (0, 0),
    }
    roles = {choice.label: (choice.count, choice.offered) for choice in summaries["Role"].choices}
    assert roles["School administrator"] == (2, True) and roles["Coach"] == (1, False)
    strongest = summaries["Which conditions are strongest?"]
    counts = {choice.label: choice.count for choice in strongest.choices}
    assert strongest.several and counts["Shared influence"] == 2 and counts["No answer"] == 2
    html = listing.content.decode()
    assert "Answers at a glance" in html and "(no longer offered)" in html
    assert "Name" not in summaries and "Email" not in summaries  # only the choice questions

    filtered = client.get(
        reverse("wagtailforms:list_submissions", args=[survey.pk]),
        {"date_from": (timezone.localdate() + timedelta(days=1)).isoformat()},
    )
    assert filtered.status_code == 200 and "Answers at a glance" not in filtered.content.decode()
