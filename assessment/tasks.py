"""Background tasks of the team workspace."""

from django_tasks import task

from outbox.sending import send_owed

from .models import PlanReminderEmail
from .reminders import build_message


@task()
def send_plan_reminder(email_id):
    """Send one owed reminder; returns whether this call sent it (a failure waits for send_plan_reminder_emails)."""
    owed = PlanReminderEmail.objects.filter(pk=email_id).select_related("item__plan__team__page")
    return send_owed(owed, build_message)
