"""Background tasks for shared stories."""

from django_tasks import task

from outbox.sending import send_owed

from .messages import build_message
from .models import StoryEmail


@task()
def send_story_email(email_id):
    """Send one owed email; returns whether this call sent it (a failure waits for send_story_emails)."""
    return send_owed(StoryEmail.objects.filter(pk=email_id).select_related("submission__case_study"), build_message)
