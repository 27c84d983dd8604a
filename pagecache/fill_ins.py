"""A shared page with a form: its per-visitor hidden values filled in for each visitor it is served to.

A sign-up form is the same for everyone but for its CSRF token and its start stamp
(protection/spam.py). A view whose page differs from visitor to visitor in nothing else sets
``request.page_cache_fill_ins`` to those inputs' names; the page is then stored like any other,
and every copy served from the cache gets a value of its own in each of them: this visitor's CSRF
token (and the cookie that goes with it, set as Django's CSRF middleware sets it) and a stamp of
the moment it was served. Such copies are never shared downstream: their Cache-Control is private.

Fillers are found by input name: the CSRF token's here, others from the hook
"page_cache_fill_ins", which returns {input name: function(request, value as rendered) -> value}.
A page asking for an input no filler knows is not stored.
"""

import functools
import html
import re

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware, get_token
from wagtail import hooks

from protection.spam import CSRF_INPUT

# Only its request and response halves are used: reading the visitor's cookie, setting a new one.
CSRF = CsrfViewMiddleware(lambda request: None)


def csrf_token(request, rendered):
    return get_token(request)


@functools.cache
def fillers():
    found = {CSRF_INPUT: csrf_token}
    for hook in hooks.get_hooks("page_cache_fill_ins"):
        found |= hook()
    return found


def asked_for(request):
    """The inputs this response's view said to fill in; None if it did not, or named one without a filler."""
    names = getattr(request, "page_cache_fill_ins", None)
    if not names or not set(names) <= fillers().keys():
        return None
    return tuple(names)


def storable_cookies(response):
    """Only the CSRF cookie may be set by a page stored with fill-ins: each hit sets its own."""
    return response.cookies.keys() <= {settings.CSRF_COOKIE_NAME}


@functools.cache
def input_value(name):
    return re.compile(rb'(name="' + re.escape(name.encode()) + rb'" value=")([^"]*)(")')


def blanked(content):
    """content with the CSRF token's value emptied for storing (the fillers of other inputs start from
    the value rendered); None if the token shows anywhere else too (copied into a script, say), which
    would hand one visitor's token to the next."""
    tokens = set()

    def blank(match):
        tokens.add(match[2])
        return match[1] + match[3]

    content = input_value(CSRF_INPUT).sub(blank, content)
    if any(token and token in content for token in tokens):
        return None
    return content


def fill_in(request, response, names):
    """Give the response this visitor's values, and the CSRF cookie if they had none."""
    CSRF.process_request(request)  # this visitor's CSRF cookie, as the view's request would have read it
    content = response.content
    for name in names:
        make = fillers()[name]

        def value(match, make=make):
            fresh = make(request, html.unescape(match[2].decode()))
            return match[1] + html.escape(fresh).encode() + match[3]

        content = input_value(name).sub(value, content)
    response.content = content
    if response.has_header("Content-Length"):  # stored with the copy's length; a stamp's may differ
        response["Content-Length"] = str(len(content))
    CSRF.process_response(request, response)
    return response
