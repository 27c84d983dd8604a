"""Delete shared stories never sent, untouched for N days, with their photos.

    python manage.py purge_story_drafts [--days N]

N defaults to 30. Run it daily: a draft holds a person's contact details and photos nobody has reviewed.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from storyshare.models import StorySubmission


class Command(BaseCommand):
    help = "Delete shared stories never sent and untouched for N days, with their photos."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Keep a draft this many days after its last step.")

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        drafts = StorySubmission.objects.in_progress().filter(updated_at__lt=timezone.now() - timedelta(days=days))
        deleted = drafts.discard()[1].get(StorySubmission._meta.label, 0)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} story drafts untouched for {days} days."))
