from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from stories.models import RoundtablePostPage

from . import admin_views
from .models import MODERATE_PERMISSION, Comment
from .moderation import closes_at, is_open


@hooks.register("roundtable_post_sections")
def comments_section(post, request):
    """The published comments under a post, each with its published replies: two queries."""
    replies = Prefetch("replies", queryset=Comment.objects.approved())
    comments = list(Comment.objects.approved().filter(page=post, parent=None).prefetch_related(replies))
    return {
        "template": "comments/section.html",
        "comments": comments,
        "count": sum(1 + len(comment.replies.all()) for comment in comments),
        "open": is_open(post),
        "closes_at": closes_at(post),
        "form_url": reverse("comment_form", args=[post.pk]),
    }


@hooks.register("roundtable_post_listing")
def count_comments(posts):
    """Each card's number of published comments, as a subquery of the listing's one query."""
    approved = (
        Comment.objects.approved()
        .filter(page=OuterRef("pk"))
        .order_by()
        .values("page")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return posts.annotate(comment_count=Coalesce(Subquery(approved, output_field=IntegerField()), Value(0)))


@hooks.register("page_cache_fresh_until")
def next_comments_closing(now):
    """A cached post says its comments are open: keep it no later than the moment they close."""
    days = timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS)
    first = RoundtablePostPage.objects.live().filter(first_published_at__gt=now - days)
    published = first.aggregate(first=Min("first_published_at"))["first"]
    return published + days if published else None


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MODERATE_PERMISSION)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("comments/", admin_views.queue, name="comments_queue"),
        path("comments/export/", admin_views.export, name="comments_export"),
        path("comments/<int:pk>/reply/", admin_views.reply, name="comments_reply"),
    ]


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem("Comments", reverse("comments_queue"), name="comments", icon_name="comment", order=350)


@hooks.register("register_permissions")
def register_moderate_permission():
    # So it can be granted to a group in Settings › Groups; Publishers have it (migration 0002).
    return Permission.objects.filter(content_type__app_label="comments", codename="moderate_comment")
