"""The end of a case study: one call to action, then more school stories."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.factories import ImageFactory
from stories.factories import CaseStudyPageFactory
from stories.models import CaseStudyPage, StoryIndexPage
from taxonomy.models import SystemCondition
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

CTA = re.compile(r'<aside class="cta[ "]')


def story(index, days_ago, conditions=(), **kwargs):
    page = CaseStudyPageFactory(
        parent=index, first_published_at=timezone.now() - datetime.timedelta(days=days_ago), **kwargs
    )
    page.conditions.set(conditions)
    page.save()
    return page


def related_titles(client, page):
    html = client.get(page.url).content.decode()
    section = html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', section)


def test_a_case_study_ends_with_one_call_to_action(client, demo_page):
    for page in CaseStudyPage.objects.live():
        html = client.get(page.url).content.decode()
        assert len(CTA.findall(html)) == 1, page.url


def test_a_story_without_its_own_call_to_action_gets_the_sites(client, demo_page):
    page = CaseStudyPageFactory(parent=demo_page(StoryIndexPage))
    html = client.get(page.url).content.decode()
    assert len(CTA.findall(html)) == 1 and "Ready to learn how we can help your team?" in html


def test_related_stories_share_conditions_first_then_newest_and_are_live_and_public(client, demo_page):
    index = demo_page(StoryIndexPage)
    CaseStudyPage.objects.child_of(index).delete()
    vision, influence, norms = SystemCondition.objects.order_by("sort_order")[:3]
    page = story(index, 30, [vision, influence], title="This story")
    story(index, 20, [vision], title="One shared, older")
    story(index, 1, [], title="None shared, newest")
    story(index, 25, [vision, influence, norms], title="Two shared")
    story(index, 2, [norms], title="None shared, newer")
    story(index, 0, [vision, influence], title="Draft", live=False)
    private = story(index, 0, [vision, influence], title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert related_titles(client, page) == ["Two shared", "One shared, older", "None shared, newest"]


def test_related_stories_cost_the_same_with_50_stories_as_with_5(client, demo_page):
    index = demo_page(StoryIndexPage)
    conditions = list(SystemCondition.objects.all()[:2])
    page = demo_page(CaseStudyPage)
    for days in range(5 - CaseStudyPage.objects.child_of(index).count()):
        story(index, days, conditions, hero_image=ImageFactory())
    with_five = count_queries(client, page.url)
    for days in range(50 - CaseStudyPage.objects.child_of(index).count()):
        story(index, days, conditions, hero_image=ImageFactory())
    assert CaseStudyPage.objects.child_of(index).count() == 50
    assert count_queries(client, page.url) == with_five
