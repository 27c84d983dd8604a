"""Forget addresses that were never confirmed.

    python manage.py purge_unconfirmed_subscribers [--days N]

N defaults to settings.UNCONFIRMED_SUBSCRIBER_DAYS. Someone subscribed by a stranger, or who
never opened the confirmation, is kept no longer than that. Run it from cron daily.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from subscriptions.models import Subscriber


class Command(BaseCommand):
    help = "Delete subscribers who did not confirm within N days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.UNCONFIRMED_SUBSCRIBER_DAYS,
            help="Keep an unconfirmed subscriber this many days (default: UNCONFIRMED_SUBSCRIBER_DAYS).",
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        _, deleted = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
        purged = deleted.get(Subscriber._meta.label, 0)
        self.stdout.write(self.style.SUCCESS(f"Removed {purged} subscribers not confirmed within {days} days."))
