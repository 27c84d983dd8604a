"""Emails owed to registrants: recorded with the change, sent after commit."""

from django.db import transaction

from .models import RegistrationEmail
from .tasks import send_registration_email


def queue_email(registration, kind):
    """Record the email in the current transaction and send it once that commits."""
    email = RegistrationEmail.objects.create(registration=registration, kind=kind)
    # robust: the row is saved either way; if enqueueing fails, send_registration_emails retries it.
    transaction.on_commit(lambda: send_registration_email.enqueue(email.pk), robust=True)
    return email
