"""Webinar times with their zone, always.

Django's "T" format prints nothing for a time the clocks repeat (1:30 AM on the night they go
back), so the zone's abbreviation comes from the moment itself.
"""

from django import template
from django.utils import dateformat

register = template.Library()


@register.filter(expects_localtime=True)
def with_zone(moment, date_format):
    """The moment in the current time zone (a template's {% timezone %}), e.g. "1:30 AM EDT"."""
    if not moment:
        return ""
    return f"{dateformat.format(moment, date_format)} {moment.tzname()}"
