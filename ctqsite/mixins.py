"""Abstract page mixins shared by several page types. Place them before Page."""

import math
import re

from django.db import models
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel

WORDS_PER_MINUTE = 200
WORD = re.compile(r"\w+(?:['’-]\w+)*")


def stream_text(value):
    """Every string held in a StreamField's raw data, tags stripped."""
    if isinstance(value, str):
        yield strip_tags(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            # Skip ids, block type names and chooser ids: they are not prose.
            if key not in ("id", "type"):
                yield from stream_text(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from stream_text(item)


def count_words(text):
    return len(WORD.findall(text))


class ReadingTimeMixin(models.Model):
    """Stores a reading time (minutes) computed from the body on every save."""

    reading_time = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="Minutes, computed from the body when the page is saved."
    )

    class Meta:
        abstract = True

    def reading_text(self):
        parts = [getattr(self, "intro", "") or "", getattr(self, "summary", "") or ""]
        parts.extend(stream_text(list(self.body.raw_data)))
        return " ".join(parts)

    def save(self, *args, **kwargs):
        words = count_words(self.reading_text())
        self.reading_time = max(1, math.ceil(words / WORDS_PER_MINUTE))
        super().save(*args, **kwargs)


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
