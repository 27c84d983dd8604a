"""Emails owed to registrants: recorded with the change, sent after commit."""

from outbox.sending import send_after_commit

from .models import RegistrationEmail
from .tasks import send_registration_email


def queue_email(registration, kind):
    """Record the email in the current transaction and send it once that commits."""
    email = RegistrationEmail.objects.create(registration=registration, kind=kind)
    return send_after_commit(email, send_registration_email)
