"""Delete rejected and spam comments older than N days, with any emails they still owe.

    python manage.py purge_comments [--days N]

N defaults to settings.COMMENTS_REFUSED_RETENTION_DAYS. Run it daily. Published comments stay
until their writer deletes them (the link in their email) or a moderator does.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = "Delete rejected and spam comments older than N days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.COMMENTS_REFUSED_RETENTION_DAYS,
            help="Keep rejected and spam comments this many days (default: COMMENTS_REFUSED_RETENTION_DAYS).",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        cutoff = timezone.now() - timedelta(days=days)
        refused = Comment.objects.filter(
            status__in=[Comment.Status.REJECTED, Comment.Status.SPAM], created_at__lt=cutoff
        )
        deleted = refused.delete()[1].get(Comment._meta.label, 0)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} rejected and spam comments older than {days} days."))
