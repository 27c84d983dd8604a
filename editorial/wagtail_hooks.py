from functools import partial

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.text import capfirst
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.search import SearchArea
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.page_types import page_types
from taxonomy.models import District, Person, SystemCondition
from webinars.models import WebinarSeries

from .guide import EditorsGuideView, GuidePanel
from .reports import BrokenLinksReport, link_permissions
from .views import ReviewEditView, ReviewWorkflowActionView

page_permissions = PagePermissionPolicy()


class PageWritersMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permissions.user_has_any_permission(request.user, ["add", "change", "publish"])


def page_type_listing(page_type):
    """A flat list of every page of one type, with the type's icon, under Content in the menu."""
    model = page_type.model
    return type(
        f"{model.__name__}Listing",
        (PageListingViewSet,),
        {
            "model": model,
            "menu_label": page_type.plural,
            "icon": page_type.icon,
            "menu_item_class": PageWritersMenuItem,
        },
    )(model._meta.model_name)


class ContentByTypeGroup(ViewSetGroup):
    menu_label = "Content"
    menu_icon = "folder-open-inverse"
    menu_order = 150  # after Pages
    # The types editors add again and again (PageType.in_content_menu); single pages are in the explorer.
    items = [page_type_listing(page_type) for page_type in page_types() if page_type.in_content_menu]


@hooks.register("register_admin_viewset")
def register_content_by_type():
    return ContentByTypeGroup()


class PageSearchView(SearchView):
    # Wagtail's search names no model, so its results header read "1-1 of 1 None".
    verbose_name = "page"
    verbose_name_plural = "pages"


class PagesViewSet(PageViewSet):
    """Wagtail's views for every page type, with the search results header in words and reviews that
    say what they did (editorial.views)."""

    model = Page
    search_view_class = PageSearchView
    edit_view_class = ReviewEditView
    workflow_action_view_class = ReviewWorkflowActionView


@hooks.register("register_admin_viewset")
def register_pages_viewset():
    # After Wagtail's own (order=-1), so it takes the base Page's place in the registry.
    return PagesViewSet("pages")


class SnippetSearchArea(SearchArea):
    """A snippet's listing among the admin search's "Other searches", for those who may see it."""

    def __init__(self, model):
        self.viewset = model.snippet_viewset
        super().__init__(
            capfirst(model._meta.verbose_name_plural),
            reverse(self.viewset.get_url_name("list")),
            icon_name=self.viewset.icon,
            order=400,
        )

    def is_shown(self, request):
        return self.viewset.permission_policy.user_has_any_permission(request.user, {"add", "change", "delete"})


# What pages name and editors look up: people, districts, conditions, webinar series.
for snippet_model in (Person, District, SystemCondition, WebinarSeries):
    hooks.register("register_admin_search_area", partial(SnippetSearchArea, snippet_model))


@hooks.register("after_create_page")
def say_which_page_had_the_slug(request, page):
    """A new page whose slug was taken got the next free one (core.panels.FreeSlugFormMixin): say so,
    with a link to the page that has it, often the draft autosave made earlier."""
    sibling = getattr(page, "slug_taken_by", None)
    if sibling:
        messages.warning(
            request,
            f"“{sibling.title}” already had the address “{sibling.slug}”, so this page’s is “{page.slug}”. "
            "If that page is an earlier draft of this one, continue there and delete this one.",
            buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[sibling.pk]), f"Edit “{sibling.title}”")],
        )


class BrokenLinksMenuItem(MenuItem):
    def is_shown(self, request):
        return link_permissions.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_broken_links_urls():
    return [
        path("reports/broken-links/", BrokenLinksReport.as_view(), name="broken_links"),
        path(
            "reports/broken-links/results/", BrokenLinksReport.as_view(results_only=True), name="broken_links_results"
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return BrokenLinksMenuItem("Broken links", reverse("broken_links"), name="broken-links", icon_name="warning")


@hooks.register("register_permissions")
def register_broken_links_permission():
    # Offered in group settings; Editors and Publishers have it (migration 0004).
    return Permission.objects.filter(content_type__app_label="editorial", codename="view_checkedlink")


@hooks.register("register_admin_urls")
def register_editors_guide_url():
    return [path("guide/", EditorsGuideView.as_view(), name="editors_guide")]


@hooks.register("register_help_menu_item")
def register_editors_guide_menu_item():
    # First in Help, before Wagtail's own guide to its admin.
    return MenuItem(
        "Writing for this site", reverse("editors_guide"), name="writing-for-this-site", icon_name="help", order=900
    )


@hooks.register("construct_homepage_panels")
def add_editors_guide_panel(request, panels):
    if page_permissions.user_has_any_permission(request.user, ["add", "change", "publish"]):
        panels.append(GuidePanel())
