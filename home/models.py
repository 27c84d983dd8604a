from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core import seo
from core.blocks import StandardStreamBlock
from core.blocks.text import BODY_RICH_TEXT_FEATURES
from core.mixins import HeroImageMixin, SharePreviewMixin
from core.models import SiteSettings
from core.page_types import PageType
from core.panels import CappedInlinePanel, editor_tabs
from playbook.models import PlaybookPage
from stories.models import CaseStudyPage, RoundtablePostPage
from webinars.models import WebinarPage

from .blocks import ServicesBlock

FEATURED_LIMIT = 3  # shown when editors choose fewer (or none): the newest fill the row
FEATURED_MAX = 6  # two rows of cards


class HomePage(SharePreviewMixin, HeroImageMixin, Page):
    intro = RichTextField(features=BODY_RICH_TEXT_FEATURES, help_text="The opening lines under the page title.")
    about_heading = models.CharField(max_length=120, default="What is collective leadership?")
    about = RichTextField(blank=True, features=BODY_RICH_TEXT_FEATURES)
    services_heading = models.CharField(max_length=120, default="How we support your team")
    services = StreamField(ServicesBlock(), blank=True)
    stories_heading = models.CharField(max_length=120, default="School stories")
    voices_heading = models.CharField(max_length=120, default="Voices from the field")
    playbook_heading = models.CharField(max_length=120, default="The collective leadership playbook")
    playbook_text = models.TextField(blank=True, max_length=400)
    playbook_page = models.ForeignKey(
        "playbook.PlaybookPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Defaults to the site's playbook.",
    )
    contact_heading = models.CharField(max_length=120, default="Ready to get started?")
    contact_text = models.TextField(blank=True, max_length=400)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        *HeroImageMixin.hero_panels,
        MultiFieldPanel([FieldPanel("about_heading"), FieldPanel("about")], heading="About"),
        MultiFieldPanel([FieldPanel("services_heading"), FieldPanel("services")], heading="Services"),
        MultiFieldPanel(
            [
                FieldPanel("stories_heading"),
                CappedInlinePanel(
                    "featured_story_items",
                    label="Story",
                    max_num=FEATURED_MAX,
                    too_many=f"Choose at most {FEATURED_MAX} stories: remove one before adding another.",
                ),
            ],
            heading="Featured stories",
            help_text=f"Up to {FEATURED_MAX}, in this order. With fewer than {FEATURED_LIMIT}, the newest "
            "stories fill the row; leave empty to show the newest.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("voices_heading"),
                CappedInlinePanel(
                    "voice_items",
                    label="Voice",
                    max_num=FEATURED_LIMIT,
                    too_many=f"Choose at most {FEATURED_LIMIT} voices: remove one before adding another.",
                ),
            ],
            heading="Voices from the field",
            help_text="Leave empty to show the authors of the newest roundtable posts.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("playbook_heading"),
                FieldPanel("playbook_text", help_text="A sentence or two under the heading."),
                PageChooserPanel("playbook_page"),
            ],
            heading="Playbook promotion",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_heading"),
                FieldPanel("contact_text", help_text="A sentence or two above the button."),
            ],
            heading="Contact call to action",
            help_text="The button goes to the contact page chosen in Settings › Site settings.",
        ),
    ]
    edit_handler = editor_tabs(content_panels)
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("about")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "stories.StoryIndexPage",
        "stories.RoundtableIndexPage",
        "webinars.WebinarIndexPage",
        "playbook.PlaybookPage",
        "formpages.FormPage",
    ]
    max_count = 1
    page_type = PageType(icon="home")
    page_description = "The home page: introduction, services and what is new on the site."

    class Meta:
        verbose_name = "home page"
        verbose_name_plural = "home page"

    def featured_stories(self):
        chosen = [item.page_id for item in self.featured_story_items.all()]
        return CaseStudyPage.objects.featured_for(self, chosen, FEATURED_LIMIT)

    def voices(self):
        """(person, quote, post) for each voice, with the person's newest post when none is chosen;
        the newest posts' first authors when no voice is chosen."""
        chosen = list(
            self.voice_items.select_related("person__photo", "post").prefetch_related("person__photo__renditions")
        )
        if not chosen:
            return RoundtablePostPage.objects.newest_voices_under(self, FEATURED_LIMIT)
        newest_posts = {}
        if unlinked := [voice.person_id for voice in chosen if not voice.post_id]:
            posts = (
                RoundtablePostPage.objects.live()
                .public()
                .descendant_of(self)
                .defer_streamfields()
                .filter(authors__person_id__in=unlinked)
                .annotate(voice_person_id=F("authors__person_id"))
                .order_by("-date", "-pk")
            )
            for post in posts:
                newest_posts.setdefault(post.voice_person_id, post)
        return [
            (
                voice.person,
                voice.quote,
                (voice.post if voice.post.live else None) if voice.post_id else newest_posts.get(voice.person_id),
            )
            for voice in chosen
        ]

    def next_webinar(self):
        return WebinarPage.objects.live().public().descendant_of(self).select_related("series").upcoming().first()

    def schema_org(self, request, context):
        return [
            seo.organization(request, SiteSettings.for_request(request)),
            seo.website(request, reverse("search")),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_stories"] = self.featured_stories()
        context["voices"] = self.voices()
        context["next_webinar"] = self.next_webinar()
        context["playbook"] = self.playbook_page or PlaybookPage.objects.live().public().descendant_of(self).first()
        return context


class HomePageFeaturedStory(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_story_items")
    page = models.ForeignKey("stories.CaseStudyPage", on_delete=models.CASCADE, related_name="+")

    # The chooser opens where the case studies are (Wagtail: their first common ancestor).
    panels = [PageChooserPanel("page", page_type="stories.CaseStudyPage")]

    class Meta(Orderable.Meta):
        verbose_name = "featured story"
        verbose_name_plural = "featured stories"


class HomePageVoice(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="voice_items")
    person = models.ForeignKey("taxonomy.Person", on_delete=models.CASCADE, related_name="+")
    quote = models.TextField(max_length=400, help_text="A short quotation from them.")
    post = models.ForeignKey(
        "stories.RoundtablePostPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="One of their roundtable posts. Leave empty to link their newest.",
    )

    panels = [
        FieldPanel("person"),
        FieldPanel("quote"),
        PageChooserPanel("post", page_type="stories.RoundtablePostPage"),
    ]

    def clean(self):
        super().clean()
        # A person swapped for another must not keep the first one's post.
        if self.post_id and self.person_id and not self.post.authors.filter(person_id=self.person_id).exists():
            raise ValidationError(
                {
                    "post": f"“{self.post.title}” is not by {self.person}. Choose one of their roundtable posts, "
                    "or leave this empty to link their newest."
                }
            )


class StandardPage(SharePreviewMixin, HeroImageMixin, Page):
    intro = models.TextField(blank=True, max_length=600)
    body = StreamField(StandardStreamBlock())

    content_panels = Page.content_panels + [
        FieldPanel("intro", help_text="Optional: a short opening paragraph under the title."),
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
    ]
    edit_handler = editor_tabs(content_panels)
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    page_type = PageType(icon="doc-empty", search_slug="page", in_content_menu=True)
    page_description = "A general page, e.g. About us or the privacy policy."

    class Meta:
        verbose_name = "standard page"
        verbose_name_plural = "standard pages"
