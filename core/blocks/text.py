from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock

# Body copy: no headings (the heading block gives them anchors), no images
# (the image block gives them captions and alt text).
BODY_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
# Short text inside other blocks: emphasis and links only.
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link"]


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", BODY_RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/rich_text_block.html"
        description = "Paragraphs, lists and links."
        preview_value = "<p>Teams that share leadership make decisions <b>together</b>.</p>"
        group = "Text"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Subheading (H3)")],
        default="h2",
        search_index=False,
        help_text="Use H2 for sections and H3 inside a section, so headings stay in order.",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=60,
        search_index=False,
        help_text="Optional link target, e.g. 'the-context'. Left blank, it is made from the heading.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value.get("anchor") or value.get("text") or "")
        return context

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = "A section heading that other pages can link to."
        preview_value = {"text": "The context", "level": "h2", "anchor": ""}
        group = "Text"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120, help_text="Who said it.")
    role = blocks.CharBlock(required=False, max_length=160, help_text="Their role and place, if useful.")

    class Meta:
        icon = "openquote"
        template = "blocks/pull_quote_block.html"
        description = "A short quotation set apart from the text."
        preview_value = {
            "quote": "Leadership grows when it is shared.",
            "attribution": "A teacher leader",
            "role": "",
        }
        group = "Text"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300)
    answer = RichTextBlock()

    class Meta:
        icon = "help"
        template = "blocks/question_answer_block.html"
        description = "An interview question and its answer."
        preview_value = {
            "question": "Where did your team start?",
            "answer": "<p>With one shared goal for our students.</p>",
        }
        group = "Text"


class TableBlock(WagtailTableBlock):
    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        description = "A simple table with an optional header row and caption."
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Example",
            "data": [["Condition", "Focus"], ["Shared influence", "Decisions"]],
        }
        group = "Text"
