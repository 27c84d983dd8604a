"""Excerpts of a page's text around the query terms, escaped, with the terms marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.blocks import StreamValue
from wagtail.search import index

from core.mixins import html_text, stream_value_text

EXCERPT_LENGTH = 220
LEAD_IN = 60
# Words too common to be worth marking (the backends ignore them too).
UNMARKED = {"a", "an", "and", "are", "as", "at", "be", "by", "for", "in", "is", "of", "on", "or", "the", "to", "with"}


def searchable_text(page):
    """The text of every field the page indexes for full-text search, title excluded."""
    parts = []
    for field in page.search_fields:
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        value = getattr(page, field.field_name, None)
        if isinstance(value, StreamValue):
            parts.append(stream_value_text(value))
        elif isinstance(value, str):
            parts.append(html_text(value))
    return " ".join(" ".join(parts).split())


def terms_pattern(terms):
    """Matches any term at the start of a word, so 'lead' marks 'leaders' too."""
    words = sorted({word for word in terms if word and word.lower() not in UNMARKED}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(word) for word in words) + ")", re.IGNORECASE)


def highlight(text, terms, length=EXCERPT_LENGTH):
    """A safe HTML excerpt of text near the first term, with every term in <mark>."""
    pattern = terms_pattern(terms)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > LEAD_IN:
        start = text.rfind(" ", 0, first.start() - LEAD_IN) + 1
    end = len(text) if start + length >= len(text) else text.rfind(" ", start, start + length)
    if end <= start:
        end = start + length
    excerpt = text[start:end]
    html = escape(excerpt) if not pattern else _mark(excerpt, pattern)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + html + suffix)


def _mark(text, pattern):
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)
