"""Issue 17, the site's own identity: the seven system conditions as a visual system, each with its own
colour and icon wherever a condition appears (the icon decorative beside the condition's name), and people
shown as people."""

import re

import pytest
from django.urls import reverse

from editorial.factories import user_in_role
from editorial.roles import PUBLISHERS
from playbook.models import PlaybookPage, StrategyGuidePage
from stories.models import CaseStudyPage, RoundtablePostPage, StoryIndexPage
from taxonomy.models import SystemCondition
from taxonomy.symbols import PATHS, Symbol, icon

pytestmark = pytest.mark.django_db

MARK = re.compile(r'class="[^"]*condition--(\w+)[^"]*"[^>]*>\s*<svg class="condition-icon"[^>]*aria-hidden="true"')


def marks(client, url):
    return MARK.findall(client.get(url).content.decode())


def test_the_seven_each_have_their_own_symbol():
    symbols = list(SystemCondition.objects.live().values_list("symbol", flat=True))
    assert len(symbols) == 7 and set(symbols) == set(Symbol.values)
    assert set(PATHS) == set(Symbol)


def test_the_story_filters_the_playbook_table_and_a_storys_conditions_show_them(client, demo_page):
    seven = set(Symbol.values)
    assert set(marks(client, demo_page(StoryIndexPage).url)) == seven
    assert set(marks(client, demo_page(PlaybookPage).url)) >= seven
    story = demo_page(CaseStudyPage)
    assert set(marks(client, story.url)) >= set(story.conditions.values_list("symbol", flat=True))
    assert set(marks(client, reverse("search") + "?query=leadership")) == seven


def test_a_guide_wears_its_conditions_colour_and_icon(client):
    guide = StrategyGuidePage.objects.live().exclude(condition=None).select_related("condition").first()
    html = client.get(guide.url).content.decode()
    assert f'class="container article condition--{guide.condition.symbol}"' in html
    assert marks(client, guide.url)[0] == guide.condition.symbol


def test_a_condition_without_a_symbol_shows_its_name_alone():
    assert icon("") == ""
    assert 'aria-hidden="true"' in icon(Symbol.COMPASS)


def test_publishers_choose_a_conditions_symbol(client):
    client.force_login(user_in_role(PUBLISHERS))
    condition = SystemCondition.objects.first()
    html = client.get(reverse("wagtailsnippets_taxonomy_systemcondition:edit", args=[condition.pk])).content.decode()
    assert 'name="symbol"' in html and "Compass (blue)" in html


def test_people_without_a_photo_are_shown_by_their_initials(client, demo_page):
    post = demo_page(RoundtablePostPage)
    author = post.authors.first().person
    with_photo = client.get(post.url).content.decode()
    assert 'class="person__photo person__initials"' not in with_photo
    author.photo = None
    author.save()

    html = client.get(post.url).content.decode()

    first, *_, last = author.name.split()
    assert f'<span class="person__photo person__initials" aria-hidden="true">{first[0]}{last[0]}</span>' in html
