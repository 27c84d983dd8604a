"""Emails owed to people, kept as rows so none is lost.

A row is written in the same transaction as the change it reports; once that commits, a
django-tasks task sends it (in production the task worker, `manage.py db_worker`, never the web
request), and a retry command (``RetryOwedEmailsCommand``) sends whatever a failing mail server
or a dead worker left behind. Webinar registrations and form submissions both use it.

Sending first claims the row (``claimed_at``): for EMAIL_LEASE_SECONDS nobody else sends it.
The row is marked sent only once the mail backend has accepted the message. A worker killed
mid-send (kill -9, a lost machine) leaves a claim that runs out, and the next retry sends the
email; a worker stopped by SystemExit or KeyboardInterrupt gives its claim back on the way out.
So an email goes at least once, and twice only if the database fails between the send and
marking it sent.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)


class OwedEmailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def claimable(self):
        """Unsent rows that nobody is sending: never claimed, given back, or their claim ran out."""
        expired = timezone.now() - timedelta(seconds=settings.EMAIL_LEASE_SECONDS)
        return self.unsent().filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=expired))


class OwedEmail(models.Model):
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When a worker took the row to send it; cleared once it is sent or given back.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = OwedEmailQuerySet.as_manager()

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


class RetryOwedEmailsCommand(BaseCommand):
    """Base of the commands that retry unsent emails of one OwedEmail model, oldest first.

    Run from cron every few minutes: each run tries each owed email once more, until it has
    been tried --max-attempts times. An email a worker is sending now is left to it; one whose
    worker died mid-send is tried again once its claim has run out (EMAIL_LEASE_SECONDS).
    """

    model = None  # the OwedEmail subclass
    task = None  # the task sending one row, called with its pk
    noun = "emails"

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=8, help="Give up on an email after this many tries.")

    def handle(self, *args, max_attempts, **options):
        unsent = self.model.objects.unsent()
        due = unsent.claimable().filter(attempts__lt=max_attempts).order_by("created_at", "pk")
        owed = list(due.values_list("pk", flat=True))
        sent = sum(self.task.call(pk) for pk in owed)
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} of {len(owed)} owed {self.noun}."))
        given_up = unsent.filter(attempts__gte=max_attempts).count()
        if given_up:
            self.stdout.write(
                self.style.WARNING(f"{given_up} emails failed {max_attempts} times and are no longer tried.")
            )
