"""The guided form's steps: one Django form each, in the order a school tells its story.

Each form validates the answers kept for its step (StorySubmission.answers) as well as a post, so
the review step can check every step again before the story is sent.
"""

from dataclasses import dataclass

from django import forms
from localflavor.us.us_states import STATE_CHOICES

from protection.uploads import ImageFileField
from taxonomy.models import SystemCondition

LONG_ANSWER = 5000
PHOTO_SLOTS = (1, 2, 3)


def long_answer(label, help_text, required=True, max_length=LONG_ANSWER):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class SchoolForm(forms.Form):
    school = forms.CharField(
        label="School", max_length=160, required=False, help_text="Leave blank if the story is the whole district's."
    )
    district = forms.CharField(label="District", max_length=160, required=False)
    state = forms.ChoiceField(label="State", choices=[("", "Choose…"), *STATE_CHOICES])
    name = forms.CharField(label="Your name", max_length=120)
    role = forms.CharField(label="Your role", max_length=160, help_text="e.g. Teacher leader, principal, coach.")
    email = forms.EmailField(
        label="Your email", help_text="We write to you only about this story: when we have it and when it is live."
    )
    credit = forms.BooleanField(
        label="Name me on the story as the person who shared it",
        required=False,
        help_text="Otherwise it says it was shared by a member of the school's team.",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("school") and not cleaned.get("district") and "school" not in self.errors:
            self.add_error("school", "Give the school's name, the district's, or both.")
        return cleaned


class ChallengeForm(forms.Form):
    challenge = long_answer(
        "What was the challenge?",
        "What the school faced before the team began, and who it affected. A few paragraphs is plenty.",
    )


class TriedForm(forms.Form):
    tried = long_answer(
        "What did the team try?", "Who was on the team, what they did and how they shared the leadership."
    )
    conditions = forms.ModelMultipleChoiceField(
        label="Which system conditions did the work touch?",
        queryset=SystemCondition.objects.live(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any that fit; our editors can help if you are not sure.",
    )


class ChangedForm(forms.Form):
    changed = long_answer("What changed?", "For students, for staff, for how decisions are made.")
    evidence = long_answer(
        "How do you know?",
        "The evidence: figures such as attendance or results, survey answers, what people noticed.",
        max_length=3000,
    )


class QuoteForm(forms.Form):
    quote = long_answer(
        "A quote (optional)", "A few words from someone involved, as they said them.", required=False, max_length=600
    )
    speaker = forms.CharField(label="Who said it", max_length=120, required=False)
    speaker_role = forms.CharField(
        label="Their role", max_length=160, required=False, help_text="e.g. Fifth-grade teacher, Walker-Gamble."
    )
    consent = forms.BooleanField(label="The person quoted agrees to it being published with their name", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("quote"):
            if not cleaned.get("speaker") and "speaker" not in self.errors:
                self.add_error("speaker", "Say who said it, or leave the quote out.")
            if not cleaned.get("consent"):
                self.add_error("consent", "We publish a quote only with the speaker's agreement.")
        return cleaned


class PhotosForm(forms.Form):
    """Up to three photos. A photo is kept the moment it passes the upload checks, even when the rest
    of the step has a problem, because a browser cannot show a chosen file again."""

    # The review lists the photos with their descriptions itself.
    reviewed_apart = ("photo_", "description_", "remove_")

    release = forms.BooleanField(
        label="I have permission to share these photos, and everyone recognisable in them (for children, "
        "their parents) has agreed to them being published",
        required=False,
    )

    def __init__(self, *args, kept=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = set(kept)
        for slot in PHOTO_SLOTS:
            self.fields[f"photo_{slot}"] = ImageFileField(
                label=f"File for photo {slot}", required=False, help_text="A JPEG, PNG, WebP, AVIF or GIF, up to 10 MB."
            )
            self.fields[f"description_{slot}"] = forms.CharField(
                label=f"Describe photo {slot}",
                max_length=250,
                required=False,
                help_text="For people who cannot see it, e.g. 'Three teachers planning at a table'.",
            )
            if slot in self.kept:
                self.fields[f"remove_{slot}"] = forms.BooleanField(label=f"Remove photo {slot}", required=False)
        # The release last, after the photos it is about.
        self.fields["release"] = self.fields.pop("release")

    def photo_slots(self):
        """(slot, photo field, description field, remove field or None, kept) for the template."""
        return [
            (
                slot,
                self[f"photo_{slot}"],
                self[f"description_{slot}"],
                self[f"remove_{slot}"] if slot in self.kept else None,
                slot in self.kept,
            )
            for slot in PHOTO_SLOTS
        ]

    def has_photo(self, slot):
        kept = slot in self.kept and not self.cleaned_data.get(f"remove_{slot}")
        return kept or bool(self.cleaned_data.get(f"photo_{slot}"))

    def clean(self):
        cleaned = super().clean()
        with_photos = [slot for slot in PHOTO_SLOTS if self.has_photo(slot)]
        for slot in with_photos:
            if not cleaned.get(f"description_{slot}") and f"description_{slot}" not in self.errors:
                self.add_error(f"description_{slot}", "Describe the photo: it becomes its alt text.")
        if with_photos and not cleaned.get("release"):
            self.add_error("release", "We can publish photos only with this permission.")
        return cleaned


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    form_class: type | None  # None: the review step

    @property
    def is_review(self):
        return self.form_class is None


STEPS = [
    Step(1, "Your school", SchoolForm),
    Step(2, "The challenge", ChallengeForm),
    Step(3, "What the team tried", TriedForm),
    Step(4, "What changed", ChangedForm),
    Step(5, "A quote", QuoteForm),
    Step(6, "Photos", PhotosForm),
    Step(7, "Check and send", None),
]
REVIEW = STEPS[-1]
