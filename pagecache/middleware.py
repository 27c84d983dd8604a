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

A stored page is served while the versions it recorded are current (pagecache/versions.py): its
own, the site's, and those of every page it links to. Once stale, one worker re-renders it, holding
a short lock (``cache.add``); meanwhile every other request, on any instance, gets the stale copy
(``X-Cache: STALE``, ``max-age=0``), which is kept PAGE_CACHE_STALE_SECONDS past its freshness for
that. Never a copy of a page since taken down, moved or made private.

A worker that found a page fresh serves it from its own memory for PAGE_CACHE_LOCAL_SECONDS (1 s in
production without a CDN) without asking the cache: under load most hits then cost no round trip. A
change made through this process empties that memory at once; one made on another instance shows
here within that second.

Shared responses get `Cache-Control: public, max-age=…`; every other response that did not
choose its own gets `private, no-store`, and so does anything for a logged-in user or that
sets a cookie, whatever the view said.
"""

import functools
import html
import re
import time
from datetime import timedelta
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control
from wagtail import hooks
from wagtail.models import get_page_models

from . import fill_ins
from .versions import (
    LOCAL_COPIES,
    SITE,
    SITE_FLOOR,
    current_versions,
    digest,
    floor_key,
    listing_key,
    new_version,
    page_cache,
    page_key,
)

PRIVATE = "private, no-store"
# Pages a worker keeps in its own memory (PAGE_CACHE_LOCAL_SECONDS) at most: about 15 KB each.
LOCAL_COPIES_KEPT = 1_000
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


def cache_key(request):
    # The last value of each, as request.GET.get() reads it; sorted, so their order makes no new entry.
    params = sorted((name, request.GET[name]) for name in keyed_params() & request.GET.keys())
    return f"entry:{digest(f'{request.scheme}://{request.get_host()}{request.path}?{urlencode(params)}')}"


def render_lock_key(key):
    """Held by the one worker re-rendering a stale page; everyone else is served the stale copy."""
    return f"render:{key}"


# Site-relative links ("//host" is another site). Query strings make no difference to what a link
# says about its page; static files, media and documents are no pages.
LINK = re.compile(rb'href="(/(?!/)[^"#?]*)')


def linked_paths(content):
    paths = {unquote(html.unescape(match.decode(errors="replace"))) for match in LINK.findall(content)}
    return {path for path in paths if not path.startswith((settings.STATIC_URL, settings.MEDIA_URL, "/documents/"))}


def is_shareable(request, response):
    user = getattr(request, "user", None)
    # A form's CSRF token and cookie are per visitor, unless the page asked for them to be filled in.
    fills_in = fill_ins.asked_for(request) is not None
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
        and (fill_ins.storable_cookies(response) if fills_in else not response.cookies)
        and (fills_in or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
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
        # The versions each stored page recorded when this process last read it: asked for
        # together with the page, so a hit takes one round trip while they stay the same.
        self.recorded_seen = {}

    def __call__(self, request):
        lookup, locked = None, None
        if settings.PAGE_CACHE_TIMEOUT and request.method in ("GET", "HEAD") and not has_visitor_state(request):
            key = cache_key(request)
            if (entry := local_copy(key)) is not None:
                return serve_stored(request, entry, "HIT")
            lookup = self.lookup(request, key)
            if lookup.fresh:
                keep_local_copy(key, lookup.entry)
                return serve_stored(request, lookup.entry, "HIT")
            if lookup.may_serve_stale:
                if not page_cache().add(
                    render_lock_key(lookup.key), 1, timeout=settings.PAGE_CACHE_RENDER_LOCK_SECONDS
                ):
                    return serve_stored(request, lookup.entry, "STALE")  # another worker is re-rendering it
                locked = render_lock_key(lookup.key)
        try:
            response = self.get_response(request)
            if not is_shareable(request, response):
                if not response.has_header("Cache-Control") or self.is_per_visitor(request, response):
                    response["Cache-Control"] = PRIVATE
                return response
            self.share(request, response, lookup)
            return response
        finally:
            if locked:
                page_cache().delete(locked)

    def lookup(self, request, key):
        """The stored page and the current versions it is checked against, read in one round trip."""
        own = [SITE, SITE_FLOOR, page_key(request.path), listing_key(request.path), floor_key(request.path)]
        asked = [key, *own, *self.recorded_seen.get(key, ())]
        found = page_cache().get_many(asked)
        entry = found.pop(key, None)
        if entry is not None:
            if unread := entry["versions"].keys() - set(asked):
                found |= page_cache().get_many(list(unread))
            if len(self.recorded_seen) >= 10_000:
                self.recorded_seen.clear()
            self.recorded_seen[key] = tuple(entry["versions"].keys() - set(own))
        request.site_floor = found.get(SITE_FLOOR)  # for pagecache.routes, should the page be rendered
        return Lookup(key, entry, found, request.path)

    @staticmethod
    def is_per_visitor(request, response):
        user = getattr(request, "user", None)
        return bool(response.cookies) or has_visitor_state(request) or (user is not None and user.is_authenticated)

    def share(self, request, response, lookup):
        versions = lookup.versions_before_render() if lookup is not None and request.method == "GET" else None
        if versions is not None:
            versions = record_links(versions, response.content, lookup)
        names = fill_ins.asked_for(request)
        content = response.content if names is None else fill_ins.blanked(response.content)
        store = versions is not None and content is not None
        if names is not None:
            # Each copy carries a visitor's own token: kept here, never by a browser's or CDN's cache.
            response["Cache-Control"] = PRIVATE
        cdn = bool(settings.WAGTAILFRONTENDCACHE) and names is None
        # Only worth the query when something keeps the page longer than a browser does.
        fresh = (
            seconds_fresh(max(settings.PAGE_CACHE_TIMEOUT, settings.PAGE_CACHE_CDN_MAX_AGE)) if store or cdn else None
        )
        if fresh is not None and hasattr(request, "page_cache_seconds"):
            fresh = min(fresh, request.page_cache_seconds)  # e.g. a count of seats left
        if names is None:
            max_age = settings.PAGE_CACHE_MAX_AGE if fresh is None else min(settings.PAGE_CACHE_MAX_AGE, fresh)
            directives = {"public": True, "max_age": max_age}
            if cdn:
                directives["s_maxage"] = min(settings.PAGE_CACHE_CDN_MAX_AGE, fresh)
            patch_cache_control(response, **directives)
        timeout = min(settings.PAGE_CACHE_TIMEOUT, fresh) if store else 0
        if timeout > 0:
            entry = {
                "status": response.status_code,
                "headers": list(response.items()),
                "content": content,
                "fresh_until": time.time() + timeout,
                "versions": versions,
                "fill_ins": names,
            }
            # Kept past its freshness as the copy served while one worker re-renders it.
            page_cache().set(lookup.key, entry, timeout + settings.PAGE_CACHE_STALE_SECONDS)
            response["X-Cache"] = "MISS"


class Lookup:
    def __init__(self, key, entry, found, path):
        self.key, self.entry, self.found, self.path = key, entry, found, path
        # Read before rendering: a version set after this may have been bumped while the page rendered.
        self.started = new_version()

    @functools.cached_property
    def fresh(self):
        if self.entry is None or time.time() >= self.entry["fresh_until"]:
            return False
        return all(self.found.get(key) == version for key, version in self.entry["versions"].items())

    @property
    def may_serve_stale(self):
        """A stored copy no floor rules out: not of a page since taken down, moved or made private."""
        if self.entry is None:
            return False
        recorded = self.entry["versions"]
        return recorded[SITE] >= self.found.get(SITE_FLOOR, 0) and recorded[page_key(self.path)] >= self.found.get(
            floor_key(self.path), 0
        )

    def versions_before_render(self):
        """The page's own versions as they were before it rendered; None if the cache cannot say."""
        own = [SITE, page_key(self.path), listing_key(self.path)]
        versions = {key: self.found[key] for key in own if key in self.found}
        if missing := [key for key in own if key not in versions]:
            given = current_versions(missing)
            if given is None:
                return None
            versions |= given
        return versions


def record_links(versions, content, lookup):
    """versions plus the "page:" version of every page the response links to; None not to store it.

    Versions read before the render (the links the stored copy had) are safe to record. One read
    after it is safe if it was set before the render started; a later one may come from a publish
    during the render, so the page is not stored this time. Instances' clocks must agree to within
    a render's time for that (NTP does).
    """
    links = [page_key(link) for link in linked_paths(content) - {lookup.path}]
    found = {key: lookup.found[key] for key in links if key in lookup.found}
    cache = page_cache()
    if unread := [key for key in links if key not in found]:
        read_now = cache.get_many(unread)
        for key in unread:
            if key not in read_now:
                version = new_version()
                if cache.add(key, version, timeout=None):  # never bumped: nothing changed it during the render
                    read_now[key] = version
                    continue
                read_now[key] = cache.get(key)
            if read_now[key] is None or read_now[key] >= lookup.started:
                return None
        found |= read_now
    return versions | found


def local_copy(key):
    """The page this process found fresh less than PAGE_CACHE_LOCAL_SECONDS ago, if still fresh."""
    found = LOCAL_COPIES.get(key)
    if found is None:
        return None
    checked, entry = found
    if time.monotonic() - checked >= settings.PAGE_CACHE_LOCAL_SECONDS or time.time() >= entry["fresh_until"]:
        return None
    return entry


def keep_local_copy(key, entry):
    if settings.PAGE_CACHE_LOCAL_SECONDS > 0:
        if len(LOCAL_COPIES) >= LOCAL_COPIES_KEPT:
            LOCAL_COPIES.clear()
        LOCAL_COPIES[key] = (time.monotonic(), entry)


def serve_stored(request, entry, state):
    response = rebuild(entry, state)
    if entry.get("fill_ins"):
        fill_ins.fill_in(request, response, entry["fill_ins"])
    return response


def rebuild(entry, state):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    # Downstream caches may keep the copy only as long as it has left here; a stale one not at all.
    left = max(0, int(entry["fresh_until"] - time.time())) if state == "HIT" else 0
    cache_control = dict.fromkeys(("max_age", "s_maxage"))
    for directive in cache_control:
        header_value = re.search(rf"\b{directive.replace('_', '-')}=(\d+)", response["Cache-Control"])
        if header_value:
            cache_control[directive] = min(int(header_value.group(1)), left)
    patch_cache_control(response, **{name: value for name, value in cache_control.items() if value is not None})
    response["X-Cache"] = state
    return response
