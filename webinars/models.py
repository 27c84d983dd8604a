from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ctqsite.blocks import validate_video_url
from ctqsite.blocks.text import BODY_RICH_TEXT_FEATURES
from ctqsite.listing import paginate, with_card_images
from ctqsite.mixins import HeroImageMixin

# A fixed list (not the system's tz database) so migrations never drift.
TIME_ZONE_CHOICES = [
    ("America/New_York", "Eastern (New York)"),
    ("America/Chicago", "Central (Chicago)"),
    ("America/Denver", "Mountain (Denver)"),
    ("America/Phoenix", "Mountain, no daylight saving (Phoenix)"),
    ("America/Los_Angeles", "Pacific (Los Angeles)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico)"),
    ("UTC", "UTC"),
]


class WebinarSeries(index.Indexed, models.Model):
    title = models.CharField(max_length=160, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True, max_length=800)

    panels = [FieldPanel("title"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "webinar series"

    def __str__(self):
        return self.title


class WebinarQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Not yet ended (includes one in progress), soonest first."""
        return self.filter(ends_at__gt=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now()).order_by("-start", "-pk")


WebinarManager = PageManager.from_queryset(WebinarQuerySet)


class WebinarIndexPage(Page):
    intro = RichTextField(blank=True, features=BODY_RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["webinars.WebinarPage"]
    max_count = 1
    page_description = "Webinars: upcoming sessions first, then recordings of past ones."

    def webinars(self):
        return with_card_images(WebinarPage.objects.child_of(self).live().public().select_related("series"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        webinars = self.webinars()
        context["upcoming"] = list(webinars.upcoming())
        context["past"] = paginate(request, webinars.past())
        return context


class WebinarPage(HeroImageMixin, Page):
    series = models.ForeignKey(
        WebinarSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="webinars"
    )
    start = models.DateTimeField(
        help_text="In your own time zone (set in your account); visitors see it in the webinar's time zone."
    )
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="America/New_York")
    duration_minutes = models.PositiveSmallIntegerField(default=60, help_text="How long the session lasts, in minutes.")
    # Stored so upcoming/past can be filtered in the database.
    ends_at = models.DateTimeField(editable=False, db_index=True)
    summary = models.TextField(max_length=400, help_text="One or two sentences for the webinar's card.")
    description = RichTextField(features=BODY_RICH_TEXT_FEATURES)
    recording_url = models.URLField(
        blank=True,
        validators=[validate_video_url],
        help_text="YouTube or Vimeo address of the recording; shown once the webinar has ended.",
    )

    objects = WebinarManager()

    content_panels = Page.content_panels + [
        FieldPanel("series"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("time_zone")]), FieldPanel("duration_minutes")],
            heading="When",
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel("presenters", label="Presenter"),
        *HeroImageMixin.hero_panels,
        FieldPanel("recording_url"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.RelatedFields("series", [index.SearchField("title")]),
        index.RelatedFields("presenters", [index.RelatedFields("person", [index.SearchField("name")])]),
        index.FilterField("start"),
        index.FilterField("ends_at"),
    ]

    parent_page_types = ["webinars.WebinarIndexPage"]
    subpage_types = []
    page_description = "A webinar session: when it is, who presents, and its recording once it has ended."

    class Meta:
        indexes = [models.Index(fields=["start"])]

    def save(self, *args, **kwargs):
        if self.start:
            self.ends_at = self.start + timedelta(minutes=self.duration_minutes or 0)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.start and self.duration_minutes == 0:
            raise ValidationError({"duration_minutes": "A webinar must last at least one minute."})

    @property
    def has_ended(self):
        return self.ends_at <= timezone.now()

    @property
    def is_live(self):
        return self.start <= timezone.now() < self.ends_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["presenters"] = [item.person for item in self.presenters.select_related("person", "person__photo")]
        return context


class WebinarPresenter(Orderable):
    page = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="presenters")
    person = models.ForeignKey("stories.Person", on_delete=models.CASCADE, related_name="webinars_presented")

    panels = [FieldPanel("person")]
