from django import forms

from .models import Registration


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
