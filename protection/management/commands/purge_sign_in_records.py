"""Delete django-axes's records of sign-ins (user names and addresses) once they no longer matter.

    python manage.py purge_sign_in_records [--days N]

Failed sign-ins go as soon as their cool-off is over (they no longer count towards a lockout);
successful ones after N days, default settings.SIGN_IN_RETENTION_DAYS. Run it daily.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete records of failed sign-ins past their cool-off and of successful ones older than N days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SIGN_IN_RETENTION_DAYS,
            help="Keep successful sign-ins this many days (default: SIGN_IN_RETENTION_DAYS).",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        expired = AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - settings.AXES_COOLOFF_TIME)
        failures = expired.delete()[1].get(AccessAttempt._meta.label, 0)
        sign_ins = AxesProxyHandler.reset_logs(age_days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {failures} failed sign-in records past their cool-off "
                f"and {sign_ins} sign-in records older than {days} days."
            )
        )
