"""Delete form submissions older than N days, with any emails they still owe.

    python manage.py purge_form_submissions [--days N]

N defaults to settings.FORM_SUBMISSION_RETENTION_DAYS. Run it daily.
"""

from core.retention import PurgeCommand
from formpages.models import Submission


class Command(PurgeCommand):
    help = "Delete form submissions older than N days."
    model = Submission
    days_setting = "FORM_SUBMISSION_RETENTION_DAYS"
    kept = "submissions"
    deleted = "form submissions older than {days} days"

    def expired(self, cutoff):
        return Submission.objects.filter(submit_time__lt=cutoff)
