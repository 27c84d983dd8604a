"""One page of each page type on the demo site, by path: what `audit_pages` and the browser tests visit.

tests/test_front_end.py checks that each path is live on the demo site and of the type named here.
"""

# name: (path, page model label or None for views outside the page tree)
PAGE_TYPES = {
    "home": ("/", "home.HomePage"),
    "standard": ("/about/", "home.StandardPage"),
    "story-index": ("/school-stories/", "stories.StoryIndexPage"),
    "case-study": ("/school-stories/pomona-unified/", "stories.CaseStudyPage"),
    "roundtable-index": ("/roundtable/", "stories.RoundtableIndexPage"),
    "roundtable-post": (
        "/roundtable/building-collective-leadership-from-the-central-office/",
        "stories.RoundtablePostPage",
    ),
    "webinar-index": ("/webinars/", "webinars.WebinarIndexPage"),
    "webinar": ("/webinars/building-the-conditions/", "webinars.WebinarPage"),
    "webinar-recording": ("/webinars/why-collective-leadership-and-why-now/", "webinars.WebinarPage"),
    "playbook": ("/playbook/", "playbook.PlaybookPage"),
    "strategy-guide": ("/playbook/overview/", "playbook.StrategyGuidePage"),
    "self-assessment": ("/playbook/self-assessment/", "playbook.SelfAssessmentPage"),
    "contact-form": ("/contact/", "formpages.FormPage"),
    "survey-form": ("/readiness-survey/", "formpages.FormPage"),
    "search": ("/search/", None),
    "search-results": ("/search/?query=leadership", None),
}
