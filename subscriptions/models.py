"""Readers who follow the site by email, what each has been sent, and the emails owed to them.

A Delivery row is one page given to one subscriber; its unique constraint is what sends a page
to a subscriber once and only once, whether the page is republished, a worker dies between
batches or the digest runs twice (subscriptions/delivery.py).
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from outbox.models import OwedEmail
from stories.models import CaseStudyPage, RoundtablePostPage
from webinars.models import WebinarPage

# What a reader can follow: (field on Subscriber, the page type whose new pages it brings).
LISTS = {"roundtable": RoundtablePostPage, "stories": CaseStudyPage, "webinars": WebinarPage}


def new_token():
    return secrets.token_urlsafe(32)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def following(self, page_model):
        """Subscribers whose lists include this page type."""
        return self.filter(**{list_name: True for list_name, model in LISTS.items() if model is page_model})


class Subscriber(models.Model):
    class Frequency(models.TextChoices):
        AT_ONCE = "at_once", "As soon as it is published"
        WEEKLY = "weekly", "In one email a week"

    # Stored lower-cased (normalise_email), so the constraint is case-insensitive.
    email = models.EmailField(unique=True)
    roundtable = models.BooleanField("Roundtable posts", default=False)
    stories = models.BooleanField("School stories", default=False)
    webinars = models.BooleanField("Webinars", default=False)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.AT_ONCE)
    # The subscriber's own links (confirm, manage, unsubscribe) carry it; only their inbox has it.
    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(roundtable=True) | Q(stories=True) | Q(webinars=True), name="subscriber_follows_a_list"
            )
        ]

    def __str__(self):
        return f"Subscriber {self.pk}"

    @staticmethod
    def normalise_email(email):
        return (email or "").strip().lower()

    @property
    def followed_models(self):
        return [model for list_name, model in LISTS.items() if getattr(self, list_name)]

    @property
    def list_names(self):
        return [list_name for list_name in LISTS if getattr(self, list_name)]


class SubscriptionEmail(OwedEmail):
    """An email owed to a subscriber (outbox: saved with the change, sent after commit, retried)."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", "Confirm the subscription"
        ALREADY_SUBSCRIBED = "already_subscribed", "Already subscribed: the link to manage it"
        NEW_PAGE = "new_page", "A page just published"
        DIGEST = "digest", "The week's new pages"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    def __str__(self):
        return f"{self.get_kind_display()} to subscriber {self.subscriber_id}"


class Delivery(models.Model):
    """One page given to one subscriber, in the email that carries it."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(SubscriptionEmail, on_delete=models.CASCADE, related_name="deliveries")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["subscriber", "page"], name="one_delivery_per_subscriber_page")]

    def __str__(self):
        return f"Page {self.page_id} to subscriber {self.subscriber_id}"
