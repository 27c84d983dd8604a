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
from core.page_types import PageType
from core.panels import editor_tabs
from core.routing import routed
from taxonomy.models import SystemCondition


def new_token():
    """An unguessable link token, in the letters Wagtail page addresses allow ([A-Za-z0-9_-])."""
    return secrets.token_urlsafe(24)


class SelfAssessmentPage(RoutablePageMixin, Page):
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

    class Meta:
        ordering = ["-created_at", "pk"]

    class Closed(Exception):
        """The owner closed the assessment: it takes no more answers."""

    def __str__(self):
        return self.name or f"Team assessment {self.pk}"

    @property
    def is_closed(self):
        return self.closed_at is not None

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
            response = cls.objects.create(page=page, team=team, name=name, role=role, created_at=now)
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
