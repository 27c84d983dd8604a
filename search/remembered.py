"""Searches and suggestions remembered until the index changes (SEARCH_RESULTS_CACHE_SECONDS).

A broad query counts every page that has the word, tens of milliseconds at 10,000 pages, and most
searches repeat. Each key holds a version that every change to what search may show sets anew:
the backends' indexes on each page indexed or removed and on ``update_index``, search/signals.py on
a view restriction. An entry never outlives the next live page's expiry, which the index does not see.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Min
from django.utils import timezone
from wagtail.models import Page


def remembered(kind, asked, compute):
    """compute(), or what it gave for the same ``asked`` since the index last changed."""
    seconds = settings.SEARCH_RESULTS_CACHE_SECONDS
    if not seconds:
        return compute()
    version = index_version()
    key = f"search:{kind}:{version}:{digest(asked)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if version:
            cache.set(key, value, min(seconds, seconds_to_next_expiry()))
    return value


def digest(asked):
    return hashlib.sha256(repr(asked).encode()).hexdigest()


def index_version_key():
    # One version per database: two databases sharing a cache (a benchmark corpus beside the dev site)
    # must not answer with each other's pages; keys carry the version, so they differ too.
    return f"search:index-version:{digest(connection.settings_dict['NAME'])}"


def index_version():
    version = cache.get(index_version_key())
    if version is None:
        index_changed()
        version = cache.get(index_version_key(), 0)  # 0: no cache server, so nothing is remembered
    return version


def index_changed():
    # A clock reading, never incremented: a version lost from the cache comes back as one nothing recorded.
    cache.set(index_version_key(), time.time_ns(), None)


def seconds_to_next_expiry():
    """Until the next live page expires: searchable_pages() leaves it out from then on, before
    publish_scheduled unpublishes it."""
    next_expiry = Page.objects.live().filter(expire_at__gt=timezone.now()).aggregate(Min("expire_at"))["expire_at__min"]
    return max(1, int((next_expiry - timezone.now()).total_seconds())) if next_expiry else float("inf")
