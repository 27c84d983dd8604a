"""Query budgets: every page type renders in a small fixed number of queries,
and an index page with 50 children costs no more than with 5."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from formpages.models import FormPage
from home.models import HomePage, StandardPage
from playbook.models import PlaybookPage, SelfAssessmentPage, StrategyGuidePage
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostPage, StoryIndexPage
from webinars.models import WebinarIndexPage, WebinarPage

from .factories import (
    CaseStudyPageFactory,
    ImageFactory,
    RoundtablePostPageFactory,
    StrategyGuidePageFactory,
    WebinarPageFactory,
)

pytestmark = pytest.mark.django_db

# Anonymous render of the demo page of each type, after a first request has made the renditions.
# Pages without a hero image ask once more: the home page's image is their share image.
BUDGETS = {
    HomePage: 19,
    StandardPage: 14,
    StoryIndexPage: 17,
    CaseStudyPage: 18,
    RoundtableIndexPage: 18,
    RoundtablePostPage: 21,
    WebinarIndexPage: 18,
    WebinarPage: 16,
    PlaybookPage: 17,
    StrategyGuidePage: 16,
    SelfAssessmentPage: 16,
    FormPage: 13,
}


def count_queries(client, url, params=None):
    client.get(url, params)  # warm: renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


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


def add_children(index, count):
    for _ in range(count):
        CHILD_MAKERS[type(index)](index)


@pytest.mark.parametrize("model", list(CHILD_MAKERS), ids=lambda model: model.__name__)
def test_index_page_queries_do_not_grow_with_children(client, demo_page, model):
    index = demo_page(model)
    add_children(index, 5)
    with_five = count_queries(client, index.url)
    add_children(index, 45)
    with_fifty = count_queries(client, index.url)
    assert with_fifty <= with_five
