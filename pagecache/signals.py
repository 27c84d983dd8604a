"""What makes cached pages stale, and what is done about it once the change is committed:
the generation is bumped (pagecache/generation.py) and, when a CDN is configured
(WAGTAILFRONTENDCACHE), the pages that may show the change are purged from it.

Wagtail's frontend_cache app already purges a page itself when it is published or
unpublished; here we add the pages that list it (its ancestors), the old URLs of a
moved subtree, and every live page when a snippet, setting, image or document changes.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .generation import bump_generation

# Saves that only record a file's size or hash, made lazily while pages render.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def invalidate(pages_to_purge=None):
    """After commit: bump the generation, then purge pages_to_purge() from the CDN if there is one."""

    def after_commit():
        bump_generation()
        if pages_to_purge is not None and settings.WAGTAILFRONTENDCACHE:
            batch = PurgeBatch()
            for page in pages_to_purge():
                batch.add_page(page)
            batch.purge()

    # robust: a failed purge is logged; the edit itself is already saved.
    transaction.on_commit(after_commit, robust=True)


def live_pages():
    return Page.objects.live().public().specific(defer=True)


def page_changed(sender, instance, **kwargs):
    # Wagtail purges the page itself; the indexes and home page that list it are ours.
    invalidate(lambda: instance.get_ancestors().live().specific(defer=True))


def page_moved(sender, instance, parent_page_before, parent_page_after, url_path_before, url_path_after, **kwargs):
    def moved_pages():
        for parent in (parent_page_before, parent_page_after):
            yield from parent.get_ancestors(inclusive=True).live().specific(defer=True)
        for page in instance.get_descendants(inclusive=True).live().specific(defer=True):
            yield page  # at its new URL
            page.url_path = url_path_before + page.url_path[len(url_path_after) :]
            yield page  # and at its old one

    invalidate(moved_pages)


def page_deleted(sender, instance, **kwargs):
    # A live page is unpublished before it is deleted (page_changed purges); this catches the rest.
    invalidate()


def shown_on_pages(model, created, update_fields):
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return False
    if issubclass(model, (BaseSiteSetting, BaseGenericSetting, PageViewRestriction, Site, Tag)):
        return True
    if model in get_snippet_models():
        return True
    # A new image or document is on no page yet; an edited or deleted one may be on many.
    return not created and issubclass(model, (AbstractImage, AbstractDocument))


def content_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if shown_on_pages(sender, created, update_fields):
        invalidate(live_pages)


def content_deleted(sender, instance, **kwargs):
    if shown_on_pages(sender, False, None):
        invalidate(live_pages)


def connect():
    page_published.connect(page_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="pagecache_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="pagecache_page_deleted")
    # Any model: which ones are snippets is only known once every app has registered them.
    post_save.connect(content_saved, dispatch_uid="pagecache_saved")
    post_delete.connect(content_deleted, dispatch_uid="pagecache_deleted")
