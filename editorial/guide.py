"""The editors' guide in the admin (Help › Writing for this site): the house's advice on stories, images
and alt text, and which block to use when, read from the page types and blocks themselves so it never
goes stale."""

from dataclasses import dataclass

from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.fields import StreamField

from core.page_types import page_types


@dataclass
class BlockAdvice:
    label: str
    description: str


@dataclass
class PageTypeAdvice:
    label: str
    description: str
    blocks: list


def page_type_advice():
    """Each page type editors add: what it is for (page_description) and the blocks its StreamFields offer;
    and every block once, with its own description."""
    advice, every_block = [], {}
    for page_type in page_types():
        model = page_type.model
        if not model.is_creatable:
            continue
        blocks = {}
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for block in field.stream_block.child_blocks.values():
                    blocks.setdefault(
                        str(block.label), BlockAdvice(str(block.label), str(block.meta.description or ""))
                    )
        every_block |= blocks
        advice.append(PageTypeAdvice(page_type.label, str(model.get_page_description() or ""), list(blocks.values())))
    return advice, list(every_block.values())


class EditorsGuideView(WagtailAdminTemplateMixin, TemplateView):
    """Any signed-in admin user may read it: it holds nothing but advice."""

    template_name = "editorial/guide.html"
    page_title = "Writing for this site"
    header_icon = "help"
    breadcrumbs_items = [*WagtailAdminTemplateMixin.breadcrumbs_items, {"url": "", "label": page_title}]

    def get_context_data(self, **kwargs):
        advice, blocks = page_type_advice()
        return super().get_context_data(page_types=advice, blocks=blocks, **kwargs)


class GuidePanel(Component):
    """On the dashboard: where the guide is, for someone new."""

    name = "editors_guide"
    order = 60
    template_name = "editorial/guide_panel.html"
