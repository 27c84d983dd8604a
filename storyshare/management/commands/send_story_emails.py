"""Send the shared-story emails still owed after a failure, oldest first.

    python manage.py send_story_emails

Run it from cron every few minutes, beside send_form_emails.
"""

from outbox.commands import RetryOwedEmailsCommand
from storyshare.models import StoryEmail
from storyshare.tasks import send_story_email


class Command(RetryOwedEmailsCommand):
    help = "Retry shared-story emails that have not been sent yet, oldest first."
    model = StoryEmail
    task = send_story_email
    noun = "story emails"
