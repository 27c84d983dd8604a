"""Staff's view of the subscribers: counts per list, a formula-safe export (core/export.py) and delete.

Subscribers' addresses are personal: only holders of ``subscriptions.view_subscriber`` (Publishers,
subscriptions migration 0002) see them, the listing searches with the ORM so addresses never reach
the search index, and nothing here edits a subscription: subscribers choose their own.
"""

from django.db.models import Count, Q
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.log_actions import log

from core.viewsets import ReadAndDeleteViewSet

from .models import LISTS, Subscriber


def list_counts():
    """Confirmed subscribers per list and per frequency, and those still to confirm, in one query."""
    confirmed = Q(confirmed_at__isnull=False)
    return Subscriber.objects.aggregate(
        **{list_name: Count("pk", filter=confirmed & Q(**{list_name: True})) for list_name in LISTS},
        **{
            frequency.value: Count("pk", filter=confirmed & Q(frequency=frequency))
            for frequency in Subscriber.Frequency
        },
        unconfirmed=Count("pk", filter=~confirmed),
    )


class SubscriberIndexView(IndexView):
    page_title = "Subscribers"
    # The view permission alone opens the list (and so the exports); add/change are never granted.
    any_permission_required = ["view"]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["list_counts"] = list_counts()
        return context


class SubscriberDeleteView(DeleteView):
    def delete_action(self):
        # The audit log keeps who removed a subscriber, never the address: removal may be an erasure request.
        log(self.object, "wagtail.delete", user=self.request.user, title=str(self.object), deleted=True)
        self.object.delete()


class SubscriberViewSet(ReadAndDeleteViewSet):
    """Readers make and change subscriptions; staff read, export and delete them."""

    model = Subscriber
    name = "subscribers"
    url_prefix = "subscribers"
    icon = "mail"
    menu_label = "Subscribers"
    menu_order = 720  # after Webinar registrants
    add_to_admin_menu = True
    add_to_reference_index = False

    index_view_class = SubscriberIndexView
    delete_view_class = SubscriberDeleteView
    index_results_template_name = "subscriptions/admin/subscribers_results.html"
    copy_view_enabled = False

    list_display = [
        "email",
        "roundtable",
        "stories",
        "webinars",
        "frequency",
        DateColumn("created_at", label="Subscribed", sort_key="created_at"),
        DateColumn("confirmed_at", label="Confirmed", sort_key="confirmed_at"),
    ]
    list_filter = ["roundtable", "stories", "webinars", "frequency"]
    # Plain ORM lookups: Subscriber is not (and must not be) in the search index.
    search_fields = ["email"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    list_per_page = 50

    export_headings = {
        "email": "Email",
        "roundtable": "Roundtable posts",
        "stories": "School stories",
        "webinars": "Webinars",
        "get_frequency_display": "How often",
        "created_at": "Subscribed at",
        "confirmed_at": "Confirmed at",
    }
    list_export = list(export_headings)
    export_filename = "subscribers"

    def get_permissions_to_register(self):
        # Group settings offer only what the views use: view (list, exports) and delete.
        return super().get_permissions_to_register().filter(codename__in=["view_subscriber", "delete_subscriber"])
