from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page

from .text import INLINE_RICH_TEXT_FEATURES


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(required=False, features=INLINE_RICH_TEXT_FEATURES)
    link_label = blocks.CharBlock(max_length=60, default="Get in touch")
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used only when no page is chosen.")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or enter an address for the button.")}
            )
        return value

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        description = "A short invitation with a button, e.g. 'Get in touch'."
        preview_value = {
            "heading": "Ready to start with your team?",
            "text": "<p>Tell us where you are and we will connect with you.</p>",
            "link_label": "Get in touch",
            "url": "https://example.org/contact/",
        }
        group = "Calls to action"


class StatisticBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20, help_text="The number, e.g. '75%' or '3 years'.")
    label = blocks.CharBlock(max_length=160, help_text="What the number measures.")
    source = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "success"
        template = "blocks/statistic_block.html"
        description = "A key figure with its label and source."
        preview_value = {"figure": "3 years", "label": "of teacher-led science learning", "source": ""}
        group = "Calls to action"


class RelatedPagesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Related reading")
    pages = blocks.ListBlock(blocks.PageChooserBlock(), min_num=1, max_num=6)

    def get_preview_value(self):
        # A few live pages of the site, so the preview shows real links.
        pages = Page.objects.live().filter(depth__gt=2).order_by("path")[:3]
        return self.normalize({"heading": "Related reading", "pages": list(pages)})

    class Meta:
        icon = "list-ul"
        template = "blocks/related_pages_block.html"
        description = "A short list of links to other pages on the site."
        group = "Calls to action"
