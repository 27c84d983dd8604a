"""Page cache hit rate while editors publish: requests spread evenly over every page the cache
stores, with a roundtable post, case study or strategy guide published every K requests.

    python manage.py bench_page_cache                                  # 20,000 requests, a publish every 200
    python manage.py bench_page_cache --requests 50000 --publish-every 1000

In process, through the whole middleware stack (Django's test client, no cookies), on the database
DATABASE_URL names (the demo content, or more after `generate_bulk_content`), with the page
cache in process memory: the figure is about what a publish invalidates, not about the cache
server. Everything runs in one transaction that is rolled back, so the content is left as it was.
Each scheme starts with every page stored once, then counts:
- "whole site": every publish makes every page stale, as the single site-wide generation did
  before issue 21 (simulated by bumping the site's version after each publish);
- "what it affects": only the versions the publish bumps (pagecache/signals.py).
Requests are sequential, so no stale copy is ever served here: every miss is a render.
"""

import random
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client, TestCase, override_settings
from wagtail.models import Page

from pagecache.versions import bump
from playbook.models import StrategyGuidePage
from stories.models import CaseStudyPage, RoundtablePostPage

PUBLISHED_TYPES = (RoundtablePostPage, CaseStudyPage, StrategyGuidePage)


@dataclass
class HitRate:
    scheme: str
    requests: int
    hits: int
    publishes: int

    @property
    def rate(self):
        return self.hits / self.requests

    @property
    def renders_per_publish(self):
        return (self.requests - self.hits) / max(1, self.publishes)


def publish(page, whole_site):
    """Publish the page's live content again, running the after-commit work as a commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
    if whole_site:
        bump(site=True)


def simulate(requests, publish_every, whole_site, seed=21):
    """The HitRate of `requests` requests with a publish every `publish_every`; call inside a transaction."""
    chance = random.Random(seed)
    client = Client()
    urls = [page.url for page in Page.objects.live().public().specific(defer=True) if page.url]
    stored = [url for url in urls if client.get(url).get("X-Cache") == "MISS"]
    publishable = [page for model in PUBLISHED_TYPES for page in model.objects.live().public()]
    if not stored or not publishable:
        raise CommandError("No stored pages or nothing to publish: load the demo content first.")
    hits = publishes = 0
    for number in range(1, requests + 1):
        if client.get(chance.choice(stored)).get("X-Cache") == "HIT":
            hits += 1
        if number % publish_every == 0:
            publish(chance.choice(publishable), whole_site)
            publishes += 1
    scheme = "whole site" if whole_site else "what it affects"
    return HitRate(scheme, requests, hits, publishes), len(stored)


def measure(requests, publish_every):
    """(HitRate of each scheme, number of pages stored), leaving the database as it was."""
    results = []
    page_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench-page-cache"}
    for whole_site in (True, False):
        with (
            override_settings(
                PAGE_CACHE_TIMEOUT=600,
                WAGTAILFRONTENDCACHE={},
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
                CACHES={**settings.CACHES, "pages": page_cache},
            ),
            transaction.atomic(),
        ):
            results.append(simulate(requests, publish_every, whole_site))
            transaction.set_rollback(True)
    return [rate for rate, _ in results], results[0][1]


class Command(BaseCommand):
    help = "Page cache hit rate with a publish every K requests: whole-site invalidation against what it affects."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=20_000, help="Requests per scheme (default 20,000).")
        parser.add_argument("--publish-every", type=int, default=200, help="Requests between publishes (default 200).")

    def handle(self, *args, requests, publish_every, **options):
        if min(requests, publish_every) < 1:
            raise CommandError("--requests and --publish-every must be positive.")
        rates, pages = measure(requests, publish_every)
        self.stdout.write(f"{pages} stored pages, {requests:,} requests, a publish every {publish_every} requests")
        self.stdout.write(f"{'invalidation':<18}{'hit rate':>10}{'renders per publish':>22}")
        for rate in rates:
            self.stdout.write(f"{rate.scheme:<18}{rate.rate:>10.1%}{rate.renders_per_publish:>22.1f}")
