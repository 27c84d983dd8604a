"""Admin sign-in lockout, on the shared rate limits (ctqsite.ratelimit).

After LOGIN_FAILURE_LIMIT failed sign-ins from one address, or for one user name, within
LOGIN_FAILURE_LIMIT_WINDOW seconds, the sign-in forms answer a 429 until the window ends,
whether or not the next password is right. Counting the user name as well stops guessing one
account's password from many addresses.
"""

import functools

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from .ratelimit import RateLimit

FAILED_SIGN_INS = RateLimit("sign-in", "LOGIN_FAILURE_LIMIT")


def user_identity(username):
    # Never an address, so the two counts cannot share a key.
    return "user:" + username.strip().casefold()


@receiver(user_login_failed)
def count_failed_sign_in(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    FAILED_SIGN_INS.hit(request)
    username = credentials.get("username")
    if username:
        FAILED_SIGN_INS.hit(request, identity=user_identity(username))


def locked_out(request):
    username = request.POST.get("username", "")
    return FAILED_SIGN_INS.reached(request) or bool(
        username and FAILED_SIGN_INS.reached(request, identity=user_identity(username))
    )


def with_lockout(login_view):
    """Wrap a sign-in view so that a locked-out sign-in is refused before any password is checked."""

    @functools.wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method == "POST" and locked_out(request):
            return FAILED_SIGN_INS.page(
                request,
                "There have been too many failed sign-ins from your connection or for this account. "
                "If you have forgotten your password, use “Forgotten password?” on the sign-in page "
                "once the wait is over.",
            )
        return login_view(request, *args, **kwargs)

    return view
