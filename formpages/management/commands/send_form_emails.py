"""Send the form submission emails still owed after a failure, oldest first.

    python manage.py send_form_emails

Run it from cron every few minutes: each run tries each owed email once more, until it has
been tried --max-attempts times.
"""

from formpages.models import SubmissionEmail
from formpages.tasks import send_submission_email
from outbox.commands import RetryOwedEmailsCommand


class Command(RetryOwedEmailsCommand):
    help = "Retry form submission emails that have not been sent yet, oldest first."
    model = SubmissionEmail
    task = send_submission_email
    noun = "form emails"
