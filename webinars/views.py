"""The registrant's journey on a webinar page: sign up, see their place, cancel.

Called from WebinarPage's routes; every POST redirects (no resubmission on refresh).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_protect

from ctqsite.ratelimit import RateLimit

from .forms import RegistrationForm
from .models import Registration
from .registration import (
    RegistrationClosed,
    cancel,
    register,
    registration_for_token,
    seats_left,
    token_for,
    waitlist_position,
)


# Sign-ups from one address across all webinars; generous, as a school's staff share one address.
SIGN_UPS = RateLimit("registration", "REGISTRATION_RATE_LIMIT")


def render_page(request, webinar, form, status=200, **extra):
    context = webinar.get_context(request)
    context.update(form=form, **extra)
    return TemplateResponse(request, webinar.get_template(request), context, status=status)


@csrf_protect
def webinar_page(request, webinar):
    others = webinar.other_open_sessions() if webinar.registration_is_open() else []
    if request.method != "POST":
        return render_page(request, webinar, RegistrationForm(offer_series=bool(others)))
    form = RegistrationForm(request.POST, offer_series=bool(others))
    if SIGN_UPS.hit(request):
        # What they typed comes back, unvalidated, with when to try again.
        kept = RegistrationForm(initial={field.name: field.data for field in form}, offer_series=bool(others))
        return SIGN_UPS.refuse(render_page(request, webinar, kept, rate_limit_minutes=SIGN_UPS.minutes))
    if not form.is_valid():
        return render_page(request, webinar, form, status=400)
    try:
        outcome = register(webinar, form.cleaned_data)
    except RegistrationClosed as closed:
        form.add_error(None, str(closed))
        return render_page(request, webinar, form, status=409)
    if form.cleaned_data.get("all_sessions"):
        for other in others:
            try:
                register(other, form.cleaned_data)
            except RegistrationClosed:
                messages.warning(request, f"“{other.title}” stopped taking sign-ups, so you are not registered for it.")
    return redirect(webinar.url + webinar.reverse_subpage("registered", args=[token_for(outcome.registration)]))


def registration_status(request, webinar, token):
    registration = own_registration(webinar, token)
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
        position=waitlist_position(registration),
        seats_left=seats_left(webinar),
        series_places=series_places,
        cancel_url=webinar.url + webinar.reverse_subpage("cancel", args=[token]),
    )
    return TemplateResponse(request, "webinars/registration_status.html", context)


@csrf_protect
def cancel_registration(request, webinar, token):
    registration = own_registration(webinar, token)
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
    """The registration a link was signed for; a forged token or another webinar's gives a 404."""
    registration = registration_for_token(token)
    if registration is None or registration.webinar_id != webinar.pk:
        raise Http404("This link is not valid. Please use the link in your email.")
    return registration
