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
import secrets

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from wagtail import hooks

from protection.spam import CSRF_INPUT

# Only its request and response halves are used: reading the visitor's cookie, setting a new one.
CSRF = CsrfViewMiddleware(lambda request: None)


LETTERS = CSRF_ALLOWED_CHARS.encode()
# Django's mask: each letter of the secret moved on by its mask letter's place, around the alphabet.
MASKED = {
    (letter, mask): CSRF_ALLOWED_CHARS[(place + mask_place) % len(CSRF_ALLOWED_CHARS)]
    for place, letter in enumerate(CSRF_ALLOWED_CHARS)
    for mask_place, mask in enumerate(CSRF_ALLOWED_CHARS)
}
# Random bytes below 248 (4 × 62) map onto the 62 letters evenly; the rest are dropped.
EVEN = 256 - 256 % len(LETTERS)
TO_LETTERS = bytes(LETTERS[byte % len(LETTERS)] for byte in range(EVEN)) + bytes(256 - EVEN)
DROPPED = bytes(range(EVEN, 256))


def random_letters(count):
    """count letters of CSRF_ALLOWED_CHARS, as Django's get_random_string draws them, from one read of the
    system's randomness instead of one call per letter."""
    letters = b""
    while len(letters) < count:
        letters += secrets.token_bytes(count + 8).translate(TO_LETTERS, DROPPED)
    return letters[:count].decode()


def csrf_token(request, rendered):
    """What django.middleware.csrf.get_token returns: the visitor's secret (a new one, with its cookie,
    if they have none) under a new mask. Django draws the 64 random letters one call at a time, which
    was most of the cost of serving a cached form page (docs/performance.md)."""
    if "CSRF_COOKIE" not in request.META:
        request.META["CSRF_COOKIE"] = random_letters(CSRF_SECRET_LENGTH)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    secret, mask = request.META["CSRF_COOKIE"], random_letters(CSRF_SECRET_LENGTH)
    return mask + "".join(map(MASKED.__getitem__, zip(secret, mask, strict=True)))


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


def with_values(content, name, replace):
    """content with each value of the inputs called name given by replace(value as rendered), as bytes.

    Found with bytes.find rather than a regular expression: on a served copy it runs twice a hit,
    and re.sub scanned a 40 kB page in 12 µs each time."""
    opening = b'name="' + name.encode() + b'" value="'
    pieces, position = [], 0
    while (start := content.find(opening, position)) != -1:
        start += len(opening)
        end = content.find(b'"', start)
        if end == -1:
            break
        pieces += [content[position:start], replace(content[start:end])]
        position = end
    return b"".join([*pieces, content[position:]]) if pieces else content


def blanked(content):
    """content with the CSRF token's value emptied for storing (the fillers of other inputs start from
    the value rendered); None if the token shows anywhere else too (copied into a script, say), which
    would hand one visitor's token to the next."""
    tokens = set()

    def blank(value):
        tokens.add(value)
        return b""

    content = with_values(content, CSRF_INPUT, blank)
    if any(token and token in content for token in tokens):
        return None
    return content


def fill_in(request, response, names):
    """Give the response this visitor's values, and the CSRF cookie if they had none."""
    CSRF.process_request(request)  # this visitor's CSRF cookie, as the view's request would have read it
    content = response.content
    for name in names:
        make = fillers()[name]

        def value(rendered, make=make):
            return html.escape(make(request, html.unescape(rendered.decode()))).encode()

        content = with_values(content, name, value)
    response.content = content
    if response.has_header("Content-Length"):  # stored with the copy's length; a stamp's may differ
        response["Content-Length"] = str(len(content))
    CSRF.process_response(request, response)
    return response
