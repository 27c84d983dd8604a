"""Where a visitor is in the guided form: their draft (found through the session), the answers kept
for each step, and each step's form built from them."""

from django import forms

from .forms import REVIEW, STEPS, PhotosForm
from .models import StorySubmission

SESSION_KEY = "storyshare"
# Enough for any answer the forms accept with room to show the "too long" error again; NUL is
# dropped, as PostgreSQL cannot keep it in JSON.
KEPT_MAX_LENGTH = 20_000
KEPT_MAX_CHOICES = 50


def current_submission(request):
    token = request.session.get(SESSION_KEY)
    return StorySubmission.objects.in_progress().filter(token=token).first() if isinstance(token, str) else None


def kept_photo_slots(submission):
    return set(submission.photos.values_list("slot", flat=True)) if submission else set()


def build_form(step, submission, data=None, files=None):
    """The step's form: bound to a post, or unbound showing the answers kept."""
    kwargs = {"kept": kept_photo_slots(submission)} if step.form_class is PhotosForm else {}
    if data is None:
        return step.form_class(initial=submission.answers if submission else {}, **kwargs)
    return step.form_class(data, files, **kwargs)


def keep(text):
    return str(text).replace("\x00", "")[:KEPT_MAX_LENGTH]


def posted_answers(form, data):
    """The post's answers for the form's own fields, valid or not, to keep as they were typed.

    Files are kept as SubmittedPhoto rows, and a photo's Remove box acts at once, so neither is an answer.
    """
    answers = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField) or name.startswith("remove_"):
            continue
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            answers[name] = [keep(value) for value in data.getlist(name)[:KEPT_MAX_CHOICES]]
        else:
            answers[name] = keep(data.get(name, ""))
    return answers


def checked_steps(submission):
    """(step, its form bound to the kept answers and validated) for every step before the review."""
    checked = []
    for step in STEPS:
        if step is REVIEW:
            continue
        form = build_form(step, submission, data=submission.answers)
        form.is_valid()
        checked.append((step, form))
    return checked


def answer_rows(form):
    """(label, answer as text) for the review step, from a validated form's fields."""
    rows = []
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField) or name.startswith(getattr(form, "reviewed_apart", ())):
            continue
        value = form.cleaned_data.get(name) if name in form.cleaned_data else form.data.get(name, "")
        if isinstance(field, forms.BooleanField):
            value = "Yes" if value else "No"
        elif not value:
            if not field.required:
                continue  # an optional answer left out
        elif isinstance(field, forms.ModelMultipleChoiceField):
            value = ", ".join(str(item) for item in value)
        elif isinstance(field, forms.ChoiceField):
            value = dict(field.choices).get(value, value)
        rows.append((field.label, value))
    return rows
