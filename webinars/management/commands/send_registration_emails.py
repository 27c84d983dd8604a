"""Send the registration emails still owed after a failure, oldest first.

    python manage.py send_registration_emails

Run it from cron every few minutes: each run tries each owed email once more, until it has
been tried --max-attempts times.
"""

from outbox.commands import RetryOwedEmailsCommand
from webinars.models import RegistrationEmail
from webinars.tasks import send_registration_email


class Command(RetryOwedEmailsCommand):
    help = "Retry registration emails that have not been sent yet, oldest first."
    model = RegistrationEmail
    task = send_registration_email
    noun = "registration emails"
