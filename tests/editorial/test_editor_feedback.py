"""Issue 18: editors publish without a developer and without surprises. Each test goes through the
admin's URLs as an Editor or a Publisher would."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import strip_tags

from editorial.factories import user_in_role
from editorial.roles import EDITORS, PUBLISHERS
from stories.models import CaseStudyPage, StoryIndexPage
from tests.editorial.test_review_workflow import story_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(user_in_role(EDITORS))
    return client


@pytest.fixture
def publisher_client(client):
    client.force_login(user_in_role(PUBLISHERS))
    return client


def messages_of(response):
    return [strip_tags(str(message)).strip() for message in get_messages(response.wsgi_request)]


def add_story_url():
    return reverse("wagtailadmin_pages:add", args=["stories", "casestudypage", StoryIndexPage.objects.get().pk])


# --- 1. Starting a page again after autosave made a draft of it ---------------------------------


def test_starting_a_page_again_after_autosave_gives_it_a_free_slug_and_names_the_draft(editor_client):
    # Autosave creates the draft as soon as the editor types: the tab is then closed.
    autosave = editor_client.post(
        add_story_url(), story_data("Teachers at the table"), headers={"accept": "application/json"}
    )
    assert autosave.json()["success"]
    draft = CaseStudyPage.objects.get(slug="teachers-at-the-table")

    # Add again, same title: the title fills in the same slug.
    response = editor_client.post(add_story_url(), story_data("Teachers at the table"))

    assert response.status_code == 302
    again = CaseStudyPage.objects.exclude(pk=draft.pk).get(title="Teachers at the table")
    assert again.slug == "teachers-at-the-table-2"
    assert any(
        "“Teachers at the table” already had the address “teachers-at-the-table”, so this page’s is "
        "“teachers-at-the-table-2”" in message
        for message in messages_of(response)
    )
    edit_draft = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert edit_draft in editor_client.get(response.url).content.decode()


def test_a_slug_typed_by_hand_that_is_taken_is_named_in_the_message_at_the_top(editor_client):
    editor_client.post(add_story_url(), story_data("Teachers at the table"))
    pages_before = CaseStudyPage.objects.count()

    response = editor_client.post(add_story_url(), story_data("Another story", slug="teachers-at-the-table"))

    assert response.status_code == 200
    assert CaseStudyPage.objects.count() == pages_before
    message = messages_of(response)[-1]
    assert message.startswith("The page could not be created due to validation errors.")
    assert (
        "Another page here, “Teachers at the table”, already has the address “teachers-at-the-table”. "
        "Change the slug on the Promotion and SEO tab." in message
    )
    assert response.context["form"]["title"].value() == "Another story"  # nothing typed is lost
