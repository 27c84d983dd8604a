"""Queue a reminder to each plan task's owner who gave an address, a few days before the due date.

    python manage.py send_plan_reminders [--today YYYY-MM-DD]

Run it daily from cron. A reminder is claimed on the task (``reminded_for``) in the transaction
that queues it, so none goes twice; a new due date gets a reminder of its own.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from assessment.reminders import due_for_reminder, queue_reminder
from assessment.tasks import send_plan_reminder


class Command(BaseCommand):
    help = "Queue the plan task reminders that are due (PLAN_REMINDER_DAYS before each due date)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Act as if it were this date.")

    def handle(self, *args, today, **options):
        due = due_for_reminder(today or timezone.localdate())
        queued = sum(queue_reminder(pk, send_plan_reminder) for pk in due.values_list("pk", flat=True))
        self.stdout.write(self.style.SUCCESS(f"Plan task reminders: {queued} queued."))
