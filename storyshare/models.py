"""A school's story on its way in: the answers of the guided form, kept between its steps, and what it owes.

A visitor's answers live in one StorySubmission row from the first step on (the session holds its
token), so nothing they typed is lost between steps, on an error or on Back. On the last step the
row becomes a draft case study in the review workflow (storyshare.drafting).
"""

import secrets

from django.db import models
from django.utils import timezone

from outbox.models import OwedEmail
from stories.models import CaseStudyPage


def new_token():
    return secrets.token_urlsafe(32)


class StorySubmissionQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(submitted_at__isnull=True)

    def discard(self):
        """Delete these submissions and their photos' files (deleting rows leaves files behind)."""
        for photo in SubmittedPhoto.objects.filter(submission__in=self):
            photo.file.delete(save=False)
        return self.delete()


class StorySubmission(models.Model):
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Each field's answer as it was last posted (text, or a list for a group of checkboxes): the steps'
    # forms validate them again on the review step, so what is kept never has to be valid yet.
    answers = models.JSONField(default=dict)
    reached = models.PositiveSmallIntegerField(default=1, help_text="The furthest step the visitor has come to.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    case_study = models.ForeignKey(
        CaseStudyPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = StorySubmissionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["submitted_at", "updated_at"], name="storyshare_submission_age")]

    def __str__(self):
        return self.answers.get("school") or self.answers.get("district") or f"Story {self.pk}"

    @property
    def email(self):
        return self.answers.get("email", "")


def photo_path(photo, filename):
    # Outside Wagtail's image folders, so protection.media never serves a photo nobody has reviewed.
    return f"submitted_stories/{photo.submission.token}/{filename}"


class SubmittedPhoto(models.Model):
    """One of up to three photos, kept as uploaded until the story is sent (then a Wagtail image)."""

    submission = models.ForeignKey(StorySubmission, on_delete=models.CASCADE, related_name="photos")
    slot = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=photo_path, max_length=255)

    class Meta:
        ordering = ["slot"]
        constraints = [models.UniqueConstraint(fields=["submission", "slot"], name="one_photo_per_slot")]

    def __str__(self):
        return f"Photo {self.slot} of {self.submission}"

    def discard(self):
        self.file.delete(save=False)
        self.delete()


class StoryEmail(OwedEmail):
    """An email a shared story owes (see outbox: saved with the change, sent after commit, retried)."""

    class Kind(models.TextChoices):
        EDITORS = "editors", "To the editors: a story to review"
        CONFIRMATION = "confirmation", "To the sender: we have your story"
        PUBLISHED = "published", "To the sender: your story is live"

    submission = models.ForeignKey(StorySubmission, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta(OwedEmail.Meta):
        # Each is owed once: a story republished never tells its sender again.
        constraints = [models.UniqueConstraint(fields=["submission", "kind"], name="one_story_email_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.submission})"
