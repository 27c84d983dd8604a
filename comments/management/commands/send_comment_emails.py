"""Send the comment emails still owed after a failure, oldest first.

    python manage.py send_comment_emails

Run it from cron every few minutes: each run tries each owed email once more, until it has
been tried --max-attempts times.
"""

from comments.models import CommentEmail
from comments.tasks import send_comment_email
from outbox.commands import RetryOwedEmailsCommand


class Command(RetryOwedEmailsCommand):
    help = "Retry comment emails that have not been sent yet, oldest first."
    model = CommentEmail
    task = send_comment_email
    noun = "comment emails"
