"""Every paginated listing answers any ?page= with a page it has: numbers past the end (even past
what a 64-bit integer holds) give the last page, anything that is not a number the first."""

import datetime

import pytest
from django.utils import timezone

from stories.factories import CaseStudyPageFactory, RoundtablePostPageFactory
from stories.models import RoundtableIndexPage, StoryIndexPage
from webinars.factories import WebinarPageFactory
from webinars.models import WebinarIndexPage

pytestmark = pytest.mark.django_db

HUGE = ["999999999999999999", "9223372036854775808", "9" * 40]
NOT_NUMBERS = ["abc", "", "1e9", "2.0", "0x10", "\x00", "½"]
# Below one, or too long for Python to read as a number: the first or the last page.
ODD = ["0", "-1", "-999999999999999999", "1" + "0" * 5000]


@pytest.fixture
def listings(demo_page):
    """Each listing's URL, the parameters it needs and how to read its page: two pages or more each."""
    stories, roundtable, webinars = (
        demo_page(StoryIndexPage),
        demo_page(RoundtableIndexPage),
        demo_page(WebinarIndexPage),
    )
    for number in range(13):
        CaseStudyPageFactory(parent=stories, title=f"Pagination probe story {number}", summary="paginationprobe")
        RoundtablePostPageFactory(parent=roundtable, title=f"Pagination probe post {number}")
        WebinarPageFactory(parent=webinars, start=timezone.now() - datetime.timedelta(days=30 + number))
    return {
        "stories index": (stories.url, {}, lambda context: context["case_studies"]),
        "roundtable index": (roundtable.url, {}, lambda context: context["posts"]),
        "past webinars": (webinars.url, {}, lambda context: context["past"]),
        "search": ("/search/", {"query": "paginationprobe"}, lambda context: context["outcome"].results),
    }


def shown_page(client, url, params, read):
    response = client.get(url, params)
    assert response.status_code == 200, params
    page = read(response.context)
    assert list(page.object_list), params
    return page.number, page.paginator.num_pages


@pytest.mark.parametrize("listing", ["stories index", "roundtable index", "past webinars", "search"])
def test_any_page_number_gets_a_page_the_listing_has(client, listings, listing, figure):
    url, params, read = listings[listing]
    number, last = shown_page(client, url, {**params, "page": "2"}, read)
    assert number == 2 and last >= 2
    for value in HUGE:
        assert shown_page(client, url, {**params, "page": value}, read) == (last, last), value
    for value in NOT_NUMBERS:
        assert shown_page(client, url, {**params, "page": value}, read)[0] == 1, value
    for value in ODD:
        assert shown_page(client, url, {**params, "page": value}, read)[0] in (1, last), value
    if listing == "search":
        figure(
            "odd ?page= values on each of the 4 paginated listings", f"{len(HUGE + NOT_NUMBERS + ODD)}, 0 server errors"
        )
