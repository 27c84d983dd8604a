"""The sender of a shared story hears once when it goes live."""

from django.db import IntegrityError, transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from outbox.sending import send_after_commit
from stories.models import CaseStudyPage

from .models import StoryEmail, StorySubmission
from .tasks import send_story_email


@receiver(page_published, sender=CaseStudyPage)
def tell_the_sender_their_story_is_live(sender, instance, **kwargs):
    # Wagtail sends the signal when a page is scheduled too, before it is live.
    if not instance.live:
        return
    for submission in StorySubmission.objects.filter(case_study=instance).exclude(
        emails__kind=StoryEmail.Kind.PUBLISHED
    ):
        try:
            with transaction.atomic():
                email = StoryEmail.objects.create(submission=submission, kind=StoryEmail.Kind.PUBLISHED)
        except IntegrityError:  # published twice at once: the other one owes it
            continue
        send_after_commit(email, send_story_email)
