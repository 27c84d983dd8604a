"""Delete shared stories never sent, untouched for N days, with their photos.

    python manage.py purge_story_drafts [--days N]

N defaults to 30. Run it daily: a draft holds a person's contact details and photos nobody has reviewed.
"""

from core.retention import PurgeCommand
from storyshare.models import StorySubmission


class Command(PurgeCommand):
    help = "Delete shared stories never sent and untouched for N days, with their photos."
    model = StorySubmission
    default_days = 30
    kept = "a draft after its last step"
    deleted = "story drafts untouched for {days} days"

    def expired(self, cutoff):
        return StorySubmission.objects.in_progress().filter(updated_at__lt=cutoff)

    def delete(self, rows):
        return rows.discard()  # the photos too
