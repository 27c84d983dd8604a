"""Delete team self-assessments nobody has touched for a while, with their members' answers.

    python manage.py purge_abandoned_assessments [--days N]

N defaults to settings.SELF_ASSESSMENT_RETENTION_DAYS. A team's clock restarts with every
answer and every close or reopen. Results of people who answered on their own are kept:
they hold no name or contact details.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessment.models import AssessmentResponse, TeamAssessment


class Command(BaseCommand):
    help = "Delete team self-assessments with no activity for N days, and their members' answers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SELF_ASSESSMENT_RETENTION_DAYS,
            help="Keep team assessments this many days after their last activity (default: SELF_ASSESSMENT_RETENTION_DAYS).",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        abandoned = TeamAssessment.objects.filter(last_activity_at__lt=timezone.now() - timedelta(days=days))
        _, deleted = abandoned.delete()
        teams = deleted.get(TeamAssessment._meta.label, 0)
        answers = deleted.get(AssessmentResponse._meta.label, 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {teams} team assessments with no activity for {days} days, and {answers} members' answers."
            )
        )
