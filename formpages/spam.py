"""Spam defence for form pages, with no third-party script.

Three checks on every form post, in this order:

- a per-address rate limit (ctqsite.ratelimit: FORM_RATE_LIMIT posts per
  FORM_RATE_LIMIT_WINDOW seconds, across all forms);
- a honeypot: a field people never see, which form-filling robots fill in;
- a minimum fill time: the form carries a signed timestamp of when it was shown, and a
  post sooner than FORM_MIN_FILL_SECONDS after it (or without a valid stamp) is refused.

What a refused post contained is never kept; formpages.models.BlockedAttempt counts it.
"""

import time

from django.conf import settings
from django.core import signing
from django.db import models

from ctqsite.ratelimit import RateLimit

# Hyphenated, so no form-builder field (its name is the label in snake_case) can clash.
HONEYPOT_FIELD = "your-website"
STARTED_FIELD = "form-started"
SALT = "formpages.started"


class Reason(models.TextChoices):
    RATE_LIMITED = "rate_limited", "Over the rate limit"
    HONEYPOT = "honeypot", "Filled in the hidden field"
    TOO_FAST = "too_fast", "Sent too fast or without a valid start time"


def started_token(page, at=None):
    """A signed record of when this page's form was shown."""
    return signing.dumps({"page": page.pk, "at": time.time() if at is None else at}, salt=SALT)


def seconds_since_start(token, page):
    """How long ago the form was shown, or None if the token is missing, forged or another form's."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("page") != page.pk or not isinstance(data.get("at"), int | float):
        return None
    return time.time() - data["at"]


# Counted across all forms on the site.
FORM_POSTS = RateLimit("forms", "FORM_RATE_LIMIT")


def blocked_reason(request, page):
    """Why this post is refused, or None to go on and validate it."""
    if FORM_POSTS.hit(request):
        return Reason.RATE_LIMITED
    if request.POST.get(HONEYPOT_FIELD):
        return Reason.HONEYPOT
    age = seconds_since_start(request.POST.get(STARTED_FIELD, ""), page)
    if age is None or age < settings.FORM_MIN_FILL_SECONDS:
        return Reason.TOO_FAST
    return None
