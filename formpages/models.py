from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from ctqsite.blocks.text import BODY_RICH_TEXT_FEATURES
from ctqsite.panels import editor_tabs


class FormField(AbstractFormField):
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractEmailForm):
    """Contact form and readiness survey: fields are built by staff in the admin."""

    intro = RichTextField(blank=True, features=BODY_RICH_TEXT_FEATURES)
    thank_you_text = RichTextField(blank=True, features=BODY_RICH_TEXT_FEATURES)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel(
            "form_fields",
            label="Form fields",
            help_text="What visitors fill in. Ask only for what the team will use: answers are personal data.",
        ),
        FieldPanel("thank_you_text", help_text="Shown after a visitor sends the form."),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Notification email",
        ),
    ]
    edit_handler = editor_tabs(content_panels)
    search_fields = AbstractEmailForm.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    page_description = "A form staff build themselves: the contact form, the readiness survey."
