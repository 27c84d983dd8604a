"""Background tasks for form submissions."""

from django_tasks import task

from outbox.sending import send_owed

from .messages import build_message
from .models import SubmissionEmail


@task()
def send_submission_email(email_id):
    """Send one owed email; returns whether this call sent it (a failure waits for send_form_emails)."""
    return send_owed(SubmissionEmail.objects.filter(pk=email_id).select_related("submission__page"), build_message)
