"""The site-wide generation number that every cached page is stored under.

Publishing, unpublishing, moving or deleting a page, or changing a snippet, setting,
image or document, bumps it: from then on every earlier entry is unreachable and
simply expires. One number for the whole site, because a change shows on many pages
(a post on its index, the home page, related posts; a person on every post they wrote),
and tracking which page shows what would be the kind of bookkeeping that goes stale.
"""

import logging
import time

from django.core.cache import caches

logger = logging.getLogger(__name__)

KEY = "generation"


def page_cache():
    return caches["pages"]


def current_generation():
    """The generation to read and store pages under; None if the cache cannot say (Redis down)."""
    cache = page_cache()
    generation = cache.get(KEY)
    if generation is None:
        # Start from the clock, never from 1: a generation lost from the cache (evicted,
        # Redis restarted) must not come back as a number old entries were stored under.
        cache.add(KEY, time.time_ns(), timeout=None)
        generation = cache.get(KEY)
    return generation


def bump_generation():
    """Make every page cached so far unreachable. Call after the change is committed."""
    cache = page_cache()
    try:
        bumped = cache.incr(KEY)
    except ValueError:  # never set, or lost: any new clock value is past every old one
        cache.set(KEY, time.time_ns(), timeout=None)
        return
    if bumped is None:
        logger.error("The page cache generation could not be bumped; cached pages may be stale until they expire.")
