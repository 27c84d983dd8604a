"""Staff's view of webinar registrations: the listing with safe exports, staff's actions, messages, a dashboard panel.

Registrant data is personal. Only holders of ``webinars.view_registration`` (the
Webinar managers) see it and act on it; the listing searches with the ORM because
Registration must never be in the search index. Staff change a place only through
webinars.registration (seats, waitlist order, emails), as registrants do, and
message registrants only through webinars.emails (the outbox).
"""

import uuid
from functools import wraps

import django_filters
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import log

from core.viewsets import ReadAndDeleteViewSet

from .emails import recipients, send_message
from .forms import RegistrantMessageForm, StaffRegistrationForm
from .models import RegistrantMessage, Registration, WebinarPage
from .registration import (
    AlreadyRegistered,
    NoSeat,
    RegistrationClosed,
    add_by_hand,
    cancel,
    lock,
    promote,
    promote_from_waitlist,
)

Status = Registration.Status
# Seeing registrants and acting on them (cancel, give a seat, add, message) are one role's work.
VIEW_PERMISSION = "webinars.view_registration"
INDEX = "webinar_registrants:index"
# What staff did to a place, for the audit log (registered in wagtail_hooks).
STAFF_ACTIONS = {
    "webinars.cancel_registration": ("Cancel registration", "Cancelled the registration"),
    "webinars.give_seat": ("Give a seat", "Gave a seat from the waitlist"),
    "webinars.add_registrant": ("Add registrant", "Added a registrant by hand"),
}


def status_counts(registrations):
    """{"confirmed": n, "waitlisted": n, "cancelled": n} in one query."""
    return registrations.aggregate(**{status.value: Count("pk", filter=Q(status=status)) for status in Status})


class RegistrationFilterSet(WagtailFilterSet):
    # Newest webinars first: the ones staff are working on.
    webinar = django_filters.ModelChoiceFilter(queryset=WebinarPage.objects.order_by("-start"))

    class Meta:
        model = Registration
        fields = ["webinar", "status"]


def webinar_registrants_url(webinar):
    return f"{reverse(INDEX)}?webinar={webinar.pk}"


class RegistrationIndexView(IndexView):
    page_title = "Webinar registrants"
    # The view permission alone opens the list (and so the exports); add/change are never granted.
    any_permission_required = ["view"]
    # The exports are header buttons of their own (header_buttons), not in the "…" menu.
    header_more_buttons = []

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("webinar")

    @cached_property
    def chosen_webinar(self):
        return self.filters.form.cleaned_data.get("webinar") if self.filters.is_valid() else None

    def get_export_url(self, format):
        # The listing's own URL, also from the results fragment the filters refresh.
        params = self.request.GET.copy()
        params["export"] = format
        return f"{reverse(INDEX)}?{params.urlencode()}"

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton("Download CSV", url=self.csv_export_url, icon_name="download", priority=10),
            HeaderButton("Download XLSX", url=self.xlsx_export_url, icon_name="download", priority=20),
        ]
        if webinar := self.chosen_webinar:
            buttons += [
                HeaderButton(
                    "Add a registrant",
                    url=reverse("webinar_registrants:add_registrant", args=[webinar.pk]),
                    icon_name="plus",
                ),
                HeaderButton(
                    "Message registrants",
                    url=reverse("webinar_registrants:message", args=[webinar.pk]),
                    icon_name="mail",
                ),
            ]
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        registrations = Registration.objects.all()
        webinar = self.chosen_webinar
        if webinar:
            registrations = registrations.filter(webinar=webinar)
            context["registrant_messages"] = webinar.registrant_messages.select_related("sent_by")
        context["status_counts"] = status_counts(registrations)
        context["counted_webinar"] = webinar
        return context


class RegistrationInspectView(InspectView):
    any_permission_required = ["view"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.object
        if not registration.webinar.has_ended:
            context["cancel_url"] = (
                reverse("webinar_registrants:cancel", args=[registration.pk])
                if registration.status != Status.CANCELLED
                else ""
            )
            context["promote_url"] = (
                reverse("webinar_registrants:promote", args=[registration.pk])
                if registration.status == Status.WAITLISTED
                else ""
            )
        context["registrants_url"] = webinar_registrants_url(registration.webinar)
        return context


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


def for_webinar_managers(view):
    """Webinar managers only: anyone else with admin access gets a 403 and changes nothing.

    A 403 page rather than PermissionDenied, which the admin turns into a redirect home.
    """

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            title = "No access to webinar registrants"
            context = {"header_title": title, "page_title": title, "header_icon": "warning"}
            return TemplateResponse(request, "webinars/admin/no_permission.html", context, status=403)
        return view(request, *args, **kwargs)

    return checked


def log_staff_action(request, registration, action):
    # Titled without the person's name, as deletions are: the log outlives the personal data.
    title = f"Registration {registration.pk} for “{registration.webinar.title}”"
    log(registration, action, user=request.user, title=title)


def staff_page(request, template, title, webinar, **context):
    """An admin page about one webinar, with breadcrumbs back to its registrants."""
    breadcrumbs = [
        {"url": reverse("wagtailadmin_home"), "label": "Home"},
        {"url": webinar_registrants_url(webinar), "label": f"Registrants of “{webinar.title}”"},
        {"url": "", "label": title},
    ]
    context.update(
        webinar=webinar, header_title=title, page_title=title, header_icon="group", breadcrumbs_items=breadcrumbs
    )
    return TemplateResponse(request, template, context)


@require_POST
@for_webinar_managers
def cancel_registration(request, pk):
    """Cancel as the registrant's own link does: they are emailed, a freed seat goes to the waitlist."""
    registration = get_object_or_404(Registration.objects.select_related("webinar"), pk=pk)
    inspect_url = reverse("webinar_registrants:inspect", args=[pk])
    if registration.webinar.has_ended:
        messages.error(request, "This webinar has already taken place, so there is nothing to cancel.")
    elif registration.status == Status.CANCELLED:
        messages.warning(request, f"{registration.name}'s registration was already cancelled.")
    else:
        promoted = cancel(registration)
        log_staff_action(request, registration, "webinars.cancel_registration")
        note = f" Their seat goes to {promoted.name}, first on the waitlist, who is emailed." if promoted else ""
        messages.success(request, f"{registration.name}'s registration is cancelled and they are emailed.{note}")
    return redirect(inspect_url)


@require_POST
@for_webinar_managers
def promote_registration(request, pk):
    """Give a waitlisted registrant a seat, if one is free."""
    registration = get_object_or_404(Registration.objects.select_related("webinar"), pk=pk)
    if registration.webinar.has_ended:
        messages.error(request, "This webinar has already taken place.")
    else:
        try:
            promoted = promote(registration)
        except NoSeat as full:
            messages.error(request, f"{registration.name} stays on the waitlist. {full}")
        else:
            if promoted:
                log_staff_action(request, registration, "webinars.give_seat")
                messages.success(request, f"{registration.name} has a seat now and is emailed.")
            else:
                messages.warning(request, f"{registration.name} is no longer on the waitlist.")
    return redirect(reverse("webinar_registrants:inspect", args=[pk]))


@require_http_methods(["GET", "POST"])
@for_webinar_managers
def add_registrant(request, webinar_pk):
    """Sign someone up by hand; they are emailed their confirmation (or waitlist place)."""
    webinar = get_object_or_404(WebinarPage, pk=webinar_pk)
    form = StaffRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = add_by_hand(webinar, form.cleaned_data)
        except AlreadyRegistered as duplicate:
            status = duplicate.registration.get_status_display().lower()
            form.add_error("email", f"This address is already registered ({status}). Nothing was changed.")
        except RegistrationClosed as closed:
            form.add_error(None, str(closed))
        else:
            log_staff_action(request, registration, "webinars.add_registrant")
            where = "has a seat" if registration.status == Status.CONFIRMED else "is on the waitlist"
            messages.success(request, f"{registration.name} {where} and is emailed the details.")
            return redirect(webinar_registrants_url(webinar))
    if form.errors:
        messages.error(request, "The registrant was not added: please correct the errors below.")
    return staff_page(request, "webinars/admin/add_registrant.html", "Add a registrant", webinar, form=form)


@require_http_methods(["GET", "POST"])
@for_webinar_managers
def message_registrants(request, webinar_pk):
    """Write, preview (with the number of recipients), then send a message to one audience of a webinar."""
    webinar = get_object_or_404(WebinarPage, pk=webinar_pk)
    title = "Message registrants"
    if request.method == "GET":
        form = RegistrantMessageForm()
    elif "edit" in request.POST:
        # Back from the preview: the message as written, to change it.
        form = RegistrantMessageForm(initial=request.POST.dict())
    else:
        form = RegistrantMessageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if "send" in request.POST and data["key"]:
                return send_and_report(request, webinar, data)
            # Each preview has a key of its own, which its send uses (RegistrantMessage.key).
            preview = RegistrantMessageForm(initial={**data, "key": uuid.uuid4()})
            count = recipients(webinar, data["audience"]).count()
            template = "webinars/admin/message_preview.html"
            audience = RegistrantMessage.Audience(data["audience"]).label
            return staff_page(
                request, template, title, webinar, form=preview, message=data, count=count, audience=audience
            )
        messages.error(request, "The message was not sent: please correct the errors below.")
    return staff_page(request, "webinars/admin/message_registrants.html", title, webinar, form=form)


def send_and_report(request, webinar, data):
    try:
        message = send_message(webinar, data["audience"], data["subject"], data["body"], data["key"], request.user)
    except IntegrityError:
        messages.warning(request, "This message was sent already; nobody was sent it a second time.")
    else:
        audience = message.get_audience_display().lower()
        messages.success(request, f"“{message.subject}” is being emailed to {message.recipient_count}: {audience}.")
    return redirect(webinar_registrants_url(webinar))


class RegistrationViewSet(ReadAndDeleteViewSet):
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
    inspect_template_name = "webinars/admin/registration_inspect.html"
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
        # The state's name, not its code; the time in the webinar's zone, not the server's UTC.
        "get_state_display": "State",
        "get_status_display": "Status",
        "consent": "Agreed to emails",
        "registered_at": "Registered at",
    }
    list_export = list(export_headings)
    export_filename = "webinar-registrants"

    def get_extra_urlpatterns(self):
        return [
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("cancel/<int:pk>/", cancel_registration, name="cancel"),
            path("promote/<int:pk>/", promote_registration, name="promote"),
            path("webinar/<int:webinar_pk>/add/", add_registrant, name="add_registrant"),
            path("webinar/<int:webinar_pk>/message/", message_registrants, name="message"),
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
