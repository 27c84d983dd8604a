"""Every URL that takes a password is limited (django-axes, protection/signin.py), and password resets are.

The list of URLs is checked against the URL resolver and against every form that checks a password,
so a new login view or password form fails here until it is listed and proven limited.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django import forms
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new passphrase for pat"
WRONG = "wrong guess"
ADDRESS, OTHER_ADDRESS, THIRD_ADDRESS = "203.0.113.10", "198.51.100.20", "192.0.2.30"
LIMIT = settings.AXES_FAILURE_LIMIT


# --- The forms behind each URL: what an "account" is there and what success looks like --------------


class SignInForm:
    """A login view: the account is a user, success a redirect with the session signed in."""

    def __init__(self, path):
        self.path = path

    def account(self, django_user_model, number):
        return django_user_model.objects.create_superuser(f"user{number}", f"user{number}@example.org", PASSWORD)

    def post(self, client, account, password, address):
        return client.post(self.path, {"username": account.username, "password": password}, REMOTE_ADDR=address)

    def succeeded(self, client, account, response):
        return response.status_code == 302 and client.session.get("_auth_user_id") == str(account.pk)


class PasswordChangeForm(SignInForm):
    """A signed-in user's password change: the old password is the one guessed."""

    def __init__(self, path, prefix="", other_fields=lambda account: {}):
        self.path, self.prefix, self.other_fields = path, prefix, other_fields

    def post(self, client, account, password, address):
        client.force_login(account)
        fields = {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        data = {self.prefix + name: value for name, value in fields.items()}
        return client.post(self.path, {**self.other_fields(account), **data}, REMOTE_ADDR=address)

    def succeeded(self, client, account, response):
        account.refresh_from_db()
        return response.status_code == 302 and account.check_password(NEW_PASSWORD)


class SharedPasswordForm:
    """A private page's or collection's shared password: the account is the restriction."""

    def __init__(self, kind):
        self.kind = kind
        self.path = f"{kind} shared password"

    def account(self, django_user_model, number):
        if self.kind == "page":
            home = Site.objects.get(is_default_site=True).root_page
            page = home.add_child(instance=Page(title=f"Private {number}", slug=f"private-{number}"))
            return PageViewRestriction.objects.create(page=page, restriction_type="password", password=PASSWORD)
        collection = Collection.get_first_root_node().add_child(name=f"Private {number}")
        return CollectionViewRestriction.objects.create(
            collection=collection, restriction_type="password", password=PASSWORD
        )

    def post(self, client, restriction, password, address):
        if self.kind == "page":
            url = f"/_util/authenticate_with_password/{restriction.pk}/{restriction.page_id}/"
        else:
            url = f"/documents/authenticate_with_password/{restriction.pk}/"
        return client.post(url, {"password": password, "return_url": "/"}, REMOTE_ADDR=address)

    def succeeded(self, client, restriction, response):
        return response.status_code == 302


def wagtail_account_fields(account):
    # Wagtail's account page saves every panel at once; these are the other panels' fields.
    return {
        "name_email-first_name": "Pat", "name_email-last_name": "Lee", "name_email-email": account.email,
        "locale-preferred_language": "en", "locale-current_time_zone": "America/New_York",
        "theme-theme": "system", "theme-density": "default", "theme-contrast": "system",
    }  # fmt: skip


# Every URL whose form checks a password, each proven limited below.
PASSWORD_FORMS = {
    "admin/login/": SignInForm("/admin/login/"),
    "django-admin/login/": SignInForm("/django-admin/login/"),
    "_util/login/": SignInForm("/_util/login/"),
    "admin/account/": PasswordChangeForm("/admin/account/", "password-", other_fields=wagtail_account_fields),
    "django-admin/password_change/": PasswordChangeForm("/django-admin/password_change/"),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": SharedPasswordForm("page"),
    "documents/authenticate_with_password/<int:restriction_id>/": SharedPasswordForm("collection"),
}
# URLs about passwords or signing in whose forms check none: nothing to guess there.
NO_PASSWORD_CHECKED = {
    "admin/logout/",
    "admin/password_reset/",  # an email address only; limited by test_password_reset_* below
    "admin/password_reset/done/",
    "admin/password_reset/confirm/<uidb64>/<token>/",  # a new password, with the emailed token
    "admin/password_reset/complete/",
    "django-admin/password_change/done/",
    "django-admin/auth/user/<id>/password/",  # sets another user's password: needs the change-user permission
}
# The forms that check a password (rather than set a new one), and the URLs above that use them.
CHECKING_FORMS = {
    "django.contrib.auth.forms.AuthenticationForm": ["django-admin/login/", "_util/login/"],
    "wagtail.admin.forms.auth.LoginForm": ["admin/login/"],
    "django.contrib.auth.forms.PasswordChangeForm": ["django-admin/password_change/"],
    "wagtail.admin.forms.auth.PasswordChangeForm": ["admin/account/"],
    "wagtail.forms.PasswordViewRestrictionForm": [
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        "documents/authenticate_with_password/<int:restriction_id>/",
    ],
}


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.lookup_str


def subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def test_every_url_about_passwords_or_signing_in_is_listed_here():
    about_passwords = re.compile(r"login|password|authenticat|account", re.IGNORECASE)
    found = {route for route, view in routes() if about_passwords.search(route + view)}
    assert found == PASSWORD_FORMS.keys() | NO_PASSWORD_CHECKED


def test_every_form_that_checks_a_password_is_behind_a_listed_url():
    list(routes())  # imports every view, and so every form they use
    checking = {
        f"{form.__module__}.{form.__qualname__}"
        for form in subclasses(forms.BaseForm)
        for name, field in getattr(form, "base_fields", {}).items()
        if name in {"password", "old_password"} and isinstance(field.widget, forms.PasswordInput)
    }
    assert checking == CHECKING_FORMS.keys()
    assert {url for urls in CHECKING_FORMS.values() for url in urls} == PASSWORD_FORMS.keys()


@pytest.mark.parametrize("route", PASSWORD_FORMS)
def test_after_repeated_wrong_passwords_even_the_right_one_is_refused_until_the_cool_off_ends(
    client, django_user_model, route, figure
):
    form = PASSWORD_FORMS[route]
    account, other_account = form.account(django_user_model, 1), form.account(django_user_model, 2)
    for _ in range(LIMIT - 1):
        assert form.post(client, account, WRONG, ADDRESS).status_code == 200
    locked = form.post(client, account, WRONG, ADDRESS)
    assert locked.status_code == 429 and locked["Retry-After"] == "900"
    assert (
        "Too many wrong passwords" in locked.content.decode() and "try again in 15 minutes" in locked.content.decode()
    )

    right = form.post(client, account, PASSWORD, ADDRESS)
    assert right.status_code == 429 and not form.succeeded(client, account, right)
    # The account is locked from any address it never signed in from...
    assert form.post(client, account, PASSWORD, OTHER_ADDRESS).status_code == 429
    # ...and the address for every account, so it cannot try one password on each account in turn.
    assert form.post(client, other_account, PASSWORD, ADDRESS).status_code == 429
    # Nobody else is: another account from another address.
    assert form.succeeded(client, other_account, form.post(client, other_account, PASSWORD, THIRD_ADDRESS))

    # Wrong guesses during the lockout did not extend it: it ends a cool-off after the last counted failure.
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)):
        assert form.succeeded(client, account, form.post(client, account, PASSWORD, ADDRESS))
    figure(f"wrong passwords before lockout, {form.path}", f"{LIMIT}; then 429 for the right password for 15 min")


def test_a_lockout_earned_at_one_login_view_holds_at_every_other(client, django_user_model):
    # The finding: locked out at /admin/login/, the right password at /_util/login/ opened /admin/.
    account = PASSWORD_FORMS["admin/login/"].account(django_user_model, 1)
    for _ in range(LIMIT):
        PASSWORD_FORMS["admin/login/"].post(client, account, WRONG, ADDRESS)
    for route in ["admin/login/", "django-admin/login/", "_util/login/"]:
        assert PASSWORD_FORMS[route].post(client, account, PASSWORD, ADDRESS).status_code == 429, route
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_locked_admin_still_signs_in_from_the_address_they_usually_use(client, django_user_model):
    form = PASSWORD_FORMS["admin/login/"]
    admin = form.account(django_user_model, 1)
    assert form.succeeded(client, admin, form.post(client, admin, PASSWORD, ADDRESS))
    client.logout()
    # An attacker who knows the user name spends the guesses from elsewhere, over and over.
    for address in ["198.51.100.1", "198.51.100.2"]:
        for _ in range(LIMIT):
            form.post(client, admin, WRONG, address)
    assert form.post(client, admin, PASSWORD, THIRD_ADDRESS).status_code == 429
    assert form.succeeded(client, admin, form.post(client, admin, PASSWORD, ADDRESS))
    # From the usual address its own failures still count.
    client.logout()
    for _ in range(LIMIT):
        form.post(client, admin, WRONG, ADDRESS)
    assert form.post(client, admin, PASSWORD, ADDRESS).status_code == 429


def test_behind_a_proxy_the_lockout_counts_the_visitors_address_not_the_proxys(client, django_user_model):
    form = PASSWORD_FORMS["admin/login/"]
    account, other_account = form.account(django_user_model, 1), form.account(django_user_model, 2)
    with override_settings(TRUSTED_PROXY_COUNT=1):
        for _ in range(LIMIT):
            client.post(
                "/admin/login/", {"username": account.username, "password": WRONG},
                REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ADDRESS}",
            )  # fmt: skip
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS}
        # Another visitor through the same proxy is not locked out with them.
        response = client.post(
            "/admin/login/", {"username": other_account.username, "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=OTHER_ADDRESS,
        )  # fmt: skip
        assert form.succeeded(client, other_account, response)


def test_the_test_clients_force_login_still_works(client, django_user_model):
    user = PASSWORD_FORMS["admin/login/"].account(django_user_model, 1)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_sign_in_records_are_purged_once_they_no_longer_count(client, django_user_model):
    form = PASSWORD_FORMS["admin/login/"]
    account = form.account(django_user_model, 1)
    form.post(client, account, PASSWORD, ADDRESS)
    form.post(client, account, WRONG, OTHER_ADDRESS)
    out = StringIO()
    call_command("purge_sign_in_records", stdout=out)
    assert AccessAttempt.objects.count() == 1 and AccessLog.objects.count() == 1  # both still matter
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)):
        call_command("purge_sign_in_records", stdout=out)
        assert AccessAttempt.objects.count() == 0 and AccessLog.objects.count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=settings.SIGN_IN_RETENTION_DAYS, seconds=1)):
        call_command("purge_sign_in_records", stdout=out)
        assert AccessLog.objects.count() == 0
    assert "Deleted 1 failed sign-in records past their cool-off and 0 sign-in records" in out.getvalue()


# --- Password reset -----------------------------------------------------------------------------------


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("pat", "pat@example.org", PASSWORD)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def reset(client, email, address=ADDRESS):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=address)


@pytest.mark.usefixtures("one_rate_limit_window")
@override_settings(PASSWORD_RESET_EMAIL_RATE_LIMIT=3, PASSWORD_RESET_RATE_LIMIT=100)
def test_password_reset_sends_at_most_a_few_emails_per_address_and_says_the_same_for_any_address(client, staff, figure):
    answers = [reset(client, " PAT@example.org ", address=f"198.51.100.{n}") for n in range(12)]
    assert len(mail.outbox) == 3 and all(message.to == ["pat@example.org"] for message in mail.outbox)
    # Sent or not, account or not: the same redirect to the same page.
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, "/admin/password_reset/done/")}
    for n in range(4):
        nobody = reset(client, "nobody@example.org", address=f"192.0.2.{n}")
        assert (nobody.status_code, nobody["Location"]) == (302, "/admin/password_reset/done/")
    figure("password reset emails for one address, 12 asked", f"{len(mail.outbox)} sent; every answer the same page")


@pytest.mark.usefixtures("one_rate_limit_window")
@override_settings(PASSWORD_RESET_RATE_LIMIT=5, PASSWORD_RESET_RATE_LIMIT_WINDOW=3600)
def test_password_reset_over_the_limit_from_one_address_gets_a_clear_429(client, staff):
    for n in range(5):
        assert reset(client, f"someone{n}@example.org").status_code == 302
    refused = reset(client, "pat@example.org")
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "Too many password resets" in refused.content.decode()
    assert mail.outbox == []
    assert reset(client, "pat@example.org", address=OTHER_ADDRESS).status_code == 302
    assert len(mail.outbox) == 1
