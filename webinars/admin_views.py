"""Staff's view of webinar registrations: a read-mostly listing with safe exports, and a dashboard panel.

Registrant data is personal. Only holders of ``webinars.view_registration`` see
it; the listing searches with the ORM because Registration must never be in the
search index; and nothing here edits a registration, because its status belongs
to webinars.registration (seats, waitlist order, emails).
"""

import django_filters
from django.db import transaction
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from .models import Registration, WebinarPage
from .registration import lock, promote_from_waitlist

Status = Registration.Status
VIEW_PERMISSION = "webinars.view_registration"


def status_counts(registrations):
    """{"confirmed": n, "waitlisted": n, "cancelled": n} in one query."""
    return registrations.aggregate(**{status.value: Count("pk", filter=Q(status=status)) for status in Status})


class RegistrationFilterSet(WagtailFilterSet):
    # Newest webinars first: the ones staff are working on.
    webinar = django_filters.ModelChoiceFilter(queryset=WebinarPage.objects.order_by("-start"))

    class Meta:
        model = Registration
        fields = ["webinar", "status"]


class RegistrationIndexView(IndexView):
    page_title = "Webinar registrants"
    # The view permission alone opens the list (and so the exports); add/change are never granted.
    any_permission_required = ["view"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("webinar")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        registrations = Registration.objects.all()
        webinar = self.filters.form.cleaned_data.get("webinar") if self.filters.is_valid() else None
        if webinar:
            registrations = registrations.filter(webinar=webinar)
        context["status_counts"] = status_counts(registrations)
        context["counted_webinar"] = webinar
        return context


class RegistrationInspectView(InspectView):
    any_permission_required = ["view"]


class RegistrationDeleteView(DeleteView):
    def delete_action(self):
        registration = self.object
        with transaction.atomic():
            webinar = lock(registration.webinar)
            # Who deleted what stays in the audit log, but not the person's name:
            # a deletion may be someone asking to be erased.
            title = f"Registration {registration.pk} for “{webinar.title}”"
            log(registration, "wagtail.delete", user=self.request.user, title=title, deleted=True)
            registration.delete()
            if not webinar.has_ended:
                # As after a cancellation: a freed seat goes to the waitlist, not to the next sign-up.
                promote_from_waitlist(webinar, timezone.now())


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "webinar_registrants"
    url_prefix = "webinar-registrants"
    icon = "group"
    menu_label = "Webinar registrants"
    menu_order = 710  # just after Forms
    add_to_admin_menu = True
    # Registrations would otherwise show up, with names, in the webinar page's usage listing.
    add_to_reference_index = False

    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    delete_view_class = RegistrationDeleteView
    index_results_template_name = "webinars/admin/registrants_results.html"
    inspect_view_enabled = True
    inspect_view_fields = [
        "webinar",
        "name",
        "email",
        "role",
        "organisation",
        "state",
        "consent",
        "status",
        "created_at",
        "status_changed_at",
    ]
    copy_view_enabled = False

    list_display = [
        "name",
        "email",
        "role",
        "organisation",
        "state",
        "status",
        DateColumn("created_at", label="Registered", sort_key="created_at"),
        "webinar",
    ]
    filterset_class = RegistrationFilterSet
    # Plain ORM lookups: Registration is not (and must not be) in the search index.
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    list_per_page = 50

    export_headings = {
        "webinar.title": "Webinar",
        "name": "Name",
        "email": "Email",
        "get_role_display": "Role",
        "organisation": "School or district",
        "state": "State",
        "get_status_display": "Status",
        "consent": "Agreed to emails",
        "created_at": "Registered at",
    }
    list_export = list(export_headings)
    export_filename = "webinar-registrants"

    def get_common_view_kwargs(self, **kwargs):
        # Registrants make registrations; staff read and delete them. No add, edit, copy or history.
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, history_url_name=None, usage_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
        ]

    @property
    def url_finder_class(self):
        # Links to a registration from elsewhere in the admin open its read-only page.
        return type("RegistrationURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("inspect")})

    def get_permissions_to_register(self):
        # Group settings offer only what the views use: view (list, exports) and delete.
        return super().get_permissions_to_register().filter(codename__in=["view_registration", "delete_registration"])


class UpcomingWebinarsPanel(Component):
    """Dashboard panel: each upcoming webinar's confirmed seats, seats left and waitlist, in one query."""

    name = "upcoming_webinars"
    template_name = "webinars/admin/upcoming_webinars_panel.html"
    order = 150
    limit = 10

    def get_context_data(self, parent_context):
        webinars = list(
            WebinarPage.objects.live()
            .upcoming()
            .annotate(
                confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
                waitlisted=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
            )[: self.limit]
        )
        for webinar in webinars:
            webinar.seats_left = None if webinar.capacity is None else max(0, webinar.capacity - webinar.confirmed)
        return {"webinars": webinars, "registrants_url": reverse(f"{RegistrationViewSet.name}:index")}
