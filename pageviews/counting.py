"""Counting page views in the web worker and writing them in batches.

A view is counted in memory and written to the database at most every PAGE_VIEWS_FLUSH_SECONDS, one
row per page and day, so a page served from the page cache costs no query. What a worker has not
written yet is lost if it is killed (a clean stop writes it: pageviews/apps.py); views are a
measure of interest, not a ledger.
"""

import logging
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.http.request import split_domain_port
from django.utils import timezone
from wagtail.models import Page, Site

from .models import PageViewDay

logger = logging.getLogger(__name__)

# Crawlers, link previews, uptime checks and scripts name themselves; a browser always sends a User-Agent.
BOT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|pingdom|lighthouse"
    r"|headless|curl|wget|python|httpx|go-http|java/|okhttp|axios|node-fetch|scrapy",
    re.IGNORECASE,
)
# Views waiting to be written: (host, path, day) -> count.
pending = Counter()
lock = threading.Lock()
last_flush = time.monotonic()


def is_bot(user_agent):
    return not user_agent or bool(BOT.search(user_agent))


def count(host, path):
    with lock:
        pending[(host, path, timezone.localdate())] += 1
        due = time.monotonic() - last_flush >= settings.PAGE_VIEWS_FLUSH_SECONDS
    if due:
        flush()


def flush():
    """Write the pending views; on a database error keep them for the next try."""
    global last_flush
    with lock:
        batch = dict(pending)
        pending.clear()
        last_flush = time.monotonic()
    if not batch:
        return
    try:
        write(batch)
    except DatabaseError:
        logger.warning("Page views not written yet (%d pages): the database did not answer", len(batch))
        with lock:
            pending.update(batch)


def write(batch):
    views = Counter()
    for (page_id, day), number in zip(page_days(batch), batch.values(), strict=True):
        if page_id:
            views[(page_id, day)] += number
    for (page_id, day), number in views.items():
        add_views(page_id, day, number)


def page_days(batch):
    """(page id or None, day) for each (host, path, day) of the batch, in its order."""
    sites = list(Site.objects.select_related("root_page"))
    wanted = {(host, path, day): url_path(sites, host, path) for host, path, day in batch}
    found = dict(Page.objects.filter(url_path__in=set(wanted.values()) - {None}).values_list("url_path", "id"))
    return [(found.get(wanted[key]), key[2]) for key in batch]


def url_path(sites, host, path):
    """The url_path of the page at this address, as Wagtail finds sites: host and port, else the default."""
    hostname, port = split_domain_port(host)
    default = next((site for site in sites if site.is_default_site), None)
    matching = [site for site in sites if site.hostname == hostname]
    site = next((s for s in matching if str(s.port) == (port or "80")), matching[0] if len(matching) == 1 else default)
    return site.root_page.url_path + path.lstrip("/") if site else None


def add_views(page_id, day, number):
    row = PageViewDay.objects.filter(page_id=page_id, day=day)
    if row.update(views=F("views") + number):
        return
    try:
        with transaction.atomic():
            PageViewDay.objects.create(page_id=page_id, day=day, views=number)
    except IntegrityError:  # another worker wrote the day's first view meanwhile
        row.update(views=F("views") + number)
