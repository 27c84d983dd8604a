"""The email for each kind of StoryEmail: the editors' notice, the sender's confirmation, "your story is live".

The sender's words go only into bodies (plain text); headers hold the site's words and, as
Reply-To and To, the address the form validated.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import SiteSettings
from outbox.sending import single_line

from .models import StoryEmail

# editorial.roles.EDITORS, the role its migration 0001 makes (editorial is a layer above this app).
EDITORS_GROUP = "Editors"


def editors_addresses(story):
    addresses = list(
        get_user_model()
        .objects.filter(groups__name=EDITORS_GROUP, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )
    if addresses or story is None:
        return addresses
    contact_email = SiteSettings.for_site(story.get_site()).contact_email
    return [contact_email] if contact_email else []


def build_message(email):
    submission = email.submission
    answers = submission.answers
    story = submission.case_study
    place = answers.get("school") or answers.get("district") or "A school"
    context = {"answers": answers, "place": place, "story": story, "site_name": settings.WAGTAIL_SITE_NAME}
    if email.kind == StoryEmail.Kind.EDITORS:
        context["edit_url"] = (
            settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[story.pk]) if story else ""
        )
        context["district_matched"] = bool(story and story.district_id)
        return EmailMessage(
            subject=single_line(f"A school's story to review: {place}"),
            body=render_to_string("storyshare/email/editors.txt", context),
            to=editors_addresses(story),
            reply_to=[submission.email],
        )
    if email.kind == StoryEmail.Kind.CONFIRMATION:
        return EmailMessage(
            subject="Thank you for sharing your school's story",
            body=render_to_string("storyshare/email/confirmation.txt", context),
            to=[submission.email],
        )
    context["story_url"] = story.get_full_url() if story else ""
    return EmailMessage(
        subject="Your school's story is live",
        body=render_to_string("storyshare/email/published.txt", context),
        to=[submission.email],
    )
