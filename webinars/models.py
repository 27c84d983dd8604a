import hashlib
import secrets
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core import seo
from core.blocks.text import BODY_RICH_TEXT_FEATURES, INLINE_RICH_TEXT_FEATURES
from core.listing import PAGE_SIZE, paginate, with_card_images
from core.mixins import HeroImageMixin, ListingCardPreviewMixin, SharePreviewMixin
from core.page_types import PageType
from core.panels import editor_tabs
from core.routing import routed
from core.video import TRANSCRIPT_REQUIRED, has_text, validate_video_url
from outbox.models import OwedEmail
from taxonomy.models import Person, StateField, SystemCondition

from .admin_forms import WebinarPageForm

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


class WebinarIndexPage(SharePreviewMixin, Page):
    intro = RichTextField(blank=True, features=BODY_RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    edit_handler = editor_tabs(content_panels)
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["webinars.WebinarPage"]
    max_count = 1
    page_type = PageType(icon="folder-open-inverse")
    page_description = "Webinars: upcoming sessions first, then recordings of past ones."

    class Meta:
        verbose_name = "webinars"
        verbose_name_plural = "webinars"

    # The page of past webinars; the page cache ignores (and hides) any other GET parameter.
    varies_on_query_params = ("page",)

    def webinars(self):
        return with_card_images(WebinarPage.objects.child_of(self).live().public().select_related("series"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        webinars = self.webinars()
        # The next sessions only: one more than shown tells whether others follow, without a count.
        upcoming = list(webinars.upcoming()[: PAGE_SIZE + 1])
        context["upcoming"] = upcoming[:PAGE_SIZE]
        context["more_upcoming"] = len(upcoming) > PAGE_SIZE
        context["past"] = paginate(request, webinars.past())
        return context


class WebinarPage(SharePreviewMixin, ListingCardPreviewMixin, RoutablePageMixin, HeroImageMixin, Page):
    series = models.ForeignKey(WebinarSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="webinars")
    start = models.DateTimeField(
        help_text="The date and time in the webinar's time zone (chosen next to it), as registrants see it."
    )
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="America/New_York")
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)", default=60, help_text="How long the session lasts, in minutes."
    )
    # Stored so upcoming/past can be filtered in the database.
    ends_at = models.DateTimeField(editable=False, db_index=True)
    summary = models.TextField(max_length=400, help_text="One or two sentences for the webinar's card.")
    description = RichTextField(features=BODY_RICH_TEXT_FEATURES)
    recording_url = models.URLField(
        "recording URL",
        blank=True,
        validators=[validate_video_url],
        help_text="YouTube or Vimeo address of the recording; shown once the webinar has ended.",
    )
    recording_transcript = RichTextField(
        blank=True,
        features=INLINE_RICH_TEXT_FEATURES,
        help_text="What is said in the recording, for people who cannot watch or hear it; shown below it.",
    )
    recording_captions_on_host = models.BooleanField(
        "captions are on the video host", default=False, help_text="Tick if the recording itself has captions."
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people can attend. Leave blank for no limit."
    )
    waitlist = models.BooleanField(
        default=True, help_text="When the webinar is full, take further sign-ups on a waitlist."
    )
    registration_opens_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="In the webinar's time zone. Leave blank to open registration as soon as the page is published.",
    )
    registration_closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="In the webinar's time zone. Leave blank to close registration when the webinar starts.",
    )
    join_url = models.URLField(
        "Join link", blank=True, help_text="Sent to registrants by email only; never shown on the site."
    )
    conditions = ParentalManyToManyField(
        SystemCondition,
        blank=True,
        related_name="webinars",
        help_text="The system conditions the session covers: the search page's condition filter finds it by them.",
    )

    objects = WebinarManager()
    # The start and registration times are typed in the webinar's own time zone.
    base_form_class = WebinarPageForm

    content_panels = Page.content_panels + [
        FieldPanel(
            "series",
            help_text="Optional. Registrants are offered the series' other upcoming sessions; add a series "
            "under Snippets › Webinar series.",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("start"),
                        FieldPanel(
                            "time_zone",
                            help_text="The zone visitors see the time in, and the calendar invite uses.",
                        ),
                    ]
                ),
                FieldPanel("duration_minutes"),
            ],
            heading="When",
        ),
        FieldPanel("summary"),
        FieldPanel("description", help_text="What the session covers; shown above the registration form."),
        InlinePanel("presenters", label="Presenter"),
        FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
        *HeroImageMixin.hero_panels,
        MultiFieldPanel(
            [FieldPanel("recording_url"), FieldPanel("recording_transcript"), FieldPanel("recording_captions_on_host")],
            heading="Recording",
        ),
    ]
    registration_panels = [
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("waitlist")]),
        FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
        FieldPanel("join_url"),
    ]
    edit_handler = editor_tabs(content_panels, ObjectList(registration_panels, heading="Registration"))
    card_template = "webinars/components/webinar_card.html"
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.RelatedFields("series", [index.SearchField("title")]),
        index.RelatedFields(
            "presenters", [index.RelatedFields("person", [index.SearchField("name"), *Person.PAGE_SEARCH_FIELDS])]
        ),
        # As of the last indexing: saving the page (adding its recording) or update_index refreshes it.
        index.SearchField("status_label"),
        index.AutocompleteField("status_label"),
        # The condition filter, not the text: a session's own words rank it for a condition's name.
        index.FilterField("conditions"),
        index.FilterField("start"),
        index.FilterField("ends_at"),
    ]

    parent_page_types = ["webinars.WebinarIndexPage"]
    subpage_types = []
    page_type = PageType(
        icon="calendar", search_slug="webinar", date_field="start", in_content_menu=True, conditions_field="conditions"
    )
    page_description = "A webinar session: when it is, who presents, and its recording once it has ended."

    class Meta:
        verbose_name = "webinar"
        verbose_name_plural = "webinars"
        indexes = [models.Index(fields=["start"])]

    def end_for(self, start):
        # In UTC: an aware datetime plus a timedelta is wall-clock arithmetic in its own zone,
        # which is an hour out when the session spans a daylight-saving change.
        return start.astimezone(UTC) + timedelta(minutes=self.duration_minutes or 0)

    def update_end(self):
        if self.start:
            self.ends_at = self.end_for(self.start)

    def save(self, *args, **kwargs):
        self.update_end()
        super().save(*args, **kwargs)

    def serve_preview(self, request, mode_name):
        # A preview is never saved: work the end out from the start and duration being previewed.
        self.update_end()
        return super().serve_preview(request, mode_name)

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.duration_minutes == 0:
            errors["duration_minutes"] = "A webinar must last at least one minute, or it would end before it starts."
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = "Registration must close after it opens."
        if self.start and self.registration_opens_at and self.registration_opens_at >= self.start:
            errors["registration_opens_at"] = "Registration must open before the webinar starts."
        if self.start and self.recording_url and self.end_for(self.start) > timezone.now():
            errors["recording_url"] = (
                "This webinar has not ended yet: add the recording once it has. Until then the page takes registrations."
            )
        if self.recording_url and not has_text(self.recording_transcript) and not self.recording_captions_on_host:
            errors["recording_transcript"] = TRANSCRIPT_REQUIRED
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        return ZoneInfo(self.time_zone)

    @property
    def registration_closes(self):
        return self.registration_closes_at or self.start

    @property
    def registration_opens_later(self):
        return self.registration_opens_at is not None and self.registration_opens_at > timezone.now()

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        opened = self.registration_opens_at is None or self.registration_opens_at <= now
        return opened and now < self.registration_closes

    @property
    def status_label(self):
        """What the session is now, in searchers' words: "upcoming", "recording available"."""
        if self.recording_url:
            return "Webinar recording available"
        return "Past webinar" if self.has_ended else "Upcoming webinar"

    @property
    def has_ended(self):
        return self.ends_at <= timezone.now()

    @property
    def is_live(self):
        return self.start <= timezone.now() < self.ends_at

    def confirmed_count(self):
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    def seats_left(self):
        """Seats not yet taken; None when the webinar has no limit."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.confirmed_count())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["presenters"] = [item.person for item in self.presenters.select_related("person", "person__photo")]
        context["registration_open"] = self.registration_is_open()
        context["seats_left"] = self.seats_left() if context["registration_open"] else None
        return context

    def schema_org(self, request, context):
        return [seo.event(request, self, presenters=context.get("presenters", []))]

    def other_open_sessions(self):
        """Upcoming sessions of the same series that are taking sign-ups."""
        if not self.series_id:
            return []
        siblings = WebinarPage.objects.live().public().upcoming().filter(series_id=self.series_id).exclude(pk=self.pk)
        return [webinar for webinar in siblings if webinar.registration_is_open()]

    # --- Registration routes --------------------------------------------------------------

    webinar = path("", name="webinar")(routed("webinars.views.webinar_page"))
    registered = path("registered/<str:token>/", name="registered")(routed("webinars.views.registration_status"))
    cancel = path("cancel/<str:token>/", name="cancel")(routed("webinars.views.cancel_registration"))
    check_inbox = path("check-your-inbox/", name="check_inbox")(routed("webinars.views.check_inbox"))
    # Not "calendar.ics": Wagtail routes only path segments of letters, digits, _ and - (no dots).
    calendar = path("calendar/", name="calendar")(routed("webinars.views.calendar_file"))


class WebinarPresenter(Orderable):
    page = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="presenters")
    person = models.ForeignKey("taxonomy.Person", on_delete=models.CASCADE, related_name="webinars_presented")

    panels = [FieldPanel("person")]


class Registration(models.Model):
    """One person's place at one webinar: confirmed, waitlisted or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "Waitlisted"
        CANCELLED = "cancelled", "Cancelled"

    class Role(models.TextChoices):
        TEACHER = "teacher", "Teacher"
        ADMINISTRATOR = "administrator", "School administrator"
        DISTRICT_STAFF = "district", "District staff"
        OTHER = "other", "Other"

    webinar = models.ForeignKey(WebinarPage, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=200)
    # Stored stripped and lower-cased, so the unique constraint ignores case and spaces.
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.CharField("School or district", max_length=200, blank=True)
    state = StateField(blank=True)
    consent = models.BooleanField("Agreed to emails about this webinar", default=False)
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    day_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    hour_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["webinar", "email"], name="one_registration_per_email_per_webinar"),
        ]
        # An address's places across webinars: the series list, the cap on emails to one address.
        indexes = [models.Index(fields=["email"], name="webinars_registration_email")]

    def __str__(self):
        return f"{self.name} – {self.webinar.title}"

    def registered_at(self):
        """When they signed up, to the minute in the webinar's own time zone: "2026-03-04 15:30 EST"."""
        moment = self.created_at.astimezone(self.webinar.zone)
        return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"

    @staticmethod
    def normalise_email(email):
        return (email or "").strip().lower()

    def waitlist_position(self):
        """1 for the first in line; None when not waitlisted."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = Registration.objects.filter(
            webinar_id=self.webinar_id, status=self.Status.WAITLISTED, created_at__lte=self.created_at
        ).exclude(created_at=self.created_at, pk__gt=self.pk)
        return ahead.count()

    def new_link(self):
        """A new token for the links in one email; only its digest is kept (RegistrationLink)."""
        token = secrets.token_urlsafe(32)
        RegistrationLink.objects.create(registration=self, digest=RegistrationLink.digest_of(token))
        return token


class RegistrantMessage(models.Model):
    """A message staff sent to one webinar's confirmed or waitlisted registrants (one email each)."""

    class Audience(models.TextChoices):
        CONFIRMED = Registration.Status.CONFIRMED.value, "Confirmed registrants"
        WAITLISTED = Registration.Status.WAITLISTED.value, "The waitlist"

    webinar = models.ForeignKey(WebinarPage, on_delete=models.CASCADE, related_name="registrant_messages")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    subject = models.CharField(max_length=150)
    body = models.TextField("message", max_length=5000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)
    # Made when staff preview the message: sending the same preview twice (a double click, a
    # resubmitted form) meets this unique key, so nobody gets the message twice.
    key = models.UUIDField(unique=True, editable=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject


class RegistrationEmail(OwedEmail):
    """An email owed to a registrant (see outbox: saved with the change, sent after commit, retried)."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", "Registration confirmed"
        WAITLISTED = "waitlisted", "Added to the waitlist"
        PROMOTED = "promoted", "Moved from the waitlist to a seat"
        CANCELLED = "cancelled", "Cancellation confirmed"
        DAY_REMINDER = "day_reminder", "Reminder a day before"
        HOUR_REMINDER = "hour_reminder", "Reminder an hour before"
        LINK = "link", "A new link to the registration"
        MESSAGE = "message", "A message from staff"

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # For a MESSAGE: which one. Each registrant gets each message once (the constraint).
    message = models.ForeignKey(
        RegistrantMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )

    class Meta(OwedEmail.Meta):
        constraints = [
            models.UniqueConstraint(fields=["registration", "message"], name="one_email_per_registrant_message"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to registration {self.registration_id}"


class RegistrationLink(models.Model):
    """A registrant's own link (their status page, cancelling), one per email that carries it.

    Only the SHA-256 digest of the token is stored: the token itself is only ever in the email.
    webinars.registration decides how long a link works and revokes them.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="links")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Link to registration {self.registration_id}"

    @staticmethod
    def digest_of(token):
        return hashlib.sha256(token.encode()).hexdigest()
