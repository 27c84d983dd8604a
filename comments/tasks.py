"""Background tasks for comments."""

from django_tasks import task

from outbox.sending import send_owed

from .messages import build_message
from .models import CommentEmail


@task()
def send_comment_email(email_id):
    """Send one owed email; returns whether this call sent it (a failure waits for send_comment_emails)."""
    return send_owed(CommentEmail.objects.filter(pk=email_id).select_related("comment__page"), build_message)
