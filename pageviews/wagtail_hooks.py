from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from .views import PageViewsOfPage, PageViewsReport, permissions


class PageViewsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.user_has_permission(request.user, "view")


class PageViewsButton(PageMenuItem):
    label = "Page views"
    icon_name = "view"
    url_name = "page_views_of_page"
    priority = 68

    def is_shown(self, user):
        return self.page.live and permissions.user_has_permission(user, "view")


@hooks.register("register_admin_urls")
def register_page_views_urls():
    return [
        path("reports/page-views/", PageViewsReport.as_view(), name="page_views"),
        path("reports/page-views/results/", PageViewsReport.as_view(results_only=True), name="page_views_results"),
        path("reports/page-views/<int:page_id>/", PageViewsOfPage.as_view(), name="page_views_of_page"),
    ]


@hooks.register("register_reports_menu_item")
def register_page_views_menu_item():
    return PageViewsMenuItem("Page views", reverse("page_views"), name="page-views", icon_name="view")


@hooks.register("register_page_header_buttons")
def page_views_header_button(page, user, view_name, next_url=None):
    yield PageViewsButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def page_views_listing_button(page, user, next_url=None):
    yield PageViewsButton(page=page)
