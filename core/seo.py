"""What search engines and social networks read about a page: description, share image, JSON-LD.

Page models describe themselves with a `schema_org(request)` method that calls
the builders here; core/templatetags/seo_tags.py puts it all in the page.
"""

import json
from datetime import datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Site

from .images import SOCIAL_SPEC

# What search engines show of a title and a description before cutting them.
TITLE_LENGTH = 60
DESCRIPTION_LENGTH = 160
# Where a page's description comes from, first filled in first.
DESCRIPTION_FIELDS = ("search_description", "summary", "intro")
# Keeps "</script>" and friends inside a JSON-LD string from closing the script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def head(request, page, site_settings):
    """What a page's <head> tells search engines and social networks (seo_meta puts it there; the
    editor's "Search result" and "Shared card" previews show it): the title without the site's
    name, the description, the canonical URL and the share image (see social_image)."""
    return {
        "title": page.seo_title or page.title,
        "description": meta_description(page),
        "canonical": page.get_full_url(request),
        "image": social_image(request, share_image(page, site_settings)),
    }


def site_title(request):
    """The name after the page's own in every <title>: the site's name in Wagtail's Sites."""
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or "Collective Leadership"


def description_source(page):
    """(field name, plain text) of the first of DESCRIPTION_FIELDS the page has filled in, else ("", "")."""
    for field in DESCRIPTION_FIELDS:
        text = " ".join(strip_tags(str(getattr(page, field, "") or "")).split())
        if text:
            return field, text
    return "", ""


def meta_description(page):
    """The editor's search description, else the page's own summary or intro, as plain text."""
    text = description_source(page)[1]
    return Truncator(text).chars(DESCRIPTION_LENGTH) if text else ""


def share_image(page, site_settings):
    """The page's own hero image, else the site's share image: every shared link gets a picture."""
    image = getattr(page, "hero_image", None)
    return image if image is not None else site_settings.share_image


def social_image(request, image):
    """(absolute URL, width, height, alt text) of the share rendition, or None."""
    if image is None:
        return None
    rendition = image.get_rendition(SOCIAL_SPEC)
    return absolute(request, rendition.url), rendition.width, rendition.height, rendition.alt


def absolute(request, path):
    """An absolute URL on the site's own root URL, like the canonical URLs Wagtail makes."""
    if path.startswith(("https://", "http://")):  # media on a storage service are absolute already
        return path
    site = Site.find_for_request(request)
    return site.root_url + path if site else request.build_absolute_uri(path)


def site_name():
    return settings.WAGTAIL_SITE_NAME


def organization(request, site_settings=None):
    data = {
        "@type": "Organization",
        "@id": absolute(request, "/#organization"),
        "name": site_name(),
        "url": absolute(request, "/"),
    }
    if site_settings is not None:
        if site_settings.contact_email:
            data["email"] = site_settings.contact_email
        if site_settings.social_links:
            data["sameAs"] = [url for _, url in site_settings.social_links]
    return data


def publisher(request):
    return {"@type": "Organization", "@id": absolute(request, "/#organization"), "name": site_name()}


def person(person):
    data = {"@type": "Person", "name": person.name}
    if person.role:
        data["jobTitle"] = person.role
    if person.organisation:
        data["affiliation"] = {"@type": "Organization", "name": person.organisation}
    return data


def article(request, page, published=None, authors=(), keywords=()):
    """An Article for a story or a roundtable post. `published` defaults to when the page first went live."""
    data = {
        "@type": "Article",
        "headline": page.title[:110],
        "description": meta_description(page),
        "url": page.get_full_url(request),
        "mainEntityOfPage": page.get_full_url(request),
        "datePublished": _iso(published or page.first_published_at),
        "dateModified": _iso(page.last_published_at or page.first_published_at),
        "author": [person(author) for author in authors] or [publisher(request)],
        "publisher": publisher(request),
    }
    if keywords:
        data["keywords"] = ", ".join(keywords)
    return _with_image(request, data, page)


def website(request, search_url):
    """The site, with the search box search engines may offer in their results."""
    return {
        "@type": "WebSite",
        "name": site_name(),
        "url": absolute(request, "/"),
        "publisher": publisher(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute(request, search_url) + "?query={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


def event(request, page, presenters=()):
    """A webinar: an online event, free to attend, at its own page."""
    url = page.get_full_url(request)
    data = {
        "@type": "Event",
        "name": page.title,
        "description": meta_description(page),
        "url": url,
        "startDate": _iso(page.start),
        "endDate": _iso(page.ends_at),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": {"@type": "VirtualLocation", "url": url},
        "isAccessibleForFree": True,
        "organizer": publisher(request),
    }
    if presenters:
        data["performer"] = [person(presenter) for presenter in presenters]
    return _with_image(request, data, page)


def breadcrumb_list(request, pages):
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": page.get_full_url(request)}
            for position, (name, page) in enumerate(pages, start=1)
        ],
    }


def json_ld(items):
    """One JSON-LD document with a @graph, safe to place inside <script type="application/ld+json">."""
    document = {"@context": "https://schema.org", "@graph": [item for item in items if item]}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES)


def _with_image(request, data, page):
    image = social_image(request, getattr(page, "hero_image", None))
    if image:
        data["image"] = image[0]
    return data


def _iso(value):
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = timezone.make_aware(datetime.combine(value, time.min))
    return value.isoformat()
