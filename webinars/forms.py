from django import forms

from .models import RegistrantMessage, Registration


class RegistrationForm(forms.ModelForm):
    all_sessions = forms.BooleanField(
        required=False, label="Also register me for the other upcoming sessions in this series"
    )

    class Meta:
        model = Registration
        fields = ["name", "email", "role", "organisation", "state", "consent"]
        labels = {"name": "Your name", "email": "Email address", "role": "Your role"}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, offer_series=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].required = True
        self.fields["consent"].label = "Email me about this webinar: the confirmation, reminders and the recording"
        self.fields["consent"].error_messages["required"] = "We need your agreement to send you the joining details."
        self.fields["role"].choices = [("", "Choose your role")] + list(Registration.Role.choices)
        self.fields["state"].choices = [("", "Choose a state")] + self.fields["state"].choices[1:]
        if not offer_series:
            del self.fields["all_sessions"]

    def clean_email(self):
        return Registration.normalise_email(self.cleaned_data["email"])


class StaffRegistrationForm(RegistrationForm):
    """The sign-up form, filled in by staff for someone (the same fields and checks)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name"
        self.fields["role"].label = "Role"
        self.fields[
            "consent"
        ].label = "They agreed to emails about this webinar: the confirmation, reminders and the recording"
        self.fields["consent"].error_messages["required"] = "Add someone only once they have agreed to these emails."


class RegistrantMessageForm(forms.ModelForm):
    # Made at the preview and sent back with "Send", so that preview is sent once at most.
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = RegistrantMessage
        fields = ["audience", "subject", "body"]
        widgets = {"audience": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 12})}
        labels = {"audience": "Send to"}
        help_texts = {
            "body": "Plain text. Each registrant's email greets them by name and ends with the webinar's "
            "details and their own links, as the site's other webinar emails do."
        }
