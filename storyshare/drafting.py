"""A sent story becomes a draft case study in the review workflow, with the emails it owes.

Everything a school typed is plain text: it reaches the page only escaped, as paragraphs, headings'
neighbours, a pull quote and images' alt text, never as markup.
"""

import os
from functools import partial

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

from outbox.sending import send_after_commit
from stories.models import CaseStudyPage
from taxonomy.models import District

from .models import StoryEmail
from .tasks import send_story_email

COLLECTION = "Submitted by schools"


def paragraphs(text):
    """Plain text as rich text: a paragraph per blank-line-separated part, line breaks kept, all escaped."""
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{'<br/>'.join(escape(line) for line in part.splitlines())}</p>" for part in parts if part)


def section(heading, text):
    return [
        {"type": "heading", "value": {"text": heading, "level": "h2", "anchor": ""}},
        {"type": "paragraph", "value": paragraphs(text)},
    ]


def place_of(answers):
    return answers["school"] or answers["district"]


def matched_district(name):
    """The district the school named, if the site knows it by name or acronym; else none (editors add it)."""
    if not name:
        return None
    return District.objects.filter(Q(name__iexact=name) | Q(acronym__iexact=name)).first()


def unique_slug(index, place):
    base = (slugify(place) or "school")[:40] + "-story"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def submitted_collection():
    """Where sent photos wait for review; made once, under the root, so every role's image permissions reach it."""
    collection = Collection.objects.filter(name=COLLECTION, depth=2).first()
    return collection or Collection.get_first_root_node().add_child(name=COLLECTION)


def save_images(submission, answers, place):
    """The kept photos as Wagtail images, through the site's image form (its upload checks) like any upload."""
    image_model = get_image_model()
    form_class = get_image_form(image_model, fields=["title", "file", "description"])
    collection = submitted_collection()
    images = []
    for photo in submission.photos.all():
        description = answers[f"description_{photo.slot}"]
        with photo.file.open("rb") as file:
            form = form_class(
                data={
                    "title": f"{place}: {description}"[:255],
                    "description": description,
                    "collection": collection.pk,
                },
                files={"file": File(file, name=os.path.basename(photo.file.name))},
                instance=image_model(collection=collection),
            )
            # It passed the same checks when it was uploaded; one that no longer does is left out.
            if form.is_valid():
                images.append(form.save())
        # The upload goes once the story is saved: until then a failure leaves the draft as it was.
        transaction.on_commit(partial(photo.file.storage.delete, photo.file.name))
        photo.delete()
    return images


def story_body(answers, images, place):
    body = [
        *section("The challenge", answers["challenge"]),
        *section("What the team tried", answers["tried"]),
        *section("What changed", answers["changed"]),
        *section("How we know", answers["evidence"]),
    ]
    if answers["quote"] and answers["consent"]:
        quote = {"quote": answers["quote"], "attribution": answers["speaker"], "role": answers["speaker_role"]}
        body.insert(4, {"type": "quote", "value": quote})
    for image in images:
        body.append(
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": image.description, "decorative": False, "caption": ""},
            }
        )
    credit = f"{answers['name']}, {answers['role']}" if answers["credit"] else f"a member of the {place} team"
    body.append({"type": "paragraph", "value": paragraphs(f"Shared by {credit}.")})
    return body


@transaction.atomic
def share(submission, index, answers):
    """Make the draft case study under the story index, start review, and owe the emails.

    `answers` are every step's cleaned answers together. Returns the page.
    """
    place = place_of(answers)
    images = save_images(submission, answers, place)
    story = CaseStudyPage(
        title=f"{place} shares its story"[:255],
        slug=unique_slug(index, place),
        summary=Truncator(" ".join(answers["challenge"].split())).chars(400),
        school=answers["school"],
        district=matched_district(answers["district"]),
        state=answers["state"],
        body=story_body(answers, images, place),
        hero_image=images[0] if images else None,
        live=False,
    )
    story.conditions = list(answers["conditions"])
    index.add_child(instance=story)
    story.save_revision(log_action=True)
    workflow = story.get_workflow()
    if workflow:
        workflow.start(story, None)

    submission.case_study = story
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["case_study", "submitted_at"])
    for kind in (StoryEmail.Kind.EDITORS, StoryEmail.Kind.CONFIRMATION):
        send_after_commit(StoryEmail.objects.create(submission=submission, kind=kind), send_story_email)
    return story
