from django import forms

from .models import PlanItem, TeamAssessment, TeamPlan
from .scoring import Level


class AnswersForm(forms.Form):
    """One radio question per statement, grouped by condition; every statement needs an answer."""

    def __init__(self, *args, conditions, ask_about_you=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.conditions = [condition for condition in conditions if condition.statements.all()]
        for condition in self.conditions:
            for statement in condition.statements.all():
                self.fields[self.field_name(statement)] = forms.TypedChoiceField(
                    label=statement.text,
                    choices=Level.choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": "Choose a level for this statement.",
                        "invalid_choice": "Choose one of the four levels.",
                    },
                )
        if ask_about_you:
            self.fields["name"] = forms.CharField(
                label="Your name", required=False, max_length=80, widget=forms.TextInput(attrs={"autocomplete": "name"})
            )
            self.fields["role"] = forms.CharField(
                label="Your role",
                required=False,
                max_length=80,
                help_text="For example: sixth-grade teacher, assistant principal.",
            )

    def clean(self):
        if not self.conditions:
            raise forms.ValidationError("This self-assessment has no statements yet.")
        return super().clean()

    @staticmethod
    def field_name(statement):
        return f"statement_{statement.pk}"

    def sections(self):
        """(condition, [bound field per statement]) in the playbook's order."""
        return [
            (condition, [self[self.field_name(statement)] for statement in condition.statements.all()])
            for condition in self.conditions
        ]

    def about_you(self):
        return [self[name] for name in ("name", "role") if name in self.fields]

    def answers(self):
        """{statement pk: level} once the form is valid."""
        return {
            statement.pk: self.cleaned_data[self.field_name(statement)]
            for condition in self.conditions
            for statement in condition.statements.all()
        }

    def problems(self):
        """(id of the input to link to, message) for every error, in the form's order."""
        found = []
        for condition, fields in self.sections():
            for field in fields:
                found += [
                    (f"{field.auto_id}_0", f"{condition.name}: “{field.label}” – {error}") for error in field.errors
                ]
        for field in self.about_you():
            found += [(field.id_for_label, f"{field.label}: {error}") for error in field.errors]
        return found


class StartTeamForm(forms.ModelForm):
    class Meta:
        model = TeamAssessment
        fields = ["name"]
        labels = {"name": "Team name (optional)"}
        help_texts = {"name": "Shown on the team's pages, e.g. 'Stone Creek sixth-grade team'."}


# --- The team workspace --------------------------------------------------------------------------


class DecideForm(forms.Form):
    """The intentional decision: the greatest need or the greatest strength, and why, in a sentence."""

    kind = forms.ChoiceField(
        label="Which condition will the team work on?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the condition the team will work on."},
    )
    reason = forms.CharField(
        label="Why this one, in a sentence",
        max_length=300,
        help_text="For example: we already trust each other, so we build on it before taking on our need.",
        error_messages={"required": "Say in a sentence why the team chose it."},
    )

    def __init__(self, *args, focus, **kwargs):
        super().__init__(*args, **kwargs)
        self.focus = focus
        choices = [("need", f"Greatest need: {focus.need.condition.name} ({focus.need.condition.average})")]
        if focus.strength:
            choices.append(
                ("strength", f"Greatest strength: {focus.strength.condition.name} ({focus.strength.condition.average})")
            )
        self.fields["kind"].choices = choices

    def chosen_condition(self):
        choice = self.focus.need if self.cleaned_data["kind"] == "need" else self.focus.strength
        return choice.condition


class VersionedForm(forms.ModelForm):
    """A form that saves only what the person changed, and only over the version they saw.

    Each field carries the value it was shown with (Django's ``show_hidden_initial``), so the form
    knows which fields the person edited; ``version`` is the row's version when the form was drawn
    (assessment.workspace.save_edits).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    is_conflict = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._meta.fields:
            self.fields[name].show_hidden_initial = True
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def edits(self):
        """{field: value} of what the person changed."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.changed_data}

    def seen(self, name):
        """The value ``name`` had when the form was shown."""
        return self.fields[name].to_python(self.data.get(self.add_initial_prefix(name)))

    def overlaps(self, saved):
        """The fields this person changed that someone else changed too, since the form was shown."""
        return [name for name in self.edits() if getattr(saved, name) != self.seen(name)]

    def kept_after_conflict(self, saved):
        """What the person typed, now shown against the version saved meanwhile: sending it again saves it."""
        data = self.data.copy()
        data[self.add_prefix("version")] = saved.version
        for name in self._meta.fields:
            value = getattr(saved, name)
            data[self.add_initial_prefix(name)] = "" if value is None else str(value)
        kept = type(self)(data, instance=saved, prefix=self.prefix)
        kept.is_conflict = True
        kept.full_clean()
        return kept

    def saved_values(self):
        """(label, value) of each field as saved in the row, for the conflict message."""
        instance = self.instance
        return [
            (
                self.fields[name].label,
                getattr(instance, f"get_{name}_display", lambda name=name: getattr(instance, name))(),
            )
            for name in self._meta.fields
        ]


class FrameForm(VersionedForm):
    class Meta:
        model = TeamPlan
        fields = ["problem", "goal", "theory_if", "theory_then", "theory_because"]
        help_texts = {
            "problem": "The problem in your school's daily work this condition touches.",
            "goal": "What will be different, and by when.",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class PlanDetailsForm(VersionedForm):
    class Meta:
        model = TeamPlan
        fields = ["pilot_group", "evidence", "evidence_recorded"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class EvidenceForm(VersionedForm):
    """What a member may change of the plan itself: the evidence recorded."""

    class Meta:
        model = TeamPlan
        fields = ["evidence_recorded"]
        widgets = {"evidence_recorded": forms.Textarea(attrs={"rows": 3})}


ITEM_WIDGETS = {
    "task": forms.Textarea(attrs={"rows": 2}),
    "notes": forms.Textarea(attrs={"rows": 2}),
    "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}


class ItemForm(VersionedForm):
    """The owner's form for one plan item: everything."""

    class Meta:
        model = PlanItem
        fields = ["task", "owner_name", "due_date", "status", "notes", "reminder_email"]
        widgets = ITEM_WIDGETS
        error_messages = {"due_date": {"invalid": "Enter the due date as a date, e.g. 2027-03-15."}}


class MemberItemForm(VersionedForm):
    """A member's form for one plan item: how it is going."""

    class Meta:
        model = PlanItem
        fields = ["status", "notes"]
        widgets = ITEM_WIDGETS


class NewItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["task", "owner_name", "due_date"]
        labels = {"task": "New task"}
        widgets = ITEM_WIDGETS
        error_messages = {
            "task": {"required": "Describe the task to add."},
            "due_date": {"invalid": "Enter the due date as a date, e.g. 2027-03-15."},
        }
