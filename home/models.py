from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core import seo
from core.blocks import StandardStreamBlock
from core.blocks.text import BODY_RICH_TEXT_FEATURES
from core.mixins import HeroImageMixin
from core.models import SiteSettings
from core.page_types import PageType
from core.panels import editor_tabs
from playbook.models import PlaybookPage
from stories.models import CaseStudyPage, RoundtablePostPage
from webinars.models import WebinarPage

from .blocks import ServicesBlock

FEATURED_LIMIT = 3


class HomePage(HeroImageMixin, Page):
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
            [FieldPanel("stories_heading"), InlinePanel("featured_story_items", label="Story", max_num=FEATURED_LIMIT)],
            heading="Featured stories",
            help_text="Leave empty to show the newest stories.",
        ),
        MultiFieldPanel(
            [FieldPanel("voices_heading"), InlinePanel("voice_items", label="Voice", max_num=FEATURED_LIMIT)],
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
        """(person, quote, post) for each voice; the newest posts' first authors when none are chosen."""
        chosen = list(
            self.voice_items.select_related("person__photo", "post").prefetch_related("person__photo__renditions")
        )
        if chosen:
            return [
                (voice.person, voice.quote, voice.post if voice.post and voice.post.live else None) for voice in chosen
            ]
        return RoundtablePostPage.objects.newest_voices_under(self, FEATURED_LIMIT)

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

    panels = [PageChooserPanel("page")]

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
        help_text="Their roundtable post, if any.",
    )

    panels = [FieldPanel("person"), FieldPanel("quote"), PageChooserPanel("post")]


class StandardPage(HeroImageMixin, Page):
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
