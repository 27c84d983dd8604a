"""Send each weekly subscriber one email listing the new pages of their lists.

    python manage.py send_subscription_digest

Run it from cron once a week. A page goes to a subscriber once (subscriptions.delivery), so a
second run, or a run after a crash, sends only to those the first did not reach, and someone
with nothing new gets no email.
"""

from django.core.management.base import BaseCommand

from subscriptions.delivery import send_digests


class Command(BaseCommand):
    help = "Email weekly subscribers the new pages of the lists they follow."

    def handle(self, *args, **options):
        queued = send_digests()
        self.stdout.write(self.style.SUCCESS(f"Queued {queued} weekly emails."))
