"""Admin listings of rows that people outside the admin create (webinar registrations, subscriptions)."""

from django.urls import path
from wagtail.admin.viewsets.model import ModelViewSet


class ReadAndDeleteViewSet(ModelViewSet):
    """Visitors make the rows; staff list, filter, export and delete them. No add, edit, copy or history.

    ``extra_urlpatterns`` are a subclass's own routes (an inspect page, staff actions)."""

    copy_view_enabled = False
    extra_urlpatterns = ()

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, history_url_name=None, usage_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
            *self.get_extra_urlpatterns(),
        ]

    def get_extra_urlpatterns(self):
        return []
