from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SystemCondition


class SystemConditionViewSet(SnippetViewSet):
    model = SystemCondition
    icon = "list-ol"
    menu_label = "System conditions"
    list_display = ["name", "short_description"]
    sort_order_field = "sort_order"
    add_to_admin_menu = True
    menu_order = 220


register_snippet(SystemConditionViewSet)
