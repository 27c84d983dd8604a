"""Query budgets: every page type renders in a small fixed number of queries,
and costs no more with 200 children (or siblings) than with 5."""

import pytest
from django.core.management import call_command

from assessment.models import SelfAssessmentPage
from core.factories import ImageFactory
from formpages.models import FormPage
from home.models import HomePage, StandardPage
from playbook.factories import StrategyGuidePageFactory
from playbook.models import PlaybookPage, StrategyGuidePage
from stories.factories import CaseStudyPageFactory, RoundtablePostPageFactory
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostPage, StoryIndexPage
from tests.utils import count_queries
from webinars.factories import WebinarPageFactory
from webinars.models import WebinarIndexPage, WebinarPage

pytestmark = pytest.mark.django_db

# Anonymous render of the demo page of each type, after a first request has made the renditions.
# Pages without a hero image ask once more: the home page's image is their share image.
BUDGETS = {
    HomePage: 19,
    StandardPage: 14,
    StoryIndexPage: 17,
    CaseStudyPage: 19,  # with its related stories
    RoundtableIndexPage: 18,
    RoundtablePostPage: 24,  # with the series' post count and months, and its comments with their replies
    WebinarIndexPage: 18,
    WebinarPage: 16,
    PlaybookPage: 17,
    StrategyGuidePage: 16,
    SelfAssessmentPage: 16,
    FormPage: 13,
}


@pytest.mark.parametrize("model", list(BUDGETS), ids=lambda model: model.__name__)
def test_each_page_type_renders_within_its_query_budget(client, demo_page, model, django_assert_max_num_queries):
    page = demo_page(model)
    client.get(page.url)
    with django_assert_max_num_queries(BUDGETS[model]):
        assert client.get(page.url).status_code == 200


# Each index page type and a way to add one more child (with a card image where the card shows one).
CHILD_MAKERS = {
    StoryIndexPage: lambda index: CaseStudyPageFactory(parent=index, hero_image=ImageFactory()),
    RoundtableIndexPage: lambda index: RoundtablePostPageFactory(parent=index, hero_image=ImageFactory()),
    WebinarIndexPage: lambda index: WebinarPageFactory(parent=index, hero_image=ImageFactory()),
    PlaybookPage: lambda index: StrategyGuidePageFactory(parent=index),
}
# Enough bulk pages for every index to hold 200 or more (40% case studies, 30% posts, 15% guides, 15% webinars).
BULK_PAGES = 1334


def test_every_page_type_costs_the_same_with_200_children_as_with_5(client, demo_page):
    for index_model, add_child in CHILD_MAKERS.items():
        index = demo_page(index_model)
        for _ in range(5 - index.get_children().live().count()):
            add_child(index)
    with_five = {model: count_queries(client, demo_page(model).url) for model in BUDGETS}

    call_command("generate_bulk_content", pages=BULK_PAGES, seed=3, verbosity=0)
    for index_model in CHILD_MAKERS:
        assert demo_page(index_model).get_children().live().count() >= 200
    with_two_hundred = {model: count_queries(client, demo_page(model).url) for model in BUDGETS}

    grew = {m.__name__: (with_five[m], n) for m, n in with_two_hundred.items() if n > with_five[m]}
    over = {m.__name__: (n, BUDGETS[m]) for m, n in with_two_hundred.items() if n > BUDGETS[m]}
    assert grew == {} and over == {}
