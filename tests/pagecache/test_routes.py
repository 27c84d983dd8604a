"""Pages routed from memory (pagecache/routes.py): fewer queries, never a wrong page.

Every request goes through the URLs a visitor uses, with the page cache off, so each one renders.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from home.models import StandardPage
from pagecache.routes import forget_all as forget_routes
from stories.factories import CaseStudyPageFactory
from stories.models import CaseStudyPage, StoryIndexPage
from tests.utils import form_data, title_of

pytestmark = pytest.mark.django_db


def queries_for(url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, **extra)
    return response, len(queries)


def test_a_page_asked_for_again_is_found_in_one_query_instead_of_walking_the_tree(demo_page, figure):
    story = demo_page(CaseStudyPage)
    Client().get(story.url)  # what any first request loads (content types, settings)
    forget_routes()
    first, walked = queries_for(story.url)
    again, recalled = queries_for(story.url)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    # The site (1) and two per level below the home page (index, story), less the one fetch by id
    # and the home page, which the menu reads and Wagtail's site query had brought along.
    assert walked - recalled == 3
    figure("queries to render a case study, first asking / asked again", f"{walked} / {recalled}")


def test_a_page_given_a_new_slug_is_served_at_its_new_address_and_its_old_one_redirects(demo_page, publish):
    story = demo_page(CaseStudyPage)
    old_url = story.url
    assert Client().get(old_url).status_code == 200
    story.slug = "renamed-story"
    publish(story.save_revision().publish)
    new_url = CaseStudyPage.objects.get(pk=story.pk).url
    redirected = Client().get(old_url)
    assert redirected.status_code == 301 and redirected["Location"] == new_url
    moved = Client().get(new_url)
    assert moved.status_code == 200 and story.title.lower() in title_of(moved.content.decode()).lower()


def test_a_page_taken_down_or_deleted_is_a_404_even_when_remembered(demo_page, publish):
    stories = list(CaseStudyPage.objects.live().order_by("path")[:2])
    kept, gone = stories
    for story in stories:
        assert Client().get(story.url).status_code == 200
    publish(kept.unpublish)
    assert Client().get(kept.url).status_code == 404
    url = gone.url
    publish(gone.delete)
    assert Client().get(url).status_code == 404


def test_a_new_page_at_a_deleted_pages_address_is_the_one_served(demo_page, publish):
    index = demo_page(StoryIndexPage)
    old = CaseStudyPageFactory(parent=index, title="The first story here", slug="same-address")
    url = old.url
    assert "The first story here" in Client().get(url).content.decode()
    publish(old.delete)
    CaseStudyPageFactory(parent=index, title="A second story here", slug="same-address")
    page = Client().get(url).content.decode()
    assert "A second story here" in page and "The first story here" not in page


def test_a_page_made_private_asks_for_its_password_even_when_remembered(demo_page, publish):
    page = demo_page(StandardPage)
    assert Client().get(page.url).status_code == 200
    publish(PageViewRestriction.objects.create, page=page, restriction_type="password", password="s3cret-team")
    response = Client().get(page.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_a_webinars_own_routes_are_remembered_too(make_webinar):
    webinar = make_webinar(capacity=10)
    check_inbox = webinar.url + webinar.reverse_subpage("check_inbox")
    for _ in range(2):
        response = Client().get(check_inbox)
        assert response.status_code == 200 and b"inbox" in response.content.lower()
    for n in range(2):
        response = Client().post(webinar.url, form_data(webinar, email=f"remembered-{n}@example.org"))
        assert response.status_code == 302 and response["Location"] == check_inbox
    assert webinar.registrations.count() == 2


def test_a_second_site_given_another_root_is_routed_by_its_new_root(demo_page, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example.org"]
    story = demo_page(CaseStudyPage)
    path = story.get_url_parts()[2]
    site = Site.objects.get(is_default_site=True)
    other = Site.objects.create(hostname="other.example.org", root_page=story.get_parent(), site_name="Other")
    for _ in range(2):  # its root is the story index: no story index inside it
        assert Client().get(path, HTTP_HOST="other.example.org").status_code == 404
    other.root_page = site.root_page
    other.save()
    response = Client().get(path, HTTP_HOST="other.example.org")
    assert response.status_code == 200 and story.title.lower() in title_of(response.content.decode()).lower()
