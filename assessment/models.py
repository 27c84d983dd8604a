"""The team self-assessment: a page, the teams that take it together, and what each person answered."""

import secrets

from django.db import models, transaction
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.blocks.text import BODY_RICH_TEXT_FEATURES
from core.mixins import SharePreviewMixin
from core.page_types import PageType
from core.panels import editor_tabs
from core.routing import routed
from outbox.models import OwedEmail
from playbook.models import StrategyGuidePage
from taxonomy.models import SystemCondition


def new_token():
    """An unguessable link token, in the letters Wagtail page addresses allow ([A-Za-z0-9_-])."""
    return secrets.token_urlsafe(24)


class SelfAssessmentPage(SharePreviewMixin, RoutablePageMixin, Page):
    """The readiness self-assessment: statements per condition, taken alone or as a team.

    Answers, results and team links are routes of this page (see assessment/views.py).
    """

    intro = RichTextField(
        features=BODY_RICH_TEXT_FEATURES, help_text="What the self-assessment is and how long it takes."
    )
    team_intro = RichTextField(
        blank=True, features=BODY_RICH_TEXT_FEATURES, help_text="Shown above the form that starts a team assessment."
    )
    results_intro = RichTextField(
        blank=True, features=BODY_RICH_TEXT_FEATURES, help_text="Shown at the top of every results page."
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("team_intro"), FieldPanel("results_intro")]
    edit_handler = editor_tabs(content_panels)
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["playbook.PlaybookPage"]
    subpage_types = []
    max_count = 1
    page_type = PageType(icon="list-ol", search_slug="self-assessment")
    page_description = (
        "The readiness self-assessment across the seven conditions. Its statements are edited under System conditions."
    )

    class Meta:
        verbose_name = "self-assessment"
        verbose_name_plural = "self-assessment"

    take = path("", name="take")(routed("assessment.views.take_on_your_own"))
    results = path("results/<str:token>/", name="results")(routed("assessment.views.personal_results"))
    start_team = path("team/", name="start_team")(routed("assessment.views.start_team"))
    join_team = path("team/<str:token>/", name="join_team")(routed("assessment.views.join_team"))
    team_results = path("team/<str:token>/results/", name="team_results")(routed("assessment.views.team_results"))
    manage_team = path("owner/<str:token>/", name="manage_team")(routed("assessment.views.manage_team"))
    # The team workspace (assessment/workspace_views.py): the owner link manages, the team link takes part.
    decide = path("owner/<str:token>/decide/", name="decide")(routed("assessment.workspace_views.decide"))
    frame = path("owner/<str:token>/frame/", name="frame")(routed("assessment.workspace_views.frame"))
    owner_plan = path("owner/<str:token>/plan/", name="owner_plan")(routed("assessment.workspace_views.owner_plan"))
    member_plan = path("team/<str:token>/plan/", name="member_plan")(routed("assessment.workspace_views.member_plan"))
    owner_progress = path("owner/<str:token>/progress/", name="owner_progress")(
        routed("assessment.workspace_views.owner_progress")
    )
    member_progress = path("team/<str:token>/progress/", name="member_progress")(
        routed("assessment.workspace_views.member_progress")
    )
    owner_print = path("owner/<str:token>/plan/print/", name="owner_print")(
        routed("assessment.workspace_views.owner_print")
    )
    member_print = path("team/<str:token>/plan/print/", name="member_print")(
        routed("assessment.workspace_views.member_print")
    )
    # Wagtail page addresses have no dots: the file name comes from Content-Disposition.
    owner_csv = path("owner/<str:token>/plan/csv/", name="owner_csv")(routed("assessment.workspace_views.owner_csv"))
    member_csv = path("team/<str:token>/plan/csv/", name="member_csv")(routed("assessment.workspace_views.member_csv"))
    owner_ics = path("owner/<str:token>/plan/calendar/", name="owner_ics")(
        routed("assessment.workspace_views.owner_ics")
    )
    member_ics = path("team/<str:token>/plan/calendar/", name="member_ics")(
        routed("assessment.workspace_views.member_ics")
    )

    def route_url(self, name, *args):
        return self.url + self.reverse_subpage(name, args=args)


class TeamAssessment(models.Model):
    """A team's shared assessment: members answer through the share link; the owner link can close it."""

    page = models.ForeignKey(SelfAssessmentPage, on_delete=models.CASCADE, related_name="team_assessments")
    name = models.CharField("Team name", max_length=120, blank=True)
    share_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    owner_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Creation, each answer, closing and reopening: purge_abandoned_assessments counts from here.
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The round members answer now: the owner opens round 2, 3 … to see whether the team moved.
    round_number = models.PositiveSmallIntegerField(default=1)
    # The owner can turn the team link off; turning it on again gives a new one.
    member_link_on = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    class Closed(Exception):
        """The owner closed the assessment: it takes no more answers."""

    def __str__(self):
        return self.name or f"Team assessment {self.pk}"

    @property
    def is_closed(self):
        return self.closed_at is not None

    def touch(self, now=None):
        """Record activity (an answer, a plan edit): purge_abandoned_assessments counts from here."""
        TeamAssessment.objects.filter(pk=self.pk).update(last_activity_at=now or timezone.now())

    def rotate_link(self, which):
        """A new owner or team link; the old one stops working at once."""
        field = {"owner": "owner_token", "member": "share_token"}[which]
        setattr(self, field, new_token())
        if which == "member":
            self.member_link_on = True
        self.last_activity_at = timezone.now()
        self.save(update_fields=[field, "member_link_on", "last_activity_at"])

    def revoke_member_link(self):
        # A fresh token too, so turning the link on again never revives the old one.
        self.share_token = new_token()
        self.member_link_on = False
        self.save(update_fields=["share_token", "member_link_on"])

    def open_round(self, now=None):
        """Start the next round of answers: the round before keeps its figures for the comparison."""
        now = now or timezone.now()
        self.round_number += 1
        self.closed_at = None
        self.last_activity_at = now
        self.save(update_fields=["round_number", "closed_at", "last_activity_at"])

    def set_closed(self, closed, now=None):
        now = now or timezone.now()
        self.closed_at = now if closed else None
        self.last_activity_at = now
        self.save(update_fields=["closed_at", "last_activity_at"])


class AssessmentResponse(models.Model):
    """One person's answers, kept only as a score per condition; on their own when team is empty."""

    page = models.ForeignKey(SelfAssessmentPage, on_delete=models.CASCADE, related_name="responses")
    team = models.ForeignKey(TeamAssessment, null=True, blank=True, on_delete=models.CASCADE, related_name="responses")
    # The link to this person's own results.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Optional, and shown only on the person's own results page, never to the team.
    name = models.CharField(max_length=80, blank=True)
    role = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The team's round this answer belongs to (1 for answers taken alone).
    round = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "self-assessment response"

    def __str__(self):
        return f"Self-assessment response {self.pk}"

    @classmethod
    def record(cls, page, scores, team=None, name="", role="", now=None):
        """Save one person's {condition: score}; raises TeamAssessment.Closed if their team no longer takes answers."""
        now = now or timezone.now()
        with transaction.atomic():
            if team is not None:
                # The update and the owner's close both write the team's row, so they cannot interleave.
                still_open = TeamAssessment.objects.filter(pk=team.pk, closed_at__isnull=True)
                if not still_open.update(last_activity_at=now):
                    raise TeamAssessment.Closed
                # Read in the same transaction as the update, so an answer never lands in a round just closed.
                team_round = TeamAssessment.objects.values_list("round_number", flat=True).get(pk=team.pk)
            else:
                team_round = 1
            response = cls.objects.create(page=page, team=team, name=name, role=role, created_at=now, round=team_round)
            ConditionScore.objects.bulk_create(
                ConditionScore(response=response, condition=condition, score=score)
                for condition, score in scores.items()
            )
        return response


class ConditionScore(models.Model):
    """The mean of one person's levels (1 not yet … 4 established) over one condition's statements."""

    response = models.ForeignKey(AssessmentResponse, on_delete=models.CASCADE, related_name="scores")
    condition = models.ForeignKey(SystemCondition, on_delete=models.CASCADE, related_name="assessment_scores")
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "condition"], name="one_score_per_condition_per_response"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=4), name="score_within_the_rubric"),
        ]

    def __str__(self):
        return f"{self.condition}: {self.score}"


# --- The team workspace: decide, frame, plan, act (docs/team-workspace.md) -------------------------


class TeamPlan(models.Model):
    """A team's plan of action for the one condition it chose from its results.

    ``version`` goes up with every save: a save names the version it was made from and is refused
    if someone saved in between (optimistic concurrency, assessment.workspace.save_if_unchanged).
    """

    class Kind(models.TextChoices):
        NEED = "need", "Greatest need"
        STRENGTH = "strength", "Greatest strength"

    team = models.OneToOneField(TeamAssessment, on_delete=models.CASCADE, related_name="plan")
    condition = models.ForeignKey(SystemCondition, null=True, on_delete=models.SET_NULL, related_name="team_plans")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField("Why this condition", max_length=300)
    guide = models.ForeignKey(StrategyGuidePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    problem = models.TextField("Problem of practice", max_length=1000, blank=True)
    goal = models.TextField("Goal", max_length=1000, blank=True)
    theory_if = models.TextField("If we …", max_length=600, blank=True)
    theory_then = models.TextField("then …", max_length=600, blank=True)
    theory_because = models.TextField("because …", max_length=600, blank=True)
    pilot_group = models.TextField(
        "Pilot group", max_length=1000, blank=True, help_text="Who opts in to try the plan first."
    )
    evidence = models.TextField(
        "Evidence to collect", max_length=1000, blank=True, help_text="What you will gather to study the results."
    )
    evidence_recorded = models.TextField("Evidence recorded so far", max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Plan of {self.team}"


class PlanItem(models.Model):
    """One task of a team's plan: from the guide's important tasks or added by the team."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DOING = "doing", "Doing"
        DONE = "done", "Done"

    plan = models.ForeignKey(TeamPlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    task = models.TextField(max_length=600)
    owner_name = models.CharField("Owner", max_length=80, blank=True, help_text="A name the team types.")
    due_date = models.DateField("Due date", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(max_length=2000, blank=True)
    # Optional: the task's owner gets an email a few days before the due date (send_plan_reminders).
    reminder_email = models.EmailField(
        "Reminder email (optional)",
        blank=True,
        help_text="We email this address a few days before the due date. Only the owner link shows it.",
    )
    # The one-click stop link in each reminder.
    reminder_stop_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The due date a reminder was queued for: a new due date gets a reminder of its own.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.task[:60]


class PlanReminderEmail(OwedEmail):
    """A reminder owed to a task's owner before its due date (outbox: sent after commit, retried)."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="reminders")

    def __str__(self):
        return f"Reminder for plan task {self.item_id}"
