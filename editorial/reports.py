"""The Broken links report: per page, the links `manage.py check_links` found broken or moved."""

import django_filters
from django.urls import reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .models import CheckedLink

link_permissions = ModelPermissionPolicy(CheckedLink)
NOT_OK = [(status, label) for status, label in CheckedLink.Status.choices if status != CheckedLink.Status.OK]


class BrokenLinksFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="Links to", choices=CheckedLink.Kind.choices, empty_label="Anywhere")
    status = django_filters.ChoiceFilter(label="Status", choices=NOT_OK, empty_label="Broken or moved")

    class Meta:
        model = CheckedLink
        fields = ["kind", "status"]


def link_url(checked):
    """External links open the address; internal ones the linked page's editor, while it exists."""
    if checked.kind == CheckedLink.Kind.EXTERNAL:
        return checked.target
    return reverse("wagtailadmin_pages:edit", args=[checked.target_page_id]) if checked.target_page_id else None


class BrokenLinksReport(ReportView):
    page_title = "Broken links"
    header_icon = "warning"
    index_url_name = "broken_links"
    index_results_url_name = "broken_links_results"
    permission_policy = link_permissions
    any_permission_required = ["view"]
    filterset_class = BrokenLinksFilterSet
    columns = [
        TitleColumn(
            "page", label="Page", accessor="page.title", url_name="wagtailadmin_pages:edit", id_accessor="page_id"
        ),
        # No Referer: other websites need not learn the admin's addresses.
        TitleColumn("link", label="Link", get_url=link_url, link_attrs={"rel": "noreferrer"}),
        Column("status", label="Status", accessor="get_status_display"),
        Column("reason", label="Why"),
        DateColumn("last_checked", label="Last checked"),
    ]
    list_export = [
        "page.title",
        "page_id",
        "get_kind_display",
        "target",
        "get_status_display",
        "reason",
        "last_checked",
    ]
    export_headings = {
        "page.title": "Page",
        "page_id": "Page id",
        "get_kind_display": "Links to",
        "target": "Link",
        "get_status_display": "Status",
        "reason": "Why",
        "last_checked": "Last checked",
    }

    def get_filename(self):
        return "broken-links"

    def get_queryset(self):
        return (
            CheckedLink.objects.exclude(status=CheckedLink.Status.OK)
            .select_related("page", "target_page")
            .order_by("page__title", "page_id", "target")
        )
