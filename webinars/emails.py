"""Emails owed to registrants: recorded with the change, sent after commit."""

from django.db import transaction

from outbox.sending import send_after_commit

from .models import RegistrantMessage, Registration, RegistrationEmail, WebinarPage
from .tasks import send_registration_email


def queue_email(registration, kind):
    """Record the email in the current transaction and send it once that commits."""
    email = RegistrationEmail.objects.create(registration=registration, kind=kind)
    return send_after_commit(email, send_registration_email)


def recipients(webinar, audience):
    """The registrations a message to ``audience`` (a RegistrantMessage.Audience) reaches."""
    return Registration.objects.filter(webinar=webinar, status=audience)


def send_message(webinar, audience, subject, body, key, sent_by):
    """Email staff's message to each registrant in the audience, once each; returns the RegistrantMessage.

    The webinar's row is locked while the recipients are chosen, so nobody is moved between
    the waitlist and a seat halfway. ``key`` is the preview's: a second send of it raises
    IntegrityError and emails nobody.
    """
    with transaction.atomic():
        webinar = WebinarPage.objects.select_for_update().get(pk=webinar.pk)
        people = list(recipients(webinar, audience))
        message = RegistrantMessage.objects.create(
            webinar=webinar,
            audience=audience,
            subject=subject,
            body=body,
            key=key,
            sent_by=sent_by,
            recipient_count=len(people),
        )
        emails = RegistrationEmail.objects.bulk_create(
            RegistrationEmail(registration=person, kind=RegistrationEmail.Kind.MESSAGE, message=message)
            for person in people
        )
        for email in emails:
            send_after_commit(email, send_registration_email)
        return message
