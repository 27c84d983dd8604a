"""Catch up new pages' emails a failed task left out, then send the subscription emails still owed.

    python manage.py send_subscription_emails

Run it from cron every few minutes. Pages of a followed type first published in the last
week (subscriptions.delivery.CATCH_UP) are given to each "at once" subscriber still lacking
them, as the publish's own task does, so a worker that died between batches loses nobody;
then each owed email is tried once more, until it has been tried --max-attempts times.
"""

from outbox.commands import RetryOwedEmailsCommand
from subscriptions.delivery import deliver_new_page, recent_followed_pages
from subscriptions.emails import send_subscription_email
from subscriptions.models import SubscriptionEmail


class Command(RetryOwedEmailsCommand):
    help = "Queue new pages' emails a failed task missed, then retry subscription emails not sent yet."
    model = SubscriptionEmail
    task = send_subscription_email
    noun = "subscription emails"

    def handle(self, *args, **options):
        caught_up = sum(deliver_new_page(page) for page in recent_followed_pages())
        if caught_up:
            self.stdout.write(self.style.WARNING(f"Queued {caught_up} new-page emails a publish had not."))
        super().handle(*args, **options)
