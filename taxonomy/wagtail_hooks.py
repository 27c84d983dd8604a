from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import District, Person, SystemCondition


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "role", "organisation"]
    add_to_admin_menu = True
    menu_order = 210


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    menu_label = "Districts"
    list_display = ["name", "acronym", "state"]
    list_filter = ["state"]
    add_to_admin_menu = True
    menu_order = 215


class SystemConditionViewSet(SnippetViewSet):
    model = SystemCondition
    icon = "list-ol"
    menu_label = "System conditions"
    list_display = ["name", "short_description"]
    sort_order_field = "sort_order"
    add_to_admin_menu = True
    menu_order = 220


register_snippet(PersonViewSet)
register_snippet(DistrictViewSet)
register_snippet(SystemConditionViewSet)
