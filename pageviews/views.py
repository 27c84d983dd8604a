from datetime import timedelta

from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from .models import PageViewDay

permissions = ModelPermissionPolicy(PageViewDay)
REPORT_DAYS = 30
WEEK = 7


def since(days):
    """The first day of the last ``days`` days, today included."""
    return timezone.localdate() - timedelta(days=days - 1)


class PageViewsReport(ReportView):
    """The pages read in the last 30 days, most read first."""

    page_title = "Page views"
    header_icon = "view"
    index_url_name = "page_views"
    index_results_url_name = "page_views_results"
    permission_policy = permissions
    any_permission_required = ["view"]
    columns = [
        TitleColumn("title", label="Page", get_url=lambda page: reverse("page_views_of_page", args=[page.pk])),
        Column("specific_verbose_name", label="Type"),
        Column("views_week", label=f"Last {WEEK} days"),
        Column("views_month", label=f"Last {REPORT_DAYS} days"),
    ]
    list_export = ["title", "url_path", "views_week", "views_month"]
    export_headings = {
        "title": "Page",
        "url_path": "Address in the page tree",
        "views_week": f"Views, last {WEEK} days",
        "views_month": f"Views, last {REPORT_DAYS} days",
    }

    def get_queryset(self):
        month = Q(view_days__day__gte=since(REPORT_DAYS))
        return (
            Page.objects.filter(month)
            .select_related("content_type")
            .annotate(
                views_month=Sum("view_days__views", filter=month),
                views_week=Sum("view_days__views", filter=Q(view_days__day__gte=since(WEEK))),
            )
            .order_by("-views_month", "title")
        )


class PageViewsOfPage(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One page's views, day by day, over the last 30 days (days without views included)."""

    template_name = "pageviews/page_views_of_page.html"
    header_icon = "view"
    permission_policy = permissions
    permission_required = "view"

    def get(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific_deferred
        return super().get(request, page_id=page_id)

    def get_page_title(self):
        return f"Page views: {self.page.get_admin_display_title()}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("page_views"), "label": "Page views"},
            {"url": "", "label": self.page.get_admin_display_title()},
        ]

    def get_context_data(self, **kwargs):
        first = since(REPORT_DAYS)
        counted = dict(
            PageViewDay.objects.filter(page=self.page, day__gte=first).values_list("day", "views").order_by()
        )
        days = [(first + timedelta(days=n), counted.get(first + timedelta(days=n), 0)) for n in range(REPORT_DAYS)]
        return super().get_context_data(
            page=self.page,
            days=[{"day": day, "views": views} for day, views in days],
            most=max(views for _, views in days) or 1,
            total=sum(views for _, views in days),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            **kwargs,
        )
