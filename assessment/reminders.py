"""Optional reminders to a plan task's owner a few days before its due date, through the outbox.

send_plan_reminders (cron, daily) queues them; the task worker sends them after commit; every
reminder carries a one-click stop link (also as List-Unsubscribe, RFC 8058) that forgets the address.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from outbox.sending import send_after_commit, single_line

from .models import PlanItem, PlanReminderEmail


def due_for_reminder(today):
    """Tasks not done, with an address, due within PLAN_REMINDER_DAYS and not yet reminded of this date."""
    return PlanItem.objects.exclude(reminder_email="").filter(
        ~Q(status=PlanItem.Status.DONE),
        Q(reminded_for__isnull=True) | ~Q(reminded_for=F("due_date")),
        due_date__gte=today,
        due_date__lte=today + timedelta(days=settings.PLAN_REMINDER_DAYS),
    )


def queue_reminder(item_pk, task):
    """Mark the task reminded and queue its email, together or not at all; False if already claimed."""
    with transaction.atomic():
        item = PlanItem.objects.select_for_update().filter(pk=item_pk).first()
        if item is None or item.reminded_for == item.due_date or not item.reminder_email:
            return False
        PlanItem.objects.filter(pk=item.pk).update(reminded_for=item.due_date)
        send_after_commit(PlanReminderEmail.objects.create(item=item), task)
    return True


def stop(item):
    """The one-click stop: forget the address and drop the reminders not sent yet."""
    with transaction.atomic():
        PlanItem.objects.filter(pk=item.pk).update(reminder_email="")
        item.reminders.unsent().delete()


def build_message(email):
    item = email.item
    page = item.plan.team.page
    stop_url = page.get_site().root_url + reverse("stop_plan_reminders", args=[item.reminder_stop_token])
    context = {
        "item": item,
        "plan_url": page.get_full_url() + page.reverse_subpage("member_plan", args=[item.plan.team.share_token]),
        "stop_url": stop_url,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "today": timezone.localdate(),
    }
    subject = single_line(f"Due {item.due_date:%d %B}: {item.task[:80]}")
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("assessment/email/plan_reminder.txt", context),
        to=[item.reminder_email],
        headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    return message
