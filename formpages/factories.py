"""Factories for form pages."""

import factory
import wagtail_factories

from formpages.models import FormField, FormPage


class FormPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Form {n}")
    to_address = "staff@example.org"
    from_address = "site@example.org"
    subject = "New submission"

    form_fields = factory.LazyFunction(
        lambda: [
            FormField(label="Your name", field_type="singleline", required=True, sort_order=0),
            FormField(label="Email", field_type="email", required=True, sort_order=1),
        ]
    )

    class Meta:
        model = FormPage
