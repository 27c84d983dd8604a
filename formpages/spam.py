"""Spam defence for form pages, with no third-party script.

Three checks on every form post, in this order:

- a per-address rate limit counted in Django's cache (FORM_RATE_LIMIT posts per
  FORM_RATE_LIMIT_WINDOW seconds, across all forms);
- a honeypot: a field people never see, which form-filling robots fill in;
- a minimum fill time: the form carries a signed timestamp of when it was shown, and a
  post sooner than FORM_MIN_FILL_SECONDS after it (or without a valid stamp) is refused.

What a refused post contained is never kept; formpages.models.BlockedAttempt counts it.
"""

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import models

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


def client_ip(request):
    """The visitor's address.

    With TRUSTED_PROXY_COUNT proxies in front, each appending the address it saw to
    X-Forwarded-For, it is that many entries from the end: entries the visitor sent
    themselves come earlier and are ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def over_rate_limit(request):
    """Count this post against the visitor's address; True once it is over the limit."""
    # Hashed: the cache never holds visitors' addresses.
    key = "formpages:posts:" + hashlib.sha256(client_ip(request).encode()).hexdigest()
    window = settings.FORM_RATE_LIMIT_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        posts = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=window)
        posts = 1
    return posts > settings.FORM_RATE_LIMIT


def blocked_reason(request, page):
    """Why this post is refused, or None to go on and validate it."""
    if over_rate_limit(request):
        return Reason.RATE_LIMITED
    if request.POST.get(HONEYPOT_FIELD):
        return Reason.HONEYPOT
    age = seconds_since_start(request.POST.get(STARTED_FIELD, ""), page)
    if age is None or age < settings.FORM_MIN_FILL_SECONDS:
        return Reason.TOO_FAST
    return None
