"""Readers' comments on roundtable posts, held for a moderator, and the emails they owe.

A comment is plain text from a name and an email address (never shown). Replies go one level
deep: a reply answers a top-level comment, never another reply. Only approved comments are
shown; the rest wait in the admin's queue (comments/admin_views.py) or are kept, rejected or
marked spam, until purge_comments deletes them.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from outbox.models import OwedEmail

MODERATE_PERMISSION = "comments.moderate_comment"
BODY_MAX_LENGTH = 3000


def body_digest(page, body):
    """The same words on the same post, whatever their case and spacing: how a duplicate is recognised."""
    return hashlib.sha256(f"{page.pk}:{' '.join(body.casefold().split())}".encode()).hexdigest()


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Published"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    page = models.ForeignKey("stories.RoundtablePostPage", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment answered.",
    )
    name = models.CharField(max_length=80)
    email = models.EmailField(help_text="Never shown on the site.")
    body = models.TextField("Comment", max_length=BODY_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    digest = models.CharField(max_length=64, db_index=True, editable=False)
    is_staff_reply = models.BooleanField(default=False, help_text="Written in the admin, in the organisation's name.")

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("moderate_comment", "Can approve, reject and reply to comments")]

    def __str__(self):
        return f"{self.name} on “{self.page.title}”"

    def save(self, *args, **kwargs):
        self.digest = body_digest(self.page, self.body)
        super().save(*args, **kwargs)

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": "Replies go one level deep: answer the comment the reply is under."})
        if self.parent.page_id != self.page_id:
            raise ValidationError({"parent": "A reply must be on the same post as the comment it answers."})


class CommentEmail(OwedEmail):
    """An email a comment owes (see outbox: saved with it, sent after commit, retried)."""

    class Kind(models.TextChoices):
        MODERATORS = "moderators", "To moderators: comments are waiting"
        DELETE_LINK = "delete_link", "To the commenter: their delete link"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    def __str__(self):
        return f"{self.get_kind_display()} for comment {self.comment_id}"
