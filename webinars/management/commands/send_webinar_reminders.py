"""Remind each confirmed registrant of a webinar a day before it starts and again an hour before.

    python manage.py send_webinar_reminders

Safe to run from cron every few minutes: a reminder is claimed on the registration by a
conditional UPDATE in the same transaction that queues its email, so none goes twice.
"""

from datetime import datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from webinars.emails import queue_email
from webinars.models import Registration, RegistrationEmail

Kind = RegistrationEmail.Kind
CONFIRMED = Registration.Status.CONFIRMED

# (kind, the field recording it, due from this long before the start, until this long before it)
REMINDERS = [
    (Kind.DAY_REMINDER, "day_reminder_sent_at", timedelta(days=1), timedelta(hours=1)),
    (Kind.HOUR_REMINDER, "hour_reminder_sent_at", timedelta(hours=1), timedelta(0)),
]


def aware_datetime(value):
    moment = datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Queue the day-before and hour-before reminders that are due; run it every few minutes."

    def add_arguments(self, parser):
        parser.add_argument("--now", type=aware_datetime, help="Act as if it were this ISO 8601 time.")

    def handle(self, *args, now, **options):
        now = now or timezone.now()
        for kind, field, due_from, due_until in REMINDERS:
            due = Registration.objects.filter(
                status=CONFIRMED,
                webinar__live=True,
                webinar__start__gt=now + due_until,
                webinar__start__lte=now + due_from,
                # Whoever got their seat inside the window has just had the join link; don't repeat it.
                status_changed_at__lt=F("webinar__start") - due_from,
                **{f"{field}__isnull": True},
            )
            queued = sum(claim(pk, kind, field, now) for pk in due.values_list("pk", flat=True))
            self.stdout.write(self.style.SUCCESS(f"{kind.label}: {queued} queued."))


def claim(pk, kind, field, now):
    """Mark the reminder sent and queue its email, together or not at all; False if already claimed."""
    with transaction.atomic():
        unclaimed = Registration.objects.filter(pk=pk, status=CONFIRMED, **{f"{field}__isnull": True})
        if not unclaimed.update(**{field: now}):
            return False
        queue_email(Registration.objects.select_related("webinar").get(pk=pk), kind)
    return True
