"""Signing in, and every other form that takes a password: limits on wrong guesses.

django-axes counts failed sign-ins where authenticate() runs (its backend comes first in
AUTHENTICATION_BACKENDS), so every login view is covered: Wagtail's admin, Django's admin and
Wagtail's front-end login for private pages (/_util/login/). Its settings are in
ctqsite/settings/base.py; this module holds the callables they name, and brings the two kinds of
password check that bypass authenticate() under the same count:

- password-change forms check the old password with user.check_password() (OldPasswordMiddleware);
- private pages' and collections' shared passwords are checked by their own forms
  (shared_password_limited, wrapped around those views in ctqsite/urls.py).

Wagtail's password reset sends an email per request, so it has rate limits of its own (PasswordResetView).
"""

import functools
import math
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessLog
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from wagtail.admin.views import account

from .ratelimit import RateLimit

LOCKED_OUT = (
    "Too many wrong passwords have been tried from your connection or for this account, so signing in "
    "is paused. If you have forgotten your password, use “Forgotten password?” on the sign-in page "
    "once the wait is over."
)


def lockout_parameters(request, credentials=None):
    """What failures count towards a lockout (AXES_LOCKOUT_PARAMETERS).

    Usually an account's failures from any address (so many addresses cannot share out the guesses
    at one password) and an address's failures for any account (so one address cannot try a common
    password on every account). From an address the account signed in from in the last
    SIGN_IN_RETENTION_DAYS only that address's own failures count: an attacker who knows an admin's
    user name can then lock the account out of unfamiliar addresses, never out of the admin's usual one.
    """
    username, address = get_client_username(request, credentials), request.axes_ip_address
    since = timezone.now() - timedelta(days=settings.SIGN_IN_RETENTION_DAYS)
    if (
        username
        and address
        and AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=since).exists()
    ):
        return ["ip_address"]
    return ["username", "ip_address"]


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets, whichever form it came from (AXES_LOCKOUT_CALLABLE).

    Failures during the lockout do not extend it (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is
    off), so it ends at most one cool-off from now.
    """
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request, "429.html", {"message": LOCKED_OUT, "minutes": max(1, math.ceil(seconds / 60))}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


class OldPasswordMiddleware:
    """Send the old password of a password-change form (Wagtail's account page, Django's admin) through
    authenticate() before the form checks it, so that axes counts a wrong one as a failed sign-in and a
    locked-out account cannot go on guessing here. After CsrfViewMiddleware: only real forms count."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # CSRF-exempt views may read the body themselves: leave their POST unparsed.
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False) or not request.user.is_authenticated:
            return None
        # Django's PasswordChangeForm calls it old_password; Wagtail's account page prefixes it.
        old_password = next((value for name, value in request.POST.items() if name.endswith("old_password")), "")
        if not old_password:
            return None
        credentials = {"username": request.user.get_username()}
        authenticate(request, password=old_password, **credentials)
        if getattr(request, "axes_locked_out", False):  # set by axes when it refused or just locked
            return lockout_response(request, credentials=credentials)
        return None


def shared_password_limited(view, restriction_kwarg):
    """Wrap Wagtail's view for a private page's or collection's shared password: each wrong password is a
    failed sign-in to axes, counted for the restriction (like an account) and for the address."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        credentials = {"username": f"shared password: {view.__module__} {kwargs[restriction_kwarg]}"}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, credentials=credentials)
        response = view(request, *args, **kwargs)
        if response.status_code != 302:  # the form came back: the password was wrong
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return response

    return limited


PASSWORD_RESETS = RateLimit("password-reset", "PASSWORD_RESET_RATE_LIMIT")
PASSWORD_RESETS_PER_EMAIL = RateLimit("password-reset-email", "PASSWORD_RESET_EMAIL_RATE_LIMIT")


class PasswordResetView(account.PasswordResetView):
    """Wagtail's password reset, limited per address and per email address asked for.

    Over the per-email limit no email is sent, but the page is the same "check your inbox" page as for
    any address: nobody learns whether the address has an account, and nobody's inbox can be flooded.
    """

    def form_valid(self, form):
        if PASSWORD_RESETS.hit(self.request):
            return PASSWORD_RESETS.page(
                self.request, "Too many password resets have been asked for from your connection."
            )
        email = "email:" + form.cleaned_data["email"].strip().casefold()
        if PASSWORD_RESETS_PER_EMAIL.hit(self.request, identity=email):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
