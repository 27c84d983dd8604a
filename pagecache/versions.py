"""The version numbers a cached page is checked against before it is served.

A stored page records, from before it was rendered, the version of everything it shows:
- "site": the whole site (a snippet, a setting, an image, navigation, a release's templates);
- "page:<path>": what the page at that path says about itself (its title, summary, image,
  whether it is live). The page at that path records it, and so does every page that links to
  it: a listing card, a related post, the menu;
- "listing:<path>": which pages the page at that path lists. Publishing a page bumps it for
  every ancestor (its index, the home page), because a new child is not linked from them yet.

A change sets the versions it affects to a new number (pagecache/signals.py); a page whose
recorded versions are not all current is stale. Stale pages may be served for a moment while one
worker re-renders them (pagecache/middleware.py), except where a "floor" says no copy from
before it may be shown at all: a page taken down, moved or made private.

Versions are clock readings (nanoseconds), set, never incremented: a version lost from the cache
(evicted, Redis restarted) comes back as a new number no stored page recorded.
"""

import hashlib
import logging
import random
import time

from django.core.cache import caches

logger = logging.getLogger(__name__)

SITE = "site"
SITE_FLOOR = "site-floor"

# Pages this process found fresh lately, served from here for PAGE_CACHE_LOCAL_SECONDS
# (pagecache/middleware.py): {entry key: (time.monotonic() when found fresh, entry)}.
LOCAL_COPIES = {}


def page_cache():
    return caches["pages"]


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def page_key(path):
    return f"page:{digest(path)}"


def listing_key(path):
    return f"listing:{digest(path)}"


def floor_key(path):
    return f"floor:{digest(path)}"


def new_version():
    # Distinct even when two instances bump in the same microsecond; ordered to the microsecond.
    return time.time_ns() // 1000 * 1000 + random.randrange(1000)


def current_versions(keys):
    """{key: version} for keys, giving a version to each that has none yet; None if the cache is down."""
    cache = page_cache()
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, new_version(), timeout=None)
        found |= cache.get_many(missing)
        if any(key not in found for key in keys):
            return None
    return found


def bump(pages=(), listings=(), gone=(), site=False, site_gone=False):
    """Make stale every stored page that recorded one of these. Call after the change is committed.

    pages and listings are paths whose page or listing changed; gone are paths whose stored copies
    must not be served any more, not even while being re-rendered; site and site_gone the same for
    every page.
    """
    version = new_version()
    values = dict.fromkeys([page_key(path) for path in (*pages, *gone)], version)
    values |= dict.fromkeys([listing_key(path) for path in listings], version)
    values |= dict.fromkeys([floor_key(path) for path in gone], version)
    if site or site_gone:
        values[SITE] = version
    if site_gone:
        values[SITE_FLOOR] = version
    if not values:
        return
    LOCAL_COPIES.clear()  # this process's; other instances' run out within PAGE_CACHE_LOCAL_SECONDS
    cache = page_cache()
    # Read one back: a cache that is down answers set_many() as if it had worked (protection.cache).
    if cache.set_many(values, timeout=None) or cache.get(next(iter(values))) is None:
        logger.error("Page cache versions could not be bumped; cached pages may be stale until they expire.")


def bump_site():
    """Make every stored page stale, e.g. after a release that changes templates."""
    bump(site=True)
