"""The registrant's journey on a webinar page: sign up, see their place, cancel.

Called from WebinarPage's routes; every POST redirects (no resubmission on refresh). Every
sign-up, with a new address or one already registered, ends on the same "check your inbox"
page: a registrant's own pages open only from the links in their emails, so knowing
someone's address shows nothing of theirs (docs/security.md, "Review findings").
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_protect

from protection.ratelimit import RateLimit
from protection.spam import PER_VISITOR_INPUTS, Reason, blocked_reason, form_context

from .calendar import webinar_ics
from .forms import RegistrationForm
from .models import Registration
from .registration import (
    LINK_LIFETIME,
    RegistrationClosed,
    cancel,
    register,
    registration_for_token,
    replace_links,
)

# Sign-ups from one address across all webinars: a school's staff may share one address.
SIGN_UPS = RateLimit("registration", "REGISTRATION_RATE_LIMIT")
# The form's name in its protection.spam stamp, so no other form's stamp passes here.
SPAM_FORM = "registration"
# How old a stored copy's count of seats left may be.
SEATS_LEFT_FRESH_SECONDS = 15


def render_page(request, webinar, form, status=200, blocked=None):
    context = webinar.get_context(request)
    context.update(form=form, blocked=blocked, rate_limit_minutes=SIGN_UPS.minutes, **form_context(webinar, SPAM_FORM))
    return TemplateResponse(request, webinar.get_template(request), context, status=status)


@csrf_protect
def webinar_page(request, webinar):
    others = webinar.other_open_sessions() if webinar.registration_is_open() else []
    if request.method != "POST":
        # Served from the page cache during a rush of sign-ups, the form's token and stamp filled in.
        request.page_cache_fill_ins = PER_VISITOR_INPUTS
        if webinar.capacity is not None:
            request.page_cache_seconds = SEATS_LEFT_FRESH_SECONDS
        return render_page(request, webinar, RegistrationForm(offer_series=bool(others)))
    form = RegistrationForm(request.POST, offer_series=bool(others))
    reason = blocked_reason(request, webinar, SPAM_FORM, rate_limit=SIGN_UPS)
    if reason == Reason.HONEYPOT:
        # Only robots fill in a field nobody sees: it looks like success so they learn nothing.
        return redirect(webinar.url + webinar.reverse_subpage("check_inbox"))
    if reason:
        # A person can trip the others: what they typed comes back, unvalidated, with what to do.
        kept = RegistrationForm(initial={field.name: field.data for field in form}, offer_series=bool(others))
        response = render_page(request, webinar, kept, blocked=reason)
        return SIGN_UPS.refuse(response) if reason == Reason.RATE_LIMITED else response
    if not form.is_valid():
        return render_page(request, webinar, form, status=400)
    try:
        register(webinar, form.cleaned_data)
    except RegistrationClosed as closed:
        form.add_error(None, str(closed))
        return render_page(request, webinar, form, status=409)
    if form.cleaned_data.get("all_sessions"):
        for other in others:
            try:
                register(other, form.cleaned_data)
            except RegistrationClosed:
                messages.warning(request, f"“{other.title}” stopped taking sign-ups, so you are not registered for it.")
    # The same words whether the address was new or registered already: only its inbox learns which.
    messages.success(request, f"Thank you. We are sending an email to {form.cleaned_data['email']}.")
    return redirect(webinar.url + webinar.reverse_subpage("check_inbox"))


def check_inbox(request, webinar):
    return TemplateResponse(request, "webinars/check_inbox.html", webinar.get_context(request))


@csrf_protect
def registration_status(request, webinar, token):
    registration = own_registration(webinar, token)
    if registration is None:
        return link_not_found(request, webinar)
    if request.method == "POST":
        replace_links(registration)
        messages.success(
            request, f"We are emailing a new link to {registration.email}. The links in earlier emails no longer work."
        )
        return redirect(webinar.url + webinar.reverse_subpage("check_inbox"))
    series_places = []
    if webinar.series_id:
        series_places = list(
            Registration.objects.filter(email=registration.email, webinar__series_id=webinar.series_id)
            .exclude(pk=registration.pk)
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("webinar")
            .order_by("webinar__start")
        )
    context = webinar.get_context(request)
    context.update(
        registration=registration,
        position=registration.waitlist_position(),
        seats_left=webinar.seats_left(),
        series_places=series_places,
        cancel_url=webinar.url + webinar.reverse_subpage("cancel", args=[token]),
    )
    return TemplateResponse(request, "webinars/registration_status.html", context)


@csrf_protect
def cancel_registration(request, webinar, token):
    registration = own_registration(webinar, token)
    if registration is None:
        return link_not_found(request, webinar)
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        if webinar.has_ended:
            messages.error(request, "This webinar has already taken place, so there is nothing to cancel.")
        else:
            promoted = cancel(registration)
            note = " Your seat has gone to the next person on the waitlist." if promoted else ""
            messages.success(request, "Your registration is cancelled." + note)
        return redirect(webinar.url + webinar.reverse_subpage("cancel", args=[token]))
    registration.refresh_from_db()
    context = webinar.get_context(request)
    context.update(registration=registration, ended=webinar.has_ended)
    return TemplateResponse(request, "webinars/cancel.html", context)


def own_registration(webinar, token):
    """The registration this webinar's link was made for; None for any other token."""
    registration = registration_for_token(token)
    return registration if registration is not None and registration.webinar_id == webinar.pk else None


def link_not_found(request, webinar):
    context = webinar.get_context(request)
    context["link_days"] = LINK_LIFETIME.days
    return TemplateResponse(request, "webinars/link_not_found.html", context, status=404)


def calendar_file(request, webinar):
    """The webinar as an .ics file for the visitor's calendar."""
    response = HttpResponse(webinar_ics(webinar), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{webinar.slug}.ics"'
    return response
