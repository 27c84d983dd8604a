from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import WebinarSeries


class WebinarSeriesViewSet(SnippetViewSet):
    model = WebinarSeries
    icon = "date"
    list_display = ["title", "slug"]


register_snippet(WebinarSeriesViewSet)
