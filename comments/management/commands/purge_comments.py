"""Delete rejected and spam comments older than N days, with any emails they still owe.

    python manage.py purge_comments [--days N]

N defaults to settings.COMMENTS_REFUSED_RETENTION_DAYS. Run it daily. Published comments stay
until their writer deletes them (the link in their email) or a moderator does.
"""

from comments.models import Comment
from core.retention import PurgeCommand


class Command(PurgeCommand):
    help = "Delete rejected and spam comments older than N days."
    model = Comment
    days_setting = "COMMENTS_REFUSED_RETENTION_DAYS"
    kept = "rejected and spam comments"
    deleted = "rejected and spam comments older than {days} days"

    def expired(self, cutoff):
        return Comment.objects.filter(status__in=[Comment.Status.REJECTED, Comment.Status.SPAM], created_at__lt=cutoff)
