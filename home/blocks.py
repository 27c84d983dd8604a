from wagtail import blocks


class ServiceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    description = blocks.TextBlock(max_length=400)
    page = blocks.PageChooserBlock(required=False, help_text="Where to learn more, if anywhere.")

    class Meta:
        icon = "tick-inverse"
        template = "home/blocks/service_block.html"
        description = "One of the services the team offers."
        preview_value = {"title": "Design days", "description": "Bring everyone into designing the work."}


class ServicesBlock(blocks.StreamBlock):
    service = ServiceBlock()
