"""Send the plan task reminders still owed after a failure, oldest first (cron, every few minutes)."""

from assessment.models import PlanReminderEmail
from assessment.tasks import send_plan_reminder
from outbox.commands import RetryOwedEmailsCommand


class Command(RetryOwedEmailsCommand):
    help = "Retry plan task reminders that have not been sent yet, oldest first."
    model = PlanReminderEmail
    task = send_plan_reminder
    noun = "plan task reminders"
