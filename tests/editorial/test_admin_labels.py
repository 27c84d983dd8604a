"""The admin speaks the site's words: page types as the site names them, fields without
generated labels, the Forms list and the search results header in words, and the people,
districts, conditions and webinar series found from the admin's search."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from core.page_types import page_types
from editorial.factories import user_in_role
from editorial.roles import EDITORS, PUBLISHERS
from formpages.models import FormPage
from stories.models import StoryIndexPage
from taxonomy.models import Person
from webinars.models import WebinarPage


@pytest.fixture
def editor_client(client, db):
    client.force_login(user_in_role(EDITORS))
    return client


@pytest.fixture
def publisher_client(client, db):
    client.force_login(user_in_role(PUBLISHERS))
    return client


def text(response):
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.mark.parametrize("page_type", page_types(), ids=lambda page_type: page_type.model.__name__)
def test_wagtail_names_each_page_type_as_the_site_does(page_type):
    assert page_type.model.get_verbose_name() == page_type.label
    assert page_type.model._meta.verbose_name_plural.capitalize() == page_type.plural


def test_adding_a_school_story_makes_a_case_study(editor_client, demo_page):
    index = demo_page(StoryIndexPage)
    page = text(editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[index.pk]), follow=True))
    assert "Case study" in page and "Case study page" not in page


def test_the_webinar_form_labels_its_fields_in_words(editor_client, demo_page):
    webinar = demo_page(WebinarPage)
    page = text(editor_client.get(reverse("wagtailadmin_pages:edit", args=[webinar.pk])))
    assert "Duration (minutes)" in page and "Recording URL" in page
    assert "Duration minutes" not in page and "Recording url" not in page


def test_the_forms_list_names_the_page_type_not_its_code(publisher_client, demo_page):
    form = demo_page(FormPage)
    page = text(publisher_client.get(reverse("wagtailforms:index")))
    assert form.title in page and "Form" in page
    assert "formpages.formpage" not in page


def test_the_admin_search_results_header_counts_pages(editor_client, demo_page):
    story = demo_page(StoryIndexPage)
    response = editor_client.get(reverse("wagtailadmin_pages:search"), {"q": story.title})
    header = text(response).split("Title", 1)[1][:60]
    assert re.match(r" \d+-\d+ of \d+ pages? ", header), header
    assert "None" not in header


def test_people_districts_conditions_and_series_are_searched_from_the_admin_search(publisher_client, db):
    person = Person.objects.order_by("name").first()
    html = publisher_client.get(reverse("wagtailadmin_pages:search"), {"q": person.name}).content.decode()
    for label, url_name in [
        ("People", "wagtailsnippets_taxonomy_person:list"),
        ("Districts", "wagtailsnippets_taxonomy_district:list"),
        ("System conditions", "wagtailsnippets_taxonomy_systemcondition:list"),
        ("Webinar series", "wagtailsnippets_webinars_webinarseries:list"),
    ]:
        assert f'href="{reverse(url_name)}?q=' in html and label in html
    found = publisher_client.get(reverse("wagtailsnippets_taxonomy_person:list"), {"q": person.name})
    assert person.name in text(found)


def test_the_snippet_searches_are_not_offered_to_whom_cannot_open_them(client, db):
    client.force_login(user_in_role("Webinar managers"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailsnippets_taxonomy_person:list") not in html
