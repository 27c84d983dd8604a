from django import forms

from .models import TeamAssessment
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
