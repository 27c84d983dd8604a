from wagtail import blocks

from core.blocks.text import INLINE_RICH_TEXT_FEATURES, RichTextBlock

ORGANIZER_PROMPTS = ("think", "see", "say", "hear", "feel")


class GraphicOrganizerBlock(blocks.StructBlock):
    """What people should think, see, say, hear and feel when the work is done."""

    prompt = blocks.CharBlock(required=False, max_length=240)
    think = blocks.TextBlock(required=False)
    see = blocks.TextBlock(required=False)
    say = blocks.TextBlock(required=False)
    hear = blocks.TextBlock(required=False)
    feel = blocks.TextBlock(required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["rows"] = [(prompt, value.get(prompt)) for prompt in ORGANIZER_PROMPTS]
        return context

    class Meta:
        icon = "table"
        template = "playbook/blocks/graphic_organizer_block.html"
        description = "Optional: five prompts a team fills in together. Leave all blank to leave it out."
        preview_value = {
            "prompt": "When our shared vision is working, people…",
            "think": "Everyone can shape where the school is going.",
            "see": "Teachers leading planning meetings.",
            "say": "“We decided this together.”",
            "hear": "Students describing the same goals as staff.",
            "feel": "Trusted to try new approaches.",
        }


class ConnectBlock(blocks.StructBlock):
    message = blocks.TextBlock(
        required=False, help_text="Where teams often get stuck, and the help on offer. Leave blank to leave it out."
    )
    link_label = blocks.CharBlock(required=False, max_length=60, default="Connect with our team")
    page = blocks.PageChooserBlock(required=False, help_text="Defaults to the site's contact page.")

    class Meta:
        icon = "group"
        template = "playbook/blocks/connect_block.html"
        description = "A 'connect and collaborate' invitation at the end of a section."
        preview_value = {
            "message": "Teams often stall when agreeing on a first goal; we can facilitate that conversation.",
            "link_label": "Connect with our team",
        }


class GuideSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="Sections are numbered automatically.")
    introduction = RichTextBlock(required=False)
    goal = blocks.CharBlock(max_length=160)
    goal_detail = RichTextBlock(required=False, help_text="What reaching the goal involves.")
    big_questions = blocks.ListBlock(blocks.TextBlock(), min_num=1, label="Big questions")
    important_tasks = blocks.ListBlock(
        blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES), min_num=1, label="Important tasks"
    )
    graphic_organizer = GraphicOrganizerBlock(required=False)
    connect = ConnectBlock(required=False, label="Connect and collaborate")

    class Meta:
        icon = "list-ol"
        template = "playbook/blocks/guide_section_block.html"
        description = "A numbered section: goal, big questions, important tasks."
        preview_value = {
            "title": "Understanding your team's why",
            "goal": "Agree on why this work matters",
            "big_questions": ["What do we believe about our colleagues' capacity to lead?"],
            "important_tasks": ["<p>Name who should shape the vision.</p>"],
        }


class GuideSectionsBlock(blocks.StreamBlock):
    section = GuideSectionBlock()
