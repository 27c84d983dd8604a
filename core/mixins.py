"""Abstract page mixins shared by several page types. Place them before Page."""

import math
import re
from html import unescape

from django.db import models
from django.template.response import TemplateResponse
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.table_block.blocks import TableBlock

from . import share_preview
from .images import HeroPicture

WORDS_PER_MINUTE = 200
WORD = re.compile(r"\w+(?:['’-]\w+)*")
# A start or end tag or a comment, as HTML reads them: "<" then a letter, "/" or "!" ("5 < 6" is text).
TAG = re.compile(r"<(?:/?[A-Za-z][^>]*|!--.*?--)>", re.DOTALL)


def stream_leaves(block, raw, whole=()):
    """Each leaf block in a StreamField's raw data, with its stored value: (block, raw value); blocks of
    the classes in ``whole`` are yielded whole, not walked into.

    Walks the stored JSON with the block definitions, so no chooser is looked
    up in the database (safe to call for every result in a listing).
    """
    if whole and isinstance(block, whole):
        yield block, raw
    elif isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        children = raw if isinstance(raw, list) else []
        for child in children:
            child_block = (
                block.child_block
                if isinstance(block, blocks.ListBlock)
                else block.child_blocks.get(child.get("type") if isinstance(child, dict) else None)
            )
            value = child.get("value") if isinstance(child, dict) else child
            if child_block is not None:
                yield from stream_leaves(child_block, value, whole)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from stream_leaves(child_block, (raw or {}).get(name), whole)
    else:
        yield block, raw


def stream_text(block, raw):
    """The prose in a StreamField's raw data: what editors typed, not ids, choices or links."""
    for leaf, value in stream_leaves(block, raw):
        if isinstance(leaf, blocks.RichTextBlock):
            yield html_text(value or "")
        elif isinstance(leaf, blocks.CharBlock | blocks.TextBlock) and leaf.search_index:
            yield value or ""
        elif isinstance(leaf, TableBlock):
            yield from (cell for row in (value or {}).get("data") or [] for cell in row if isinstance(cell, str))


def html_text(html):
    """The words of stored rich text: each tag a space, so "<li>trust</li><li>norms</li>" stays two words, and
    entities decoded (strip_tags keeps "&amp;", which an excerpt escaped again shows as such). Never for HTML
    that is output as it is: only for text that is escaped again, counted or compared."""
    return unescape(TAG.sub(" ", html))


def stream_value_text(stream_value):
    return " ".join(stream_text(stream_value.stream_block, list(stream_value.raw_data)))


def count_words(text):
    return len(WORD.findall(text))


class ReadingTimeMixin(models.Model):
    """Stores a reading time (minutes) computed from the body on every save."""

    reading_time = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="Minutes, computed from the body when the page is saved."
    )

    # Shown in the editor, so writers see the figure readers will see.
    reading_time_panels = [
        FieldPanel(
            "reading_time",
            read_only=True,
            heading="Reading time (minutes)",
            help_text="Worked out from the summary or introduction and the body each time you save; "
            "shown on the page and its card.",
        )
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.update_reading_time()
        super().save(*args, **kwargs)

    def reading_text(self):
        parts = [getattr(self, "intro", "") or "", getattr(self, "summary", "") or ""]
        parts.append(stream_value_text(self.body))
        return " ".join(parts)

    def update_reading_time(self):
        self.reading_time = max(1, math.ceil(count_words(self.reading_text()) / WORDS_PER_MINUTE))

    def serve_preview(self, request, mode_name):
        # A preview is never saved: work the figure out from what is being previewed.
        self.update_reading_time()
        return super().serve_preview(request, mode_name)


class SharePreviewMixin:
    """Adds "Search result" and "Shared card" previews to the page type's own modes: the page as a
    search engine lists it and as a shared link shows it, with warnings on what is missing or too long.

    Every page type has it; place it before ListingCardPreviewMixin, whose modes it extends."""

    @property
    def preview_modes(self):
        return [*super().preview_modes, ("search", "Search result"), ("share", "Shared card")]

    def serve_preview(self, request, mode_name):
        if mode_name in share_preview.MODES:
            return share_preview.serve(request, self, mode_name)
        return super().serve_preview(request, mode_name)


class ListingCardPreviewMixin:
    """Adds a "Listing card" preview: the page as its card in its section's listing shows it.

    Each page type names the card template it is listed with; the template
    receives the page as ``item``, exactly as the listing passes it.
    """

    card_template = None

    @property
    def preview_modes(self):
        return [("", "Page"), ("card", "Listing card")]

    def serve_preview(self, request, mode_name):
        if mode_name == "card":
            return TemplateResponse(request, "components/card_preview.html", {"page": self, "self": self})
        return super().serve_preview(request, mode_name)


class HeroImageMixin(models.Model):
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the page and on its card in listings. Alt text comes from the image's description.",
    )

    hero_panels = [FieldPanel("hero_image")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        # Made once here so base.html can preload exactly the files the <picture> will ask for.
        context = super().get_context(request, *args, **kwargs)
        context["hero"] = HeroPicture.for_image(self.hero_image) if self.hero_image else None
        return context
