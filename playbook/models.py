from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import CallToActionBlock, StandardStreamBlock
from core.blocks.text import BODY_RICH_TEXT_FEATURES
from core.mixins import ListingCardPreviewMixin, SharePreviewMixin
from core.page_types import PageType
from core.panels import editor_tabs
from taxonomy.models import SystemCondition

from .blocks import GuideSectionsBlock

OVERVIEW_GUIDES = 3


class PlaybookPage(SharePreviewMixin, Page):
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
    subpage_types = ["playbook.StrategyGuidePage", "assessment.SelfAssessmentPage"]
    max_count = 1
    page_type = PageType(icon="table", search_slug="playbook")
    page_description = "The collective leadership playbook: the definition, the seven conditions and the guides."

    class Meta:
        verbose_name = "playbook"
        verbose_name_plural = "playbook"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # View restrictions looked up once for every listing (each .public() looks them up again).
        private = Page.objects.all().private_q()
        guides = StrategyGuidePage.objects.child_of(self).live().exclude(private)
        # One guide per condition and a few overview guides, each the first in the editors' order:
        # the playbook never loads every guide, however many there are.
        first_for_condition = guides.filter(condition=OuterRef("pk")).order_by("path").values("pk")[:1]
        conditions = list(SystemCondition.objects.live().annotate(guide_id=Subquery(first_for_condition)))
        overview_ids = guides.filter(condition__isnull=True).order_by("path").values("pk")[:OVERVIEW_GUIDES]
        chosen = guides.filter(Q(pk__in=[c.guide_id for c in conditions if c.guide_id]) | Q(pk__in=overview_ids))
        by_pk = {guide.pk: guide for guide in chosen.select_related("condition").defer_streamfields().order_by("path")}
        context["overview_guides"] = [guide for guide in by_pk.values() if not guide.condition_id]
        context["condition_rows"] = [(condition, by_pk.get(condition.guide_id)) for condition in conditions]
        # The playbook's tool for a team (the self-assessment app's page), whatever app provides it.
        context["tool"] = self.get_children().live().exclude(private).not_type(StrategyGuidePage).first()
        return context


class StrategyGuidePage(SharePreviewMixin, ListingCardPreviewMixin, Page):
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
        index.SearchField("section_labels"),
        # The condition's name joins the guide's title vector (SystemCondition.title):
        # searching a condition finds its guide first on every backend.
        index.RelatedFields("condition", [index.SearchField("title", boost=2)]),
        index.FilterField("condition"),
    ]

    parent_page_types = ["playbook.PlaybookPage"]
    subpage_types = []
    page_type = PageType(
        icon="clipboard-list",
        search_slug="strategy-guide",
        in_content_menu=True,
        conditions_field="condition",
    )
    page_description = "A strategy guide for one system condition, or the overview guide."

    class Meta:
        verbose_name = "strategy guide"
        verbose_name_plural = "strategy guides"

    @property
    def section_labels(self):
        """The headings of the lists the sections fill in ("Big questions", "Important tasks"), which
        searchers use as the guide does; the sections' own text is indexed with them. Read from the stored data,
        as a search result's excerpt reads it: the blocks' values would look up every chooser."""
        labels = {}
        for section in self.sections.raw_data:
            block = self.sections.stream_block.child_blocks.get(section["type"])
            if block is None:  # a block type since removed
                continue
            for name, value in (section["value"] or {}).items():
                part = block.child_blocks.get(name)
                if value and isinstance(part, blocks.ListBlock):
                    labels[part.label] = True
        return " ".join(labels)

    @cached_property
    def is_overview(self):
        return self.condition_id is None
