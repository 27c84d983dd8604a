"""Spam defence for the site's public forms (form pages, webinar registration), with no third-party script.

Three checks on every form post, in this order:

- a per-address rate limit (protection.ratelimit: each form says which; form pages share
  FORM_RATE_LIMIT posts per FORM_RATE_LIMIT_WINDOW seconds across all of them);
- a honeypot: a field people never see, which form-filling robots fill in;
- a fill time: the form carries a signed stamp naming the page, the form and when it was
  shown. A post sooner than FORM_MIN_FILL_SECONDS after it (or without a valid stamp for
  this form) is refused, and so is one later than FORM_MAX_AGE_SECONDS, so a stamp taken
  once cannot be replayed for ever.

What a refused post contained is never kept; formpages.models.BlockedAttempt counts it.
"""

import functools
import math
import time

from django.conf import settings
from django.core import signing
from django.db import models

from .ratelimit import RateLimit

# Hyphenated, so no form-builder field (its name is the label in snake_case) can clash.
HONEYPOT_FIELD = "your-website"
STARTED_FIELD = "form-started"
# Django's CSRF token input, in every form that posts.
CSRF_INPUT = "csrfmiddlewaretoken"
# All that differs from visitor to visitor in a fresh form with a stamp: the page cache can fill
# these in (pagecache/fill_ins.py), so a view showing one sets request.page_cache_fill_ins to them.
PER_VISITOR_INPUTS = (CSRF_INPUT, STARTED_FIELD)
SALT = "formpages.started"
# A form page's one form; other pages name theirs (webinars: "registration").
PAGE_FORM = "form"
# How finely a stamp served from the page cache tells time (restamped).
STAMPS_A_SECOND = 10


class Reason(models.TextChoices):
    RATE_LIMITED = "rate_limited", "Over the rate limit"
    HONEYPOT = "honeypot", "Filled in the hidden field"
    TOO_FAST = "too_fast", "Sent too fast or without a valid start time"
    EXPIRED = "expired", "Sent after the form had been open too long"


def started_token(page, form=PAGE_FORM, at=None):
    """A signed record of when this page's form was shown."""
    return signing.dumps({"page": page.pk, "form": form, "at": time.time() if at is None else at}, salt=SALT)


def restamped(request, token):
    """The same form's stamp, shown now (a copy of its page served from the page cache).

    Stamped with the tenth of a second it falls in, so one signing serves every copy of the page sent
    out in it (reading and signing a stamp was a fifth of such a hit); the form looks older than it is
    by under a tenth of a second, a margin of the fill time no robot gains by."""
    return stamp_shown_at(token, math.floor(time.time() * STAMPS_A_SECOND) / STAMPS_A_SECOND)


@functools.lru_cache(maxsize=64)
def stamp_shown_at(token, at):
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return token
    return signing.dumps({**data, "at": at}, salt=SALT) if isinstance(data, dict) else token


def seconds_since_start(token, page, form=PAGE_FORM):
    """How long ago the form was shown, or None if the stamp is missing, forged or another form's."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or (data.get("page"), data.get("form")) != (page.pk, form):
        return None
    if not isinstance(data.get("at"), int | float):
        return None
    return time.time() - data["at"]


def form_context(page, form=PAGE_FORM):
    """What formpages/spam_fields.html and formpages/blocked_notice.html need to draw the form."""
    return {
        "honeypot_field": HONEYPOT_FIELD,
        "started_field": STARTED_FIELD,
        "started_token": started_token(page, form),
        "form_max_age_hours": max(1, round(settings.FORM_MAX_AGE_SECONDS / 3600)),
    }


# Counted across all form pages on the site.
FORM_POSTS = RateLimit("forms", "FORM_RATE_LIMIT")


def blocked_reason(request, page, form=PAGE_FORM, rate_limit=FORM_POSTS):
    """Why this post is refused, or None to go on and validate it."""
    if rate_limit.hit(request):
        return Reason.RATE_LIMITED
    if request.POST.get(HONEYPOT_FIELD):
        return Reason.HONEYPOT
    age = seconds_since_start(request.POST.get(STARTED_FIELD, ""), page, form)
    if age is None or age < settings.FORM_MIN_FILL_SECONDS:
        return Reason.TOO_FAST
    if age > settings.FORM_MAX_AGE_SECONDS:
        return Reason.EXPIRED
    return None
