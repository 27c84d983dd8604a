"""Sending one owed email: after the change commits, with a lease, marked sent only once accepted."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)


def send_after_commit(email, task):
    """Enqueue the task for an email row once the current transaction commits."""
    # robust: the row is saved either way; if enqueueing fails, the retry command sends it.
    transaction.on_commit(lambda: task.enqueue(email.pk), robust=True)
    return email


def send_owed(owed, build_message):
    """Send the one email in the queryset `owed`; returns whether this call sent it.

    A failure never raises: the row is given back unsent with the error recorded, for the
    retry command, and whatever the email reports on is untouched. SystemExit and
    KeyboardInterrupt give the row back too, then go on stopping the process.
    """
    # A conditional UPDATE claims the row, so two workers never both send it while a claim lasts.
    claimed_at = timezone.now()
    if not owed.claimable().update(claimed_at=claimed_at, attempts=F("attempts") + 1):
        return False
    claim = owed.filter(claimed_at=claimed_at)
    email = owed.get()
    try:
        build_message(email).send()
    except BaseException as error:
        claim.update(claimed_at=None, last_error=describe(error))
        if not isinstance(error, Exception):
            raise
        logger.warning("%s %s not sent: %s", type(email).__name__, email.pk, describe(error))
        return False
    owed.unsent().update(sent_at=timezone.now(), claimed_at=None)
    return True


def describe(error):
    """The error's class and SMTP code: enough to diagnose, never the address or server text."""
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def single_line(text):
    """Text safe for an email header: editors' words with any newline collapsed to a space."""
    return " ".join(str(text).split())
