from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym, UnansweredSearch

unanswered_permissions = ModelPermissionPolicy(UnansweredSearch)


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = "Search synonyms"
    list_display = ["__str__"]


class UnansweredSearchesReport(ReportView):
    """What educators searched for and did not find, most frequent first."""

    page_title = "Searches with no results"
    header_icon = "search"
    index_url_name = "unanswered_searches"
    index_results_url_name = "unanswered_searches_results"
    permission_policy = unanswered_permissions
    any_permission_required = ["view"]
    columns = [
        Column("query_string", label="Search"),
        Column("hits", label="Times searched"),
        DateColumn("last_searched_at", label="Last searched"),
    ]
    list_export = ["query_string", "hits", "last_searched_at"]
    export_headings = {"query_string": "Search", "hits": "Times searched", "last_searched_at": "Last searched"}

    def get_queryset(self):
        return UnansweredSearch.objects.all()


class UnansweredSearchesMenuItem(MenuItem):
    def is_shown(self, request):
        return unanswered_permissions.user_has_permission(request.user, "view")


register_snippet(SearchSynonymViewSet)


@hooks.register("register_admin_urls")
def register_unanswered_searches_urls():
    view = UnansweredSearchesReport.as_view()
    results = UnansweredSearchesReport.as_view(results_only=True)
    return [
        path("reports/unanswered-searches/", view, name="unanswered_searches"),
        path("reports/unanswered-searches/results/", results, name="unanswered_searches_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_unanswered_searches_menu_item():
    return UnansweredSearchesMenuItem(
        "Searches with no results", reverse("unanswered_searches"), name="unanswered-searches", icon_name="search"
    )
