"""Rendition specs shared by the views that prefetch or compute renditions and the templates that show them.

Every responsive image comes in AVIF and WebP with a JPEG fallback; `fill-`
crops keep the image's focal point in frame.
"""

from wagtail.images.models import Filter, Picture

# components/hero.html: the reading column (46rem), or half the home page hero.
HERO_SPEC = "fill-{480x270,800x450,1200x675,1600x900}|format-{avif,webp,jpeg}"
HERO_SIZES = "(min-width: 50rem) 46rem, calc(100vw - 2rem)"
# components/card.html spells out the same spec: template tags take literal specs only.
CARD_SPEC = "fill-{400x225,640x360}|format-{avif,webp,jpeg}"
# Open Graph and Twitter cards, and the image in JSON-LD: the size and format every network reads.
SOCIAL_SPEC = "fill-1200x630|format-jpeg"


def specs(spec):
    return Filter.expand_spec(spec)


class HeroPicture(Picture):
    """The hero's <picture>, plus the AVIF srcset that <head> preloads (the same files, so no double fetch)."""

    @classmethod
    def for_image(cls, image):
        renditions = image.get_renditions(*specs(HERO_SPEC))
        return cls(renditions, {"sizes": HERO_SIZES, "fetchpriority": "high"})

    @property
    def preload_srcset(self):
        return self.get_width_srcset(self.formats["avif"])

    @property
    def sizes(self):
        return HERO_SIZES
