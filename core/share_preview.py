"""The editor's "Search result" and "Shared card" previews: what search engines and social networks
will show of the page being edited, drawn from the values its <head> carries (core.seo.head)."""

from urllib.parse import urlsplit

from django.template.response import TemplateResponse
from django.utils.text import Truncator

from . import seo
from .models import SiteSettings

# The fields seo.description_source falls back on, as the editor knows them.
FALLBACK_NAMES = {"summary": "summary", "intro": "introduction"}
MODES = {"search": "core/preview/search_result.html", "share": "core/preview/shared_card.html"}


def serve(request, page, mode_name):
    site_settings = SiteSettings.for_request(request)
    head = seo.head(request, page, site_settings)
    document_title = f"{head['title']} · {seo.site_title(request)}"  # as base.html's <title> joins them
    url = urlsplit(head["canonical"] or "")
    image_note, image_warning = share_image(page, site_settings)
    context = {
        "page": page,
        **head,
        "document_title": document_title,
        "shown_title": Truncator(document_title).chars(seo.TITLE_LENGTH),
        # A page not yet placed in a site has no address to show.
        "breadcrumb": " › ".join([f"{url.scheme}://{url.netloc}", *filter(None, url.path.split("/"))])
        if url.netloc
        else "",
        "domain": url.netloc,
        "image_note": image_note,
        "warnings": [
            *title_warnings(page, document_title),
            *description_warnings(page),
            *filter(None, [image_warning]),
        ],
    }
    return TemplateResponse(request, MODES[mode_name], context)


def title_warnings(page, document_title):
    if not page.seo_title:
        yield "There is no SEO title, so search results and shared links show the page title."
    if len(document_title) > seo.TITLE_LENGTH:
        yield (
            f"With the site's name the title is {len(document_title)} characters: search engines show about "
            f"{seo.TITLE_LENGTH} and cut the rest. A shorter SEO title (Promotion and SEO tab) fits."
        )


def description_warnings(page):
    field, text = seo.description_source(page)
    if not field:
        yield (
            "There is no search description, summary or introduction: search engines pick text from the "
            "page themselves and shared links have no description."
        )
    elif field != "search_description":
        yield f"There is no search description, so the {FALLBACK_NAMES[field]} is used instead."
    if len(text) > seo.DESCRIPTION_LENGTH:
        yield (
            f"The description is {len(text)} characters: only the first {seo.DESCRIPTION_LENGTH} are used, "
            "ending in “…”."
        )


def share_image(page, site_settings):
    """The image shared links show (seo.share_image), in words, and a warning when it is not the page's own."""
    image = seo.share_image(page, site_settings)
    if image is None:
        return "none", (
            "There is no share image: shared links show no picture. Add a hero image to the page, or a "
            "share image for the whole site (Settings › Site settings)."
        )
    if image == getattr(page, "hero_image", None):
        return f"the page's hero image “{image.title}”", None
    return f"the site's share image “{image.title}”", (
        f"This page has no hero image, so shared links show the site's share image “{image.title}” "
        "(Settings › Site settings)."
    )
