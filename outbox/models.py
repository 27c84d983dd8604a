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

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


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
