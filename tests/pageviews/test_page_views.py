"""Page views for staff (issue 18): what a reader's visit adds, what is never counted or kept, and the
report staff read. Requests go through the whole middleware stack, the page cache's included."""

import pytest
from django.core.cache import caches
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from editorial.factories import user_in_role
from editorial.roles import EDITORS, PUBLISHERS, WEBINAR_MANAGERS
from pageviews import counting
from pageviews.models import PageViewDay
from playbook.models import StrategyGuidePage
from stories.models import CaseStudyPage, RoundtablePostPage

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile Safari/604.1"


@pytest.fixture(autouse=True)
def nothing_pending():
    counting.pending.clear()
    yield
    counting.pending.clear()


def read(path, times=1, **headers):
    for _ in range(times):
        response = Client(headers={"User-Agent": BROWSER, **headers}).get(path)
    return response


def views_of(page):
    return sum(PageViewDay.objects.filter(page=page).values_list("views", flat=True))


def test_each_visit_to_a_page_adds_one_view_on_todays_row(demo_page):
    story, post = demo_page(CaseStudyPage), demo_page(RoundtablePostPage)

    read(story.url, times=3)
    read(post.url)

    row = PageViewDay.objects.get(page=story)
    assert (row.day, row.views) == (timezone.localdate(), 3)
    assert views_of(post) == 1


def test_pages_served_from_the_page_cache_are_counted_too(demo_page, settings):
    settings.PAGE_CACHE_TIMEOUT = 600
    caches["pages"].clear()
    guide = demo_page(StrategyGuidePage)

    served = [read(guide.url).get("X-Cache") for _ in range(3)]

    assert served == ["MISS", "HIT", "HIT"]
    assert views_of(guide) == 3
    caches["pages"].clear()


@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"User-Agent": "facebookexternalhit/1.1"},
        {"User-Agent": "curl/8.5.0"},
        {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36"},
        {"User-Agent": ""},
        {"Sec-Purpose": "prefetch;prerender"},
    ],
    ids=["search crawler", "link preview", "script", "headless browser", "no user agent", "prefetch"],
)
def test_crawlers_scripts_and_prefetches_are_not_counted(demo_page, headers):
    story = demo_page(CaseStudyPage)
    assert read(story.url, **headers).status_code == 200
    assert views_of(story) == 0


def test_signed_in_staff_and_what_is_not_a_page_view_are_not_counted(demo_page, client):
    story = demo_page(CaseStudyPage)
    client.force_login(user_in_role(EDITORS))
    client.get(story.url, headers={"User-Agent": BROWSER})
    assert Client(headers={"User-Agent": BROWSER}).head(story.url).status_code == 200
    read(story.url + "no-such-page/")  # a 404
    read(reverse("search"), query="pomona")

    assert PageViewDay.objects.count() == 0


def test_a_view_keeps_nothing_about_the_reader(demo_page):
    story = demo_page(CaseStudyPage)
    response = read(story.url)

    assert not response.cookies
    assert {field.name for field in PageViewDay._meta.get_fields()} == {"id", "page", "day", "views"}


def test_views_wait_in_the_worker_until_written_and_survive_a_database_error(demo_page, settings, monkeypatch):
    settings.PAGE_VIEWS_FLUSH_SECONDS = 3600
    story = demo_page(CaseStudyPage)
    counting.last_flush = counting.time.monotonic()
    read(story.url, times=2)
    assert views_of(story) == 0  # a cached page's visit costs no query

    def database_down(batch):
        raise DatabaseError("no connection")

    monkeypatch.setattr(counting, "write", database_down)
    counting.flush()
    assert views_of(story) == 0 and sum(counting.pending.values()) == 2
    monkeypatch.undo()

    counting.flush()
    assert views_of(story) == 2 and not counting.pending


@pytest.mark.parametrize("role", [EDITORS, PUBLISHERS, WEBINAR_MANAGERS])
def test_staff_see_the_most_read_pages_and_each_pages_days(demo_page, client, role):
    story, post = demo_page(CaseStudyPage), demo_page(RoundtablePostPage)
    read(story.url, times=3)
    read(post.url)
    client.force_login(user_in_role(role))

    report = client.get(reverse("page_views"))
    assert report.status_code == 200
    rows = [(page.pk, page.views_week, page.views_month) for page in report.context["object_list"]]
    assert rows == [(story.pk, 3, 3), (post.pk, 1, 1)]

    daily = client.get(reverse("page_views_of_page", args=[story.pk]))
    assert daily.status_code == 200
    days = daily.context["days"]
    assert len(days) == 30 and days[-1] == {"day": timezone.localdate(), "views": 3}
    assert "3 views in the last 30 days" in daily.content.decode()


def test_the_page_views_are_a_click_away_in_the_pages_editor(demo_page, client):
    story = demo_page(CaseStudyPage)
    client.force_login(user_in_role(EDITORS))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert reverse("page_views_of_page", args=[story.pk]) in html


def test_the_report_is_for_staff_only(demo_page, client, django_user_model):
    story = demo_page(CaseStudyPage)
    report, daily = reverse("page_views"), reverse("page_views_of_page", args=[story.pk])
    assert Client().get(report).status_code == 302  # to the sign-in page
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "a-long-password-1"))
    assert client.get(report).status_code in (302, 403)
    assert client.get(daily).status_code in (302, 403)
    client.force_login(user_in_role(EDITORS))
    assert client.get(reverse("page_views_of_page", args=[Page.objects.order_by("-pk")[0].pk + 1])).status_code == 404
