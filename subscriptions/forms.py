from django import forms

from .models import LISTS, Subscriber

LIST_CHOICES = [(list_name, Subscriber._meta.get_field(list_name).verbose_name) for list_name in LISTS]


class PreferencesForm(forms.Form):
    lists = forms.MultipleChoiceField(
        label="What would you like to hear about?",
        choices=LIST_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all three to get everything new.",
        error_messages={"required": "Choose at least one: roundtable posts, school stories or webinars."},
    )
    frequency = forms.ChoiceField(
        label="How often?",
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.AT_ONCE,
        widget=forms.RadioSelect,
    )


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    field_order = ["email", "lists", "frequency"]

    def clean_email(self):
        return Subscriber.normalise_email(self.cleaned_data["email"])
