"""Delete team self-assessments nobody has touched for a while, with their members' answers and their plan.

    python manage.py purge_abandoned_assessments [--days N]

N defaults to settings.SELF_ASSESSMENT_RETENTION_DAYS. A team's clock restarts with every
answer, every close or reopen, a new round and every change to its plan. Results of people who answered on their own are kept:
they hold no name or contact details.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessment.models import AssessmentResponse, PlanItem, TeamAssessment, TeamPlan


class Command(BaseCommand):
    help = "Delete team self-assessments with no activity for N days, their members' answers and their plans."

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
        plans, items = deleted.get(TeamPlan._meta.label, 0), deleted.get(PlanItem._meta.label, 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {teams} team assessments with no activity for {days} days, {answers} members' answers "
                f"and {plans} plans with {items} tasks."
            )
        )
