"""Each system condition's colour and icon, so a reader learns the seven at a glance wherever one appears.

The colours are contrast-checked in ctqsite/static/css/site.css (at least 4.5:1 against the page in
light and dark mode: tests/browser/test_accessibility.py runs axe on both); the icons are drawn
on a 24-unit grid with strokes in the text's colour, and are decorative next to the condition's name.
"""

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class Symbol(models.TextChoices):
    COMPASS = "compass", "Compass (blue)"
    SHIELD = "shield", "Shield (violet)"
    LAYERS = "layers", "Stacked layers (amber)"
    CALENDAR = "calendar", "Calendar (green)"
    PEOPLE = "people", "Two people (rose)"
    NETWORK = "network", "Connected circle (teal)"
    RISING = "rising", "Rising line (olive)"


PATHS = {
    Symbol.COMPASS: '<circle cx="12" cy="12" r="9"/><path d="m15.5 8.5-2.2 4.8-4.8 2.2 2.2-4.8z"/>',
    Symbol.SHIELD: '<path d="M12 3 5 6v5c0 4.4 2.9 7.9 7 10 4.1-2.1 7-5.6 7-10V6z"/><path d="m9 12 2 2 4-4"/>',
    Symbol.LAYERS: '<path d="m12 3 9 5-9 5-9-5z"/><path d="m3 12.5 9 5 9-5"/><path d="m3 16.5 9 5 9-5"/>',
    Symbol.CALENDAR: '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4m8-4v4M8 14h3m2 0h3m-8 3h3"/>',
    Symbol.PEOPLE: '<circle cx="9" cy="8" r="3"/><circle cx="17" cy="9" r="2.5"/><path d="M3 20c0-3.5 2.7-6 6-6s6 2.5 6 6m0-5.5c3.2 0 6 2 6 5.5"/>',
    Symbol.NETWORK: '<circle cx="12" cy="5" r="2.5"/><circle cx="5" cy="18" r="2.5"/><circle cx="19" cy="18" r="2.5"/><path d="m10.8 7.2-4.6 8.6m7-8.6 4.6 8.6M7.5 18h9"/>',
    Symbol.RISING: '<path d="m3 17 6-6 4 4 8-8"/><path d="M15 7h6v6"/>',
}

# The demo's and the organisation's seven, by slug (taxonomy migration 0004, devtools/demo).
BY_SLUG = {
    "vision-and-strategy": Symbol.COMPASS,
    "supportive-administration": Symbol.SHIELD,
    "capacity-and-resources": Symbol.LAYERS,
    "enabling-work-structures": Symbol.CALENDAR,
    "relationships-and-social-norms": Symbol.PEOPLE,
    "shared-influence": Symbol.NETWORK,
    "orientation-toward-improvement": Symbol.RISING,
}


def icon(symbol):
    """The condition's icon as inline SVG, hidden from screen readers (its name is always beside it)."""
    paths = PATHS.get(symbol)
    if not paths:
        return ""
    return format_html(
        '<svg class="condition-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">{}</svg>',
        mark_safe(paths),  # constant markup above, never content
    )
