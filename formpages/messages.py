"""The email for each kind of SubmissionEmail: a notification to staff, a confirmation to the person."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from outbox.sending import single_line

from .models import SubmissionEmail


def answers(page, submission):
    """(label, answer) for each of the form's current fields, in order."""
    data = submission.form_data
    for field in page.get_form_fields():
        if field.clean_name in data:
            value = data[field.clean_name]
            if isinstance(value, list):
                value = ", ".join(value)
            elif isinstance(value, bool):
                value = "Yes" if value else "No"
            yield field.label, value


def build_message(email):
    """The EmailMessage for one SubmissionEmail row, ready to send.

    Visitors' words only ever go into the body of the notification: the headers hold
    editors' settings and, as Reply-To, an address the form validated.
    """
    submission = email.submission
    page = submission.page.specific
    person = page.confirmation_address(submission)
    context = {"page": page, "page_url": page.get_full_url(), "site_name": settings.WAGTAIL_SITE_NAME}
    if email.kind == SubmissionEmail.Kind.NOTIFICATION:
        context.update(
            answers=list(answers(page, submission)),
            can_reply=bool(person),
            submitted=dateformat.format(timezone.localtime(submission.submit_time), "l j F Y, g:i A T"),
            submissions_url=settings.WAGTAILADMIN_BASE_URL + reverse("wagtailforms:list_submissions", args=[page.pk]),
        )
        return EmailMessage(
            subject=single_line(page.subject or f"New submission: {page.title}"),
            body=render_to_string("formpages/email/notification.txt", context),
            from_email=page.from_address or None,
            to=page.notification_addresses(),
            reply_to=[person] if person else None,
        )
    return EmailMessage(
        subject=single_line(page.confirmation_subject or f"Thank you: {page.title}"),
        body=render_to_string("formpages/email/confirmation.txt", context),
        from_email=page.from_address or None,
        to=[person] if person else [],
    )
