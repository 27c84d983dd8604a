"""The demo's team workspace: one team with two rounds of answers and a plan half done.

    python manage.py create_demo_team

Its links are fixed (printed here and in the README), so the demo site always has them; running it
again changes nothing. Demo only: a real team's links are random (assessment.models.new_token).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessment.models import AssessmentResponse, PlanItem, SelfAssessmentPage, TeamAssessment
from assessment.workspace import add_item, choose_condition
from taxonomy.models import SystemCondition

OWNER_TOKEN = "demo-walker-gamble-owner-link-01"
SHARE_TOKEN = "demo-walker-gamble-team-link-001"
TEAM_NAME = "Walker-Gamble Elementary leadership team (demo)"
# Each member's score on the condition the team works on, round 1 then round 2; every other condition 3.
FOCUS = "shared-influence"
FOCUS_SCORES = ([1, 2, 1, 2, 1], [3, 2, 3, 3, 2])
STRENGTH = "relationships-and-social-norms"
FRAME = {
    "problem": "Schoolwide changes reach teachers after they have been decided.",
    "goal": "By the spring, each grade team leads one decision that affects the whole school.",
    "theory_if": "each grade team owns one real schoolwide decision",
    "theory_then": "more teachers will take on leadership and follow through on what was decided",
    "theory_because": "people commit to what they helped shape",
    "pilot_group": "The third- and sixth-grade teams, who asked to go first.",
    "evidence": "Who spoke and who decided in meeting notes; a short staff survey in each round.",
    "evidence_recorded": "Round 2 survey: most staff say they had a say in the attendance plan.",
}
EXTRA_TASK = "Share what the pilot teams learned at the spring staff meeting"


class Command(BaseCommand):
    help = "Create the demo team workspace (two rounds, a plan half done) and print its links."

    def handle(self, *args, **options):
        page = SelfAssessmentPage.objects.live().first()
        if page is None:
            raise CommandError("No self-assessment page: run 'python manage.py load_demo_content' first.")
        team = TeamAssessment.objects.filter(owner_token=OWNER_TOKEN).first()
        if team is None:
            with transaction.atomic():
                team = self.build(page)
            self.stdout.write(self.style.SUCCESS(f"Created the demo team workspace “{TEAM_NAME}”."))
        else:
            self.stdout.write(self.style.SUCCESS("The demo team workspace is already there."))
        self.stdout.write(f"  Owner link (manages the workspace): {page.get_full_url()}owner/{team.owner_token}/")
        self.stdout.write(f"  Team link (members take part):       {page.get_full_url()}team/{team.share_token}/plan/")

    def build(self, page):
        conditions = list(SystemCondition.objects.all())
        focus = next(condition for condition in conditions if condition.slug == FOCUS)
        weeks_ago = timezone.now() - timedelta(weeks=8)
        team = TeamAssessment.objects.create(
            page=page, name=TEAM_NAME, owner_token=OWNER_TOKEN, share_token=SHARE_TOKEN, created_at=weeks_ago
        )
        for round_scores in FOCUS_SCORES:
            for score in round_scores:
                scores = dict.fromkeys(conditions, 3.0)
                scores[focus] = float(score)
                scores[next(c for c in conditions if c.slug == STRENGTH)] = 4.0
                AssessmentResponse.record(page, scores, team=team)
            if round_scores is FOCUS_SCORES[0]:
                plan = choose_condition(
                    team, focus, "need", "Teachers rarely shape the decisions they carry out, so we start there."
                )
                team.open_round()
        for name, value in FRAME.items():
            setattr(plan, name, value)
        plan.save()
        add_item(plan, task=EXTRA_TASK, owner_name="Ms. Alvarez", due_date=timezone.localdate() + timedelta(weeks=6))
        items = list(plan.items.all())
        owners = ["Ms. Alvarez", "Jamie", "Paula", "Principal"]
        for index, item in enumerate(items):
            item.owner_name = owners[index % len(owners)]
            item.due_date = timezone.localdate() + timedelta(weeks=2 * index - 4)
            # The first half done, the next one under way.
            half = len(items) // 2
            item.status = (
                PlanItem.Status.DONE if index < half else PlanItem.Status.DOING if index == half else item.status
            )
        PlanItem.objects.bulk_update(items, ["owner_name", "due_date", "status"])
        return team
