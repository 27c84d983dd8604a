from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import VIEW_PERMISSION, RegistrationViewSet, UpcomingWebinarsPanel
from .models import WebinarSeries


class WebinarSeriesViewSet(SnippetViewSet):
    model = WebinarSeries
    icon = "date"
    list_display = ["title", "slug"]


register_snippet(WebinarSeriesViewSet)


@hooks.register("register_admin_viewset")
def register_registrants_viewset():
    return RegistrationViewSet()


@hooks.register("construct_homepage_panels")
def add_upcoming_webinars_panel(request, panels):
    if request.user.has_perm(VIEW_PERMISSION):
        panels.append(UpcomingWebinarsPanel())
