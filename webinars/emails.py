"""Emails owed to registrants: recorded with the change, sent after commit."""

from ctqsite.outbox import send_after_commit

from .models import RegistrationEmail
from .tasks import send_registration_email


def queue_email(registration, kind):
    """Record the email in the current transaction and send it once that commits."""
    return send_after_commit(RegistrationEmail.objects.create(registration=registration, kind=kind), send_registration_email)
