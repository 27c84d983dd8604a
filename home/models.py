from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core import seo
from core.blocks import StandardStreamBlock
from core.blocks.text import BODY_RICH_TEXT_FEATURES
from core.listing import with_card_images
from core.mixins import HeroImageMixin
from core.panels import editor_tabs

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
    page_description = "The home page: introduction, services and what is new on the site."

    def featured_stories(self):
        from stories.models import CaseStudyPage

        chosen = [item.page_id for item in self.featured_story_items.all()]
        stories = with_card_images(
            CaseStudyPage.objects.live().public().descendant_of(self).select_related("district").defer_streamfields()
        )
        if chosen:
            by_id = {story.pk: story for story in stories.filter(pk__in=chosen)}
            return [by_id[pk] for pk in chosen if pk in by_id]
        return list(stories.order_by("-first_published_at")[:FEATURED_LIMIT])

    def voices(self):
        """(person, quote, post) for each voice; the newest posts' first authors when none are chosen."""
        from stories.models import RoundtablePostAuthor, RoundtablePostPage

        chosen = list(
            self.voice_items.select_related("person__photo", "post").prefetch_related("person__photo__renditions")
        )
        if chosen:
            return [
                (voice.person, voice.quote, voice.post if voice.post and voice.post.live else None) for voice in chosen
            ]
        authors = RoundtablePostAuthor.objects.select_related("person__photo").prefetch_related(
            "person__photo__renditions"
        )
        posts = (
            RoundtablePostPage.objects.live()
            .public()
            .descendant_of(self)
            .defer_streamfields()
            .prefetch_related(Prefetch("authors", queryset=authors))
            .order_by("-date")[:FEATURED_LIMIT]
        )
        return [(post.authors.all()[0].person, post.intro, post) for post in posts if post.authors.all()]

    def next_webinar(self):
        from webinars.models import WebinarPage

        return WebinarPage.objects.live().public().descendant_of(self).select_related("series").upcoming().first()

    def schema_org(self, request, context):
        return [
            seo.organization(request, SiteSettings.for_request(request)),
            seo.website(request, reverse("search")),
        ]

    def get_context(self, request, *args, **kwargs):
        from playbook.models import PlaybookPage

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


class HomePageVoice(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="voice_items")
    person = models.ForeignKey("stories.Person", on_delete=models.CASCADE, related_name="+")
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
    page_description = "A general page, e.g. About us or the privacy policy."


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    contact_email = models.EmailField(blank=True, help_text="Where form notifications go unless a form sets its own.")
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where every 'Get in touch' button leads.",
    )
    footer_text = RichTextField(blank=True, features=["bold", "italic", "link"])
    facebook_url = models.URLField(blank=True)
    x_url = models.URLField("X (Twitter) URL", blank=True)
    linkedin_url = models.URLField("LinkedIn URL", blank=True)
    youtube_url = models.URLField("YouTube URL", blank=True)

    panels = [
        FieldPanel("contact_email"),
        PageChooserPanel("contact_page"),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("x_url"), FieldPanel("linkedin_url"), FieldPanel("youtube_url")],
            heading="Social links",
        ),
    ]

    class Meta:
        verbose_name = "site settings"

    @property
    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("X (Twitter)", self.x_url),
            ("LinkedIn", self.linkedin_url),
            ("YouTube", self.youtube_url),
        ]
        return [(name, url) for name, url in links if url]
