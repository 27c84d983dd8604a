import secrets

from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import CallToActionBlock, StandardStreamBlock
from core.blocks.text import BODY_RICH_TEXT_FEATURES
from core.mixins import ListingCardPreviewMixin
from core.panels import editor_tabs

from .blocks import GuideSectionsBlock

OVERVIEW_GUIDES = 3


class SystemCondition(index.Indexed, ClusterableModel):
    """One of the seven system conditions for effective collective leadership."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in addresses and filters.")
    short_description = models.TextField(max_length=400, help_text="One or two sentences for the playbook table.")
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("short_description"),
        InlinePanel(
            "statements",
            heading="Self-assessment statements",
            label="Statement",
            help_text="What a team rates from 'not yet' to 'established', in the order they are asked.",
        ),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("short_description"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def title(self):
        """The name, under the field name the search backends put in a page's title vector."""
        return self.name

    def save(self, *args, **kwargs):
        # New conditions go to the end; editors reorder them in the snippet list.
        if self._state.adding and not self.sort_order:
            last = SystemCondition.objects.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)


class AssessmentStatement(Orderable):
    """One statement of the self-assessment, rated on the four-level rubric."""

    condition = ParentalKey(SystemCondition, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(
        max_length=240, help_text="A sentence a team can agree or disagree with, e.g. 'We revisit our goals each term.'"
    )

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class PlaybookPage(Page):
    definition = RichTextField(features=BODY_RICH_TEXT_FEATURES, help_text="What collective leadership is.")
    quote = models.TextField(blank=True, max_length=400)
    quote_attribution = models.CharField(blank=True, max_length=120)
    effective_definition = models.TextField(
        blank=True, max_length=600, help_text="What 'effective collective leadership' means, in a sentence or two."
    )
    conditions_intro = RichTextField(blank=True, features=BODY_RICH_TEXT_FEATURES)
    guides_intro = RichTextField(
        blank=True, features=BODY_RICH_TEXT_FEATURES, help_text="What the strategy guides are and where to start."
    )
    body = StreamField(StandardStreamBlock(), blank=True, help_text="Anything after the guides, e.g. a call to action.")

    content_panels = Page.content_panels + [
        FieldPanel("definition"),
        MultiFieldPanel(
            [FieldPanel("quote"), FieldPanel("quote_attribution", help_text="Who said it, e.g. their name and role.")],
            heading="Pull quote",
        ),
        FieldPanel("effective_definition"),
        FieldPanel(
            "conditions_intro",
            help_text="Shown above the table of the seven conditions. The table itself comes from "
            "Snippets › System conditions and each condition's guide.",
        ),
        FieldPanel("guides_intro"),
        FieldPanel("body"),
    ]
    edit_handler = editor_tabs(content_panels)
    search_fields = Page.search_fields + [
        index.SearchField("definition"),
        index.SearchField("effective_definition"),
        index.SearchField("guides_intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["playbook.StrategyGuidePage", "playbook.SelfAssessmentPage"]
    max_count = 1
    page_description = "The collective leadership playbook: the definition, the seven conditions and the guides."

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # View restrictions looked up once for every listing (each .public() looks them up again).
        private = Page.objects.all().private_q()
        guides = StrategyGuidePage.objects.child_of(self).live().exclude(private)
        # One guide per condition and a few overview guides, each the first in the editors' order:
        # the playbook never loads every guide, however many there are.
        first_for_condition = guides.filter(condition=OuterRef("pk")).order_by("path").values("pk")[:1]
        conditions = list(SystemCondition.objects.annotate(guide_id=Subquery(first_for_condition)))
        overview_ids = guides.filter(condition__isnull=True).order_by("path").values("pk")[:OVERVIEW_GUIDES]
        chosen = guides.filter(Q(pk__in=[c.guide_id for c in conditions if c.guide_id]) | Q(pk__in=overview_ids))
        by_pk = {guide.pk: guide for guide in chosen.select_related("condition").defer_streamfields().order_by("path")}
        context["overview_guides"] = [guide for guide in by_pk.values() if not guide.condition_id]
        context["condition_rows"] = [(condition, by_pk.get(condition.guide_id)) for condition in conditions]
        context["self_assessment"] = SelfAssessmentPage.objects.child_of(self).live().exclude(private).first()
        return context


class StrategyGuidePage(ListingCardPreviewMixin, Page):
    condition = models.ForeignKey(
        SystemCondition,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guides",
        help_text="Leave blank for the playbook overview guide.",
    )
    intro = models.TextField(max_length=600, help_text="A short summary, shown on the guide and in listings.")
    sections = StreamField(GuideSectionsBlock(), help_text="Numbered sections, each with a goal, questions and tasks.")
    call_to_action = StreamField(
        [("call_to_action", CallToActionBlock())], blank=True, max_num=1, help_text="Closes the guide."
    )

    content_panels = Page.content_panels + [
        FieldPanel("condition"),
        FieldPanel("intro"),
        FieldPanel("sections"),
        FieldPanel("call_to_action"),
    ]
    edit_handler = editor_tabs(content_panels)
    card_template = "playbook/components/guide_card.html"
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("sections"),
        # The condition's name joins the guide's title vector (SystemCondition.title):
        # searching a condition finds its guide first on every backend.
        index.RelatedFields("condition", [index.SearchField("title", boost=2)]),
        index.FilterField("condition"),
    ]

    parent_page_types = ["playbook.PlaybookPage"]
    subpage_types = []
    page_description = "A strategy guide for one system condition, or the overview guide."

    @cached_property
    def is_overview(self):
        return self.condition_id is None


def new_token():
    """An unguessable link token, in the letters Wagtail page addresses allow ([A-Za-z0-9_-])."""
    return secrets.token_urlsafe(24)


class SelfAssessmentPage(RoutablePageMixin, Page):
    """The readiness self-assessment: statements per condition, taken alone or as a team.

    Answers, results and team links are routes of this page (see playbook/views.py).
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
    page_description = (
        "The readiness self-assessment across the seven conditions. Its statements are edited under System conditions."
    )

    @path("")
    def take(self, request):
        from .views import take_on_your_own

        return take_on_your_own(request, self)

    @path("results/<str:token>/")
    def results(self, request, token):
        from .views import personal_results

        return personal_results(request, self, token)

    @path("team/")
    def start_team(self, request):
        from .views import start_team

        return start_team(request, self)

    @path("team/<str:token>/")
    def join_team(self, request, token):
        from .views import join_team

        return join_team(request, self, token)

    @path("team/<str:token>/results/")
    def team_results(self, request, token):
        from .views import team_results

        return team_results(request, self, token)

    @path("owner/<str:token>/")
    def manage_team(self, request, token):
        from .views import manage_team

        return manage_team(request, self, token)

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
