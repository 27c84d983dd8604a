"""Delete form submissions older than N days, with any emails they still owe.

    python manage.py purge_form_submissions [--days N]

N defaults to settings.FORM_SUBMISSION_RETENTION_DAYS. Run it daily.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from formpages.models import Submission


class Command(BaseCommand):
    help = "Delete form submissions older than N days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.FORM_SUBMISSION_RETENTION_DAYS,
            help="Keep submissions this many days (default: FORM_SUBMISSION_RETENTION_DAYS).",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        cutoff = timezone.now() - timedelta(days=days)
        deleted = Submission.objects.filter(submit_time__lt=cutoff).delete()[1].get(Submission._meta.label, 0)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} form submissions older than {days} days."))
