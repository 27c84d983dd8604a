from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from core.blocks.text import BODY_RICH_TEXT_FEATURES
from core.mixins import SharePreviewMixin
from core.models import SiteSettings
from core.page_types import PageType
from core.panels import editor_tabs
from core.routing import routed
from outbox.models import OwedEmail
from protection.spam import Reason

from .forms import FormBuilder
from .panels import SubmissionsPanel

REVIEW_PERMISSION = "formpages.review_submission"


class FormField(AbstractFormField):
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(SharePreviewMixin, RoutablePageMixin, AbstractEmailForm):
    """Contact form and readiness survey: fields are built by staff in the admin.

    Unlike Wagtail's default, a post is checked against spam (protection.spam), saved,
    answered with a redirect to the thank-you page, and its emails go out after commit
    as background tasks (outbox), so a failing mail server never loses it.
    """

    intro = RichTextField(blank=True, features=BODY_RICH_TEXT_FEATURES)
    thank_you_text = RichTextField(blank=True, features=BODY_RICH_TEXT_FEATURES)
    send_confirmation = models.BooleanField(
        "Email the person a confirmation",
        default=False,
        help_text="Sent to the address they give in the form's first Email field, if it has one.",
    )
    confirmation_subject = models.CharField(max_length=255, blank=True, default="Thank you for getting in touch")
    confirmation_text = models.TextField(
        blank=True,
        max_length=2000,
        help_text=(
            "Plain text. The email holds only this text, never the person's answers, "
            "so nobody can use the form to send their own words to someone else."
        ),
    )

    content_panels = AbstractEmailForm.content_panels + [
        SubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel(
            "form_fields",
            label="Form fields",
            help_text="What visitors fill in. Ask only for what the team will use: answers are personal data.",
        ),
        FieldPanel("thank_you_text", help_text="Shown after a visitor sends the form."),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Notification email",
            help_text="Leave the to address empty to send notifications to the contact email in Site settings.",
        ),
        MultiFieldPanel(
            [FieldPanel("send_confirmation"), FieldPanel("confirmation_subject"), FieldPanel("confirmation_text")],
            heading="Confirmation email",
        ),
    ]
    edit_handler = editor_tabs(content_panels)
    search_fields = AbstractEmailForm.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    page_type = PageType(icon="form", search_slug="form", in_content_menu=True)
    page_description = "A form staff build themselves: the contact form, the readiness survey."

    class Meta:
        verbose_name = "form"
        verbose_name_plural = "forms"

    form_builder = FormBuilder

    def get_submission_class(self):
        return Submission

    def get_submissions_list_view_class(self):
        # By path, as the routes: the admin views import this module.
        return import_string("formpages.admin_views.SubmissionsListView")

    # --- Routes -----------------------------------------------------------------------------

    show_form = path("", name="show_form")(routed("formpages.views.form_page"))

    @path("thank-you/")
    def thank_you(self, request):
        return self.render_landing_page(request)

    def thank_you_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("thank_you")

    def serve_preview(self, request, mode_name):
        # RoutablePageMixin previews only the form; Wagtail's "Landing page" mode shows the thank-you.
        if mode_name == "landing":
            return self.render_landing_page(request)
        return super().serve_preview(request, mode_name)

    # --- Submissions and their emails ----------------------------------------------------------

    def emails_owed(self, submission):
        kinds = []
        if self.notification_addresses():
            kinds.append(SubmissionEmail.Kind.NOTIFICATION)
        if self.send_confirmation and self.confirmation_address(submission):
            kinds.append(SubmissionEmail.Kind.CONFIRMATION)
        return kinds

    def notification_addresses(self):
        """The page's own addresses, or else the contact email in the site settings."""
        addresses = [address.strip() for address in self.to_address.split(",") if address.strip()]
        if addresses:
            return addresses
        contact_email = SiteSettings.for_site(self.get_site()).contact_email
        return [contact_email] if contact_email else []

    def confirmation_address(self, submission):
        """What the person typed in the form's first Email field (validated as an address when sent)."""
        for field in self.get_form_fields():
            if field.field_type == "email":
                return submission.form_data.get(field.clean_name) or ""
        return ""


class Submission(AbstractFormSubmission):
    """One filled-in form. purge_form_submissions deletes it after FORM_SUBMISSION_RETENTION_DAYS."""

    duplicate_key = models.CharField(max_length=64, unique=True, editable=False)

    class Meta(AbstractFormSubmission.Meta):
        indexes = [models.Index(fields=["submit_time"], name="formpages_submit_time")]
        # Seeing a form's submissions takes this as well as permission to edit its page
        # (formpages.wagtail_hooks); it covers the listing, the exports and deleting.
        default_permissions = ()
        permissions = [("review_submission", "Can see, export and delete form submissions")]


class SubmissionEmail(OwedEmail):
    """An email a submission owes (see outbox: saved with it, sent after commit, retried)."""

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", "Notification to staff"
        CONFIRMATION = "confirmation", "Confirmation to the person"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    def __str__(self):
        return f"{self.get_kind_display()} for submission {self.submission_id}"


class BlockedAttempt(models.Model):
    """How many posts the spam defences refused, per form, day and reason. Only counted:
    what a refused post held is never stored."""

    page = models.ForeignKey(FormPage, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "day", "reason"], name="one_blocked_count_per_form_day_reason"),
        ]

    def __str__(self):
        return f"{self.count} × {self.get_reason_display()} on {self.day}"

    @classmethod
    def record(cls, page, reason):
        day = timezone.localdate()
        counts = cls.objects.filter(page=page, day=day, reason=reason)
        if counts.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(page=page, day=day, reason=reason, count=1)
        except IntegrityError:  # another post made today's row first
            counts.update(count=F("count") + 1)

    @classmethod
    def recent_counts(cls, page, days=30):
        """{reason: count} over the last `days` days."""
        since = timezone.localdate() - timedelta(days=days)
        rows = cls.objects.filter(page=page, day__gt=since).values("reason").annotate(total=models.Sum("count"))
        return {row["reason"]: row["total"] for row in rows}
