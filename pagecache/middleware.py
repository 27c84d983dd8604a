"""Whole-page cache for anonymous visitors, and a deliberate Cache-Control on every response.

A response is stored, and shared with other visitors, only when all of these hold:
- the request is a GET from someone without a session or messages cookie and not logged in;
- a Wagtail page served it at its own URL (pagecache/wagtail_hooks.py marks it), so no
  registration status, cancel or other per-visitor route is ever shared;
- it is a 200 that sets no cookie and used no CSRF token (pages with forms stay uncached,
  so every visitor gets their own token), and nothing marked it private.

Entries are keyed on the path and on the GET parameters that some page type declares it reads
(``varies_on_query_params``, e.g. ``("page",)`` on an index): ``utm_*``, ``fbclid`` and any other
parameter never make a new entry, and the page never sees them (pagecache/wagtail_hooks.py). A page
that is asked for a value it does not have (``?page=abc``, an unknown filter) answers as usual but
sets ``request.page_cacheable = False``, so junk values add no entries either.

Shared responses get `Cache-Control: public, max-age=…`; every other response that did not
choose its own gets `private, no-store`, and so does anything for a logged-in user or that
sets a cookie, whatever the view said.
"""

import functools
import hashlib
import re
import time
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control
from wagtail import hooks
from wagtail.models import get_page_models

from .generation import KEY as GENERATION
from .generation import current_generation, page_cache

PRIVATE = "private, no-store"
# Varying on Cookie is covered by not sharing anything with a session; anything else could differ per visitor.
HARMLESS_VARY = {"cookie", "accept-encoding"}
# What a shared response must not carry in Cache-Control.
PER_VISITOR = {"private", "no-store", "no-cache"}


def has_visitor_state(request):
    """A session (logged in, registration messages, a form in progress) or pending messages."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or CookieStorage.cookie_name in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


def params_read(page):
    """The GET parameters that change what a page (or page type) shows."""
    return frozenset(getattr(page, "varies_on_query_params", ()))


@functools.cache
def keyed_params():
    """Every parameter some page type reads: the only ones a key is made of."""
    return frozenset().union(*(params_read(model) for model in get_page_models()))


def cache_key(request, generation):
    # The last value of each, as request.GET.get() reads it; sorted, so their order makes no new entry.
    params = sorted((name, request.GET[name]) for name in keyed_params() & request.GET.keys())
    url = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(params)}"
    return f"page:{generation}:{hashlib.sha256(url.encode()).hexdigest()}"


def is_shareable(request, response):
    user = getattr(request, "user", None)
    cache_control = {
        part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    return (
        getattr(request, "page_cacheable", False)
        and request.method in ("GET", "HEAD")
        and not has_visitor_state(request)
        and not (user is not None and user.is_authenticated)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not cache_control & PER_VISITOR
        and vary <= HARMLESS_VARY
    )


def seconds_fresh(limit):
    """limit, or fewer if content changes with time sooner (hook "page_cache_fresh_until")."""
    now = timezone.now()
    moments = [moment for hook in hooks.get_hooks("page_cache_fresh_until") if (moment := hook(now))]
    if moments:
        limit = min(limit, max(0, int((min(moments) - now) / timedelta(seconds=1))))
    return limit


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The generation this process saw last: a guess that lets a hit take one round trip.
        self.last_generation = None

    def __call__(self, request):
        generation = None
        if settings.PAGE_CACHE_TIMEOUT and request.method in ("GET", "HEAD") and not has_visitor_state(request):
            generation, stored = self.lookup(request)
            if stored is not None:
                return rebuild(stored)
        response = self.get_response(request)
        if not is_shareable(request, response):
            if not response.has_header("Cache-Control") or self.is_per_visitor(request, response):
                response["Cache-Control"] = PRIVATE
            return response
        self.share(request, response, generation)
        return response

    def lookup(self, request):
        """(generation, stored response or None), reading the generation and the page together.

        The page is used only if the generation read with it is the one its key was built from.
        """
        cache = page_cache()
        if (guess := self.last_generation) is not None:
            found = cache.get_many([GENERATION, cache_key(request, guess)])
            if found.get(GENERATION) == guess:
                return guess, found.get(cache_key(request, guess))
        generation = self.last_generation = current_generation()
        if generation is None:
            return None, None
        return generation, cache.get(cache_key(request, generation))

    @staticmethod
    def is_per_visitor(request, response):
        user = getattr(request, "user", None)
        return bool(response.cookies) or has_visitor_state(request) or (user is not None and user.is_authenticated)

    def share(self, request, response, generation):
        store = generation is not None and request.method == "GET"
        cdn = bool(settings.WAGTAILFRONTENDCACHE)
        # Only worth the query when something keeps the page longer than a browser does.
        fresh = (
            seconds_fresh(max(settings.PAGE_CACHE_TIMEOUT, settings.PAGE_CACHE_CDN_MAX_AGE)) if store or cdn else None
        )
        max_age = settings.PAGE_CACHE_MAX_AGE if fresh is None else min(settings.PAGE_CACHE_MAX_AGE, fresh)
        directives = {"public": True, "max_age": max_age}
        if cdn:
            directives["s_maxage"] = min(settings.PAGE_CACHE_CDN_MAX_AGE, fresh)
        patch_cache_control(response, **directives)
        timeout = min(settings.PAGE_CACHE_TIMEOUT, fresh) if store else 0
        if timeout > 0:
            stored = (response.status_code, list(response.items()), response.content, time.time() + timeout)
            page_cache().set(cache_key(request, generation), stored, timeout)
            response["X-Cache"] = "MISS"


def rebuild(stored):
    status, headers, content, expires_at = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    # Downstream caches may keep the copy only as long as it has left here.
    left = max(0, int(expires_at - time.time()))
    cache_control = dict.fromkeys(("max_age", "s_maxage"))
    for directive in cache_control:
        header_value = re.search(rf"\b{directive.replace('_', '-')}=(\d+)", response["Cache-Control"])
        if header_value:
            cache_control[directive] = min(int(header_value.group(1)), left)
    patch_cache_control(response, **{name: value for name, value in cache_control.items() if value is not None})
    response["X-Cache"] = "HIT"
    return response
