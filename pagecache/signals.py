"""What makes cached pages stale, and what is done about it once the change is committed:
the versions the change affects are bumped (pagecache/versions.py) and, when a CDN is
configured (WAGTAILFRONTENDCACHE), the pages that may show the change are purged from it.

A page published, unpublished, moved or deleted bumps its own path (every stored page linking
to it records that) and the listings of its ancestors (a new child is linked from none of them
yet). A comment published or removed bumps its post's path. Snippets, settings, images, documents, tags, sites and privacy bump the whole site: they
show in the header and footer or on pages nothing links them from.

Wagtail's frontend_cache app already purges a page itself when it is published or
unpublished; here we add the pages that list it (its ancestors), the old URLs of a
moved subtree, and every live page when a snippet, setting, image or document changes.
"""

from urllib.parse import unquote

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

from comments.models import Comment

from . import routes
from .versions import bump

# Saves that only record a file's size or hash, made lazily while pages render.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}
# Changes no stored copy may outlive, not even while it is re-rendered.
TAKE_DOWN = (PageViewRestriction, Site)


def invalidate(pages_to_purge=None, **versions):
    """After commit: bump(**versions), then purge pages_to_purge() from the CDN if there is one."""

    def after_commit():
        bump(**versions)
        if pages_to_purge is not None and settings.WAGTAILFRONTENDCACHE:
            batch = PurgeBatch()
            for page in pages_to_purge():
                batch.add_page(page)
            batch.purge()

    # robust: a failed purge is logged; the edit itself is already saved.
    transaction.on_commit(after_commit, robust=True)


def path_of(page):
    """The path the page is served at, as request.path has it; None outside every site."""
    url_parts = page.get_url_parts()
    return None if url_parts is None else unquote(url_parts[2])


def paths_of(pages):
    return [path for page in pages if (path := path_of(page)) is not None]


def live_pages():
    return Page.objects.live().public().specific(defer=True)


def page_changed(sender, instance, **kwargs):
    ancestors = list(instance.get_ancestors())
    changed = {"listings": paths_of(ancestors)}
    changed["pages" if instance.live else "gone"] = paths_of([instance])
    # Wagtail purges the page itself; the indexes and home page that list it are ours.
    invalidate(lambda: [page.specific_deferred for page in ancestors if page.live], **changed)


def page_moved(sender, instance, parent_page_before, parent_page_after, url_path_before, url_path_after, **kwargs):
    moved = list(instance.get_descendants(inclusive=True))
    new_paths = paths_of(moved)
    for page in moved:
        page.url_path = url_path_before + page.url_path[len(url_path_after) :]
    old_paths = paths_of(moved)
    parents = [
        *parent_page_before.get_ancestors(inclusive=True),
        *parent_page_after.get_ancestors(inclusive=True),
    ]

    def moved_pages():
        for parent in (parent_page_before, parent_page_after):
            yield from parent.get_ancestors(inclusive=True).live().specific(defer=True)
        for page in instance.get_descendants(inclusive=True).live().specific(defer=True):
            yield page  # at its new URL
            page.url_path = url_path_before + page.url_path[len(url_path_after) :]
            yield page  # and at its old one

    # The old addresses now redirect; every page linking to them records their "page:" version.
    invalidate(moved_pages, pages=new_paths, gone=old_paths, listings=paths_of(parents))


def page_deleted(sender, instance, **kwargs):
    # A live page is unpublished before the admin deletes it (page_changed purges); this catches the rest.
    invalidate(gone=paths_of([instance]), listings=paths_of(instance.get_ancestors()))


def shown_on_pages(model, created, update_fields):
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return False
    if issubclass(model, (BaseSiteSetting, BaseGenericSetting, *TAKE_DOWN, Tag)):
        return True
    if model in get_snippet_models():
        return True
    # A new image or document is on no page yet; an edited or deleted one may be on many.
    return not created and issubclass(model, (AbstractImage, AbstractDocument))


def site_changed(model):
    return {"site_gone": True} if issubclass(model, TAKE_DOWN) else {"site": True}


def content_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if shown_on_pages(sender, created, update_fields):
        invalidate(live_pages, **site_changed(sender))


def content_deleted(sender, instance, **kwargs):
    if shown_on_pages(sender, False, None):
        invalidate(live_pages, **site_changed(sender))


def comment_changed(sender, instance, created=False, **kwargs):
    """A comment published, taken down or deleted changes its post and the cards counting its comments,
    which all record the post's "page:" version. A new one waiting for review shows nowhere."""
    if created and instance.status != Comment.Status.APPROVED:
        return
    # Looked up, not instance.page: when the post itself is being deleted its comments go first.
    post = Page.objects.filter(pk=instance.page_id).first()
    if post is None:
        return
    invalidate(lambda: [post, *post.get_ancestors().live().specific(defer=True)], pages=paths_of([post]))


def connect():
    page_published.connect(page_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="pagecache_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="pagecache_page_deleted")
    post_save.connect(comment_changed, sender=Comment, dispatch_uid="pagecache_comment_saved")
    post_delete.connect(comment_changed, sender=Comment, dispatch_uid="pagecache_comment_deleted")
    # Any model: which ones are snippets is only known once every app has registered them.
    post_save.connect(content_saved, dispatch_uid="pagecache_saved")
    post_delete.connect(content_deleted, dispatch_uid="pagecache_deleted")
    # This process forgets its remembered routes at once; other instances when the site floor moves.
    post_save.connect(routes.forget_all, sender=Site, dispatch_uid="pagecache_routes_site_saved")
    post_delete.connect(routes.forget_all, sender=Site, dispatch_uid="pagecache_routes_site_deleted")
