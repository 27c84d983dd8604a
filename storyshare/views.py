"""The guided form a school shares its story through: seven steps, then a draft case study.

Every post saves what it holds before anything else can go wrong, so an error, Back or a closed
tab loses nothing typed; each accepted post redirects. The spam defences (protection.spam) guard
the two posts that make something, the first step (a new draft) and the last (the story): the
per-address limit shared with the site's forms, the honeypot (on every step) and the fill time.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from protection.spam import FORM_POSTS, HONEYPOT_FIELD, Reason, blocked_reason, form_context
from stories.models import StoryIndexPage

from .drafting import share
from .forms import PHOTO_SLOTS, REVIEW, STEPS, PhotosForm, SchoolForm
from .journey import SESSION_KEY, answer_rows, build_form, checked_steps, current_submission, posted_answers
from .models import StorySubmission, SubmittedPhoto

# The form's name in its protection.spam stamp, so no other form's stamp passes here.
SPAM_FORM = "share-story"


def step_url(number):
    return reverse("storyshare:start") if number == 1 else reverse("storyshare:step", args=[number])


def story_index():
    index = StoryIndexPage.objects.live().public().first()
    if index is None:
        raise Http404("The site has no school stories page to add a story to.")
    return index


def render_step(request, index, step, submission, form=None, status=200, blocked=None, **extra):
    context = {
        "story_index": index,
        "steps": [(each, step_url(each.number)) for each in STEPS],
        "step": step,
        "reached": submission.reached if submission else 1,
        "form": form,
        "blocked": blocked,
        "previous_url": step_url(step.number - 1) if step.number > 1 else "",
        "rate_limit_minutes": FORM_POSTS.minutes,
        **form_context(index, SPAM_FORM),
        **extra,
    }
    template = "storyshare/review.html" if step.is_review else "storyshare/step.html"
    return TemplateResponse(request, template, context, status=status)


def refused(response, reason):
    return FORM_POSTS.refuse(response) if reason == Reason.RATE_LIMITED else response


def discard(request, submission):
    if submission:
        StorySubmission.objects.filter(pk=submission.pk).discard()
    request.session.pop(SESSION_KEY, None)


@never_cache
@require_http_methods(["GET", "POST"])
def step(request, number=1):
    index = story_index()
    if not 1 <= number <= len(STEPS):
        raise Http404("No such step.")
    current = STEPS[number - 1]
    submission = current_submission(request)
    if submission is None and number > 1:
        messages.info(request, "Start your story here: we keep your answers as you go from step to step.")
        return redirect(step_url(1))
    if submission and number > submission.reached:
        return redirect(step_url(submission.reached))
    if request.method == "GET":
        if current.is_review:
            return render_review(request, index, submission)
        return render_step(request, index, current, submission, build_form(current, submission))
    if request.POST.get(HONEYPOT_FIELD):
        # Only robots fill in a field nobody sees: it looks like success so they learn nothing.
        discard(request, submission)
        return redirect("storyshare:thanks")
    back = request.POST.get("action") == "back" and number > 1
    if current.is_review:
        return redirect(step_url(number - 1)) if back else send(request, index, submission)
    if submission is None and (reason := blocked_reason(request, index, SPAM_FORM)):
        kept = SchoolForm(initial=posted_answers(SchoolForm(), request.POST))
        return refused(render_step(request, index, current, None, kept, blocked=reason), reason)

    form = build_form(current, submission, request.POST, request.FILES)
    valid = form.is_valid()
    if submission is None:
        if not valid:
            return render_step(request, index, current, None, form, status=400)
        submission = StorySubmission.objects.create()
        request.session[SESSION_KEY] = submission.token
    if isinstance(form, PhotosForm):
        form = keep_photos(submission, current, form)
    submission.answers.update(posted_answers(form, request.POST))
    if valid and not back:
        submission.reached = max(submission.reached, number + 1)
    submission.updated_at = timezone.now()
    submission.save(update_fields=["answers", "reached", "updated_at"])
    if back:
        return redirect(step_url(number - 1))
    if not valid:
        return render_step(request, index, current, submission, form, status=400)
    return redirect(step_url(number + 1))


def keep_photos(submission, step, form):
    """Act on the photos step's files at once, whatever else it says; returns the form to show again."""
    cleaned = form.cleaned_data
    for slot in form.kept:
        if cleaned.get(f"remove_{slot}"):
            submission.photos.get(slot=slot).discard()
    for slot in PHOTO_SLOTS:
        upload = cleaned.get(f"photo_{slot}")
        if not upload:
            continue
        photo = submission.photos.filter(slot=slot).first() or SubmittedPhoto(submission=submission, slot=slot)
        if photo.file:
            photo.file.delete(save=False)
        photo.file.save(upload.name, upload, save=True)
    if form.is_valid():
        return form
    # Shown again with the photos now kept (a browser cannot show a chosen file again), and the upload errors.
    shown = build_form(step, submission, form.data)
    shown.is_valid()
    for slot in PHOTO_SLOTS:
        if f"photo_{slot}" in form.errors:
            shown.add_error(f"photo_{slot}", form.errors[f"photo_{slot}"].as_data())
    return shown


def render_review(request, index, submission, status=200, blocked=None):
    checked = checked_steps(submission)
    sections = [(step, step_url(step.number), answer_rows(form), not form.is_valid()) for step, form in checked]
    photos = [
        (photo.slot, submission.answers.get(f"description_{photo.slot}", "")) for photo in submission.photos.all()
    ]
    return render_step(
        request,
        index,
        REVIEW,
        submission,
        status=status,
        blocked=blocked,
        sections=sections,
        photos=photos,
        photos_step=next(each for each in STEPS if each.form_class is PhotosForm),
        problems=[(step, url) for step, url, _rows, invalid in sections if invalid],
        sent=request.method == "POST",
    )


def send(request, index, submission):
    reason = blocked_reason(request, index, SPAM_FORM)
    if reason:
        return refused(render_review(request, index, submission, blocked=reason), reason)
    checked = checked_steps(submission)
    if any(form.errors for _step, form in checked):
        return render_review(request, index, submission, status=400)
    answers = {}
    for _step, form in checked:
        answers.update(form.cleaned_data)
    with transaction.atomic():
        # Locked, so a double click sends the story once.
        locked = StorySubmission.objects.in_progress().select_for_update().filter(pk=submission.pk).first()
        if locked:
            share(locked, index, answers)
    request.session.pop(SESSION_KEY, None)
    return redirect("storyshare:thanks")


@never_cache
def thanks(request):
    return TemplateResponse(request, "storyshare/thanks.html", {"story_index": story_index()})
