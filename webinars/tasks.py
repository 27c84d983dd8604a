"""Background tasks for webinar registrations."""

from django_tasks import task

from outbox.sending import send_owed

from .messages import build_message
from .models import RegistrationEmail


@task()
def send_registration_email(email_id):
    """Send one owed email; returns whether this call sent it (a failure waits for send_registration_emails)."""
    owed = RegistrationEmail.objects.filter(pk=email_id).select_related("registration__webinar", "message")
    return send_owed(owed, build_message)
