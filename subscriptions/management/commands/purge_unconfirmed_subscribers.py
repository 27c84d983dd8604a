"""Forget addresses that were never confirmed.

    python manage.py purge_unconfirmed_subscribers [--days N]

N defaults to settings.UNCONFIRMED_SUBSCRIBER_DAYS. Someone subscribed by a stranger, or who
never opened the confirmation, is kept no longer than that. Run it from cron daily.
"""

from core.retention import PurgeCommand
from subscriptions.models import Subscriber


class Command(PurgeCommand):
    help = "Delete subscribers who did not confirm within N days."
    model = Subscriber
    days_setting = "UNCONFIRMED_SUBSCRIBER_DAYS"
    kept = "an unconfirmed subscriber"
    deleted = "subscribers not confirmed within {days} days"

    def expired(self, cutoff):
        return Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
