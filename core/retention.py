"""Base of the daily commands that delete what is kept only for a while (submissions, drafts, refused
comments, unconfirmed addresses): ``--days N``, defaulting to a setting, then one line saying what went."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class PurgeCommand(BaseCommand):
    model = None  # whose deleted rows are counted
    days_setting = ""  # the setting giving --days's default
    default_days = None  # or the default itself
    kept = ""  # what --days keeps, for its help: "a draft"
    deleted = ""  # what the line says went, with {days}: "story drafts untouched for {days} days"

    def add_arguments(self, parser):
        default = getattr(settings, self.days_setting) if self.days_setting else self.default_days
        source = f" (default: {self.days_setting})" if self.days_setting else f" (default: {default})"
        parser.add_argument("--days", type=int, default=default, help=f"Keep {self.kept} this many days{source}.")

    def expired(self, cutoff):
        """The rows older than ``cutoff``."""
        raise NotImplementedError

    def delete(self, rows):
        """(count, counts per model), as QuerySet.delete() gives."""
        return rows.delete()

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        rows = self.expired(timezone.now() - timedelta(days=days))
        count = self.delete(rows)[1].get(self.model._meta.label, 0)
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} {self.deleted.format(days=days)}."))
