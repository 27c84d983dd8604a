"""The email for each kind of RegistrationEmail: subject, text and HTML bodies, calendar file."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.sending import single_line

from .calendar import webinar_ics
from .models import Registration, RegistrationEmail
from .templatetags.webinar_times import with_zone

Kind = RegistrationEmail.Kind

SUBJECTS = {
    Kind.CONFIRMED: "You're registered: {title}",
    Kind.WAITLISTED: "You're on the waitlist: {title}",
    Kind.PROMOTED: "A seat opened up, you're registered: {title}",
    Kind.CANCELLED: "Registration cancelled: {title}",
    Kind.DAY_REMINDER: "Tomorrow: {title}",
    Kind.HOUR_REMINDER: "Starting in an hour: {title}",
    Kind.LINK: "Your new link: {title}",
}
# Kinds that tell someone they have a seat: these carry the join link and the calendar file.
SEAT_KINDS = {Kind.CONFIRMED, Kind.PROMOTED, Kind.DAY_REMINDER, Kind.HOUR_REMINDER}


def build_message(email):
    """The EmailMultiAlternatives for one RegistrationEmail row, ready to send."""
    registration = email.registration
    webinar = registration.webinar
    page_url = webinar.get_full_url()
    # Each email gets links of its own (webinars.registration): a cancellation has none to give.
    token = "" if email.kind == Kind.CANCELLED else registration.new_link()
    start, end = (timezone.localtime(moment, webinar.zone) for moment in (webinar.start, webinar.ends_at))
    # A retried email may go after the registration changed: the join link only ever goes to a seat.
    has_seat = email.kind in SEAT_KINDS and registration.status == Registration.Status.CONFIRMED
    context = {
        "registration": registration,
        "webinar": webinar,
        "when": f"{with_zone(start, 'l j F Y, g:i A')} to {with_zone(end, 'g:i A')}",
        "page_url": page_url,
        "join_url": webinar.join_url if has_seat else "",
        "cancel_url": f"{page_url}cancel/{token}/" if token else "",
        "status_url": f"{page_url}registered/{token}/" if token else "",
        "waitlist_position": registration.waitlist_position(),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "message": email.message,
    }
    # Titles and staff's subjects are typed text: a stray newline must not reach the header.
    subject = email.message.subject if email.kind == Kind.MESSAGE else SUBJECTS[email.kind].format(title=webinar.title)
    subject = single_line(subject)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"webinars/email/{email.kind}.txt", context),
        # The bare address: the registrant's name is their own text and stays out of the headers.
        to=[registration.email],
    )
    message.attach_alternative(render_to_string(f"webinars/email/{email.kind}.html", context), "text/html")
    if has_seat or email.kind == Kind.CANCELLED:
        method = "CANCEL" if email.kind == Kind.CANCELLED else "PUBLISH"
        ics = webinar_ics(webinar, registration, method=method)
        message.attach("webinar.ics", ics, f"text/calendar; method={method}")
    return message
