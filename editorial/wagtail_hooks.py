from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy

from formpages.models import FormPage
from home.models import StandardPage
from playbook.models import StrategyGuidePage
from stories.models import CaseStudyPage, RoundtablePostPage
from webinars.models import WebinarPage

page_permissions = PagePermissionPolicy()


class PageWritersMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permissions.user_has_any_permission(request.user, ["add", "change", "publish"])


def page_type_listing(page_model, label, icon):
    """A flat list of every page of one type, with the type's icon, under Content in the menu."""
    return type(
        f"{page_model.__name__}Listing",
        (PageListingViewSet,),
        {"model": page_model, "menu_label": label, "icon": icon, "menu_item_class": PageWritersMenuItem},
    )(page_model._meta.model_name)


# The icon of each page type that editors add again and again; the home page and
# section indexes are single pages, found in the page explorer.
PAGE_TYPE_ICONS = {
    CaseStudyPage: ("School stories", "doc-full"),
    RoundtablePostPage: ("Roundtable posts", "comment"),
    WebinarPage: ("Webinars", "calendar"),
    StrategyGuidePage: ("Strategy guides", "clipboard-list"),
    StandardPage: ("Standard pages", "doc-empty"),
    FormPage: ("Form pages", "form"),
}


class ContentByTypeGroup(ViewSetGroup):
    menu_label = "Content"
    menu_icon = "folder-open-inverse"
    menu_order = 150  # after Pages
    items = [page_type_listing(model, label, icon) for model, (label, icon) in PAGE_TYPE_ICONS.items()]


@hooks.register("register_admin_viewset")
def register_content_by_type():
    return ContentByTypeGroup()
