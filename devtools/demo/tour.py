"""The demo's tour: the pages `audit_pages` and the browser tests visit, at least one of each page type.

Only the picks are written here; each page's type comes from the demo content, and
tests/core/test_front_end.py checks that the tour covers every declared page type (core.page_types).
"""

from .content import PAGES

PICKS = {
    "home": "/",
    "standard": "/about/",
    "story-index": "/school-stories/",
    "case-study": "/school-stories/pomona-unified/",
    "roundtable-index": "/roundtable/",
    "roundtable-post": "/roundtable/building-collective-leadership-from-the-central-office/",
    "webinar-index": "/webinars/",
    "webinar": "/webinars/building-the-conditions/",
    "webinar-recording": "/webinars/why-collective-leadership-and-why-now/",
    "playbook": "/playbook/",
    "strategy-guide": "/playbook/overview/",
    "self-assessment": "/playbook/self-assessment/",
    "contact-form": "/contact/",
    "survey-form": "/readiness-survey/",
    # Views outside the page tree.
    "search": "/search/",
    "search-results": "/search/?query=leadership",
}
MODELS = {"/": "home.HomePage"} | {f"/{spec['path']}/": spec["model"] for spec in PAGES}

# name: (path, page model label, or None for views outside the page tree)
PAGE_TYPES = {name: (path, MODELS.get(path)) for name, path in PICKS.items()}
