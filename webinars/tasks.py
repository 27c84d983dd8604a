"""Background tasks for webinar registrations."""

import logging

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .models import RegistrationEmail

logger = logging.getLogger(__name__)


@task()
def send_registration_email(email_id):
    """Send one owed email; returns whether this call sent it.

    A failure never raises: the row goes back to unsent with the error recorded, for the
    `send_registration_emails` command to retry, and the registration itself is untouched.
    """
    # Imported here because messages -> registration -> emails imports this module.
    from .messages import build_message

    owed = RegistrationEmail.objects.filter(pk=email_id)
    # Claiming the row with a conditional UPDATE means two workers never both send it.
    if not owed.filter(sent_at__isnull=True).update(sent_at=timezone.now(), attempts=F("attempts") + 1):
        return False
    email = owed.select_related("registration__webinar").get()
    try:
        build_message(email).send()
    except Exception as error:  # noqa: BLE001 - whatever fails, the row waits for a retry
        owed.update(sent_at=None, last_error=describe(error))
        logger.warning("Registration email %s not sent: %s", email_id, describe(error))
        return False
    return True


def describe(error):
    """The error's class and SMTP code: enough to diagnose, never the address or server text."""
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__} {code}" if code else type(error).__name__
