from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.page_types import page_types

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
