from django.db.models import Min, Q
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import STAFF_ACTIONS, VIEW_PERMISSION, RegistrationViewSet, UpcomingWebinarsPanel
from .models import WebinarPage, WebinarSeries

# When a webinar page, its card or the home page's "next webinar" shows something else.
WEBINAR_MOMENTS = ("start", "ends_at", "registration_opens_at", "registration_closes_at")


class WebinarSeriesViewSet(SnippetViewSet):
    model = WebinarSeries
    icon = "date"
    list_display = ["title", "slug"]


register_snippet(WebinarSeriesViewSet)


@hooks.register("register_admin_viewset")
def register_registrants_viewset():
    return RegistrationViewSet()


@hooks.register("register_log_actions")
def register_staff_actions(actions):
    for action, (label, message) in STAFF_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("construct_homepage_panels")
def add_upcoming_webinars_panel(request, panels):
    if request.user.has_perm(VIEW_PERMISSION):
        panels.append(UpcomingWebinarsPanel())


@hooks.register("page_cache_fresh_until")
def next_webinar_moment(now):
    """Cached pages show which webinars are upcoming, live or taking sign-ups (the home page,
    the index, each webinar): keep them no later than the next time one of those changes."""
    moments = WebinarPage.objects.live().aggregate(
        **{field: Min(field, filter=Q(**{f"{field}__gt": now})) for field in WEBINAR_MOMENTS}
    )
    return min(filter(None, moments.values()), default=None)
