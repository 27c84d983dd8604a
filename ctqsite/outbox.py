"""Emails owed to people, kept as rows so none is lost.

A row is written in the same transaction as the change it reports, a django-tasks task
sends it once that transaction commits, and a retry command (``RetryOwedEmailsCommand``)
sends whatever a failing mail server left behind. Webinar registrations and form
submissions both use it.
"""

import logging

from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)


class OwedEmail(models.Model):
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


def send_after_commit(email, task):
    """Enqueue the task for an email row once the current transaction commits."""
    # robust: the row is saved either way; if enqueueing fails, the retry command sends it.
    transaction.on_commit(lambda: task.enqueue(email.pk), robust=True)
    return email


def send_owed(owed, build_message):
    """Send the one email in the queryset `owed`; returns whether this call sent it.

    A failure never raises: the row goes back to unsent with the error recorded, for the
    retry command, and whatever the email reports on is untouched.
    """
    # Claiming the row with a conditional UPDATE means two workers never both send it.
    if not owed.filter(sent_at__isnull=True).update(sent_at=timezone.now(), attempts=F("attempts") + 1):
        return False
    email = owed.get()
    try:
        build_message(email).send()
    except Exception as error:  # noqa: BLE001 - whatever fails, the row waits for a retry
        owed.update(sent_at=None, last_error=describe(error))
        logger.warning("%s %s not sent: %s", type(email).__name__, email.pk, describe(error))
        return False
    return True


def describe(error):
    """The error's class and SMTP code: enough to diagnose, never the address or server text."""
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def single_line(text):
    """Text safe for an email header: editors' words with any newline collapsed to a space."""
    return " ".join(str(text).split())


class RetryOwedEmailsCommand(BaseCommand):
    """Base of the commands that retry unsent emails of one OwedEmail model, oldest first.

    Run from cron every few minutes: each run tries each owed email once more, until it has
    been tried --max-attempts times.
    """

    model = None  # the OwedEmail subclass
    task = None  # the task sending one row, called with its pk
    noun = "emails"

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=8, help="Give up on an email after this many tries.")

    def handle(self, *args, max_attempts, **options):
        unsent = self.model.objects.filter(sent_at__isnull=True)
        owed = list(unsent.filter(attempts__lt=max_attempts).order_by("created_at", "pk").values_list("pk", flat=True))
        sent = sum(self.task.call(pk) for pk in owed)
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} of {len(owed)} owed {self.noun}."))
        given_up = unsent.filter(attempts__gte=max_attempts).count()
        if given_up:
            self.stdout.write(
                self.style.WARNING(f"{given_up} emails failed {max_attempts} times and are no longer tried.")
            )
