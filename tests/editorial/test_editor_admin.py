"""An admin that explains itself: descriptions and icons per page type, the same tabs everywhere,
help on fields, reading time in the editor, previews of every page type (and of its listing card),
block previews in the block picker, clear validation, and the accessibility checker."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Page, get_page_models
from wagtail.rich_text import RichText

from core.blocks import ArticleStreamBlock
from core.page_types import page_types
from editorial.factories import user_in_role
from editorial.roles import EDITORS
from home.blocks import ServicesBlock
from playbook.blocks import GuideSectionsBlock
from playbook.models import StrategyGuidePage
from stories.models import CaseStudyPage, RoundtablePostPage
from tests.utils import edit_form_data
from webinars.models import WebinarIndexPage, WebinarPage

PAGE_MODELS = [model for model in get_page_models() if model is not Page]
CARD_PAGE_MODELS = [CaseStudyPage, RoundtablePostPage, WebinarPage, StrategyGuidePage]


@pytest.fixture
def editor(db):
    return user_in_role(EDITORS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def preview(page, mode="", **attrs):
    """The page rendered as the admin's preview renders it (Wagtail's preview view ends in this call)."""
    return page.make_preview_request(preview_mode=mode, extra_request_attrs=attrs)


# --- Page types explain themselves ---------------------------------------------------------------


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_page_type_has_a_description_and_the_three_tabs(model):
    assert len(model.page_description) > 20
    tabs = [tab.heading for tab in model.get_edit_handler().children]
    assert tabs[0] == "Content" and tabs[-2:] == ["Promotion and SEO", "Settings"]


def test_webinars_keep_registration_settings_in_their_own_tab():
    assert [tab.heading for tab in WebinarPage.get_edit_handler().children] == [
        "Content",
        "Registration",
        "Promotion and SEO",
        "Settings",
    ]


def test_each_page_type_editors_add_has_an_icon_and_a_listing(editor_client):
    listed = [page_type for page_type in page_types() if page_type.in_content_menu]
    assert {page_type.model for page_type in listed} >= {CaseStudyPage, RoundtablePostPage, WebinarPage}
    for page_type in listed:
        response = editor_client.get(reverse(f"{page_type.model._meta.model_name}:index"))
        assert response.status_code == 200, page_type
        assert f'href="#icon-{page_type.icon}"' in response.content.decode(), page_type
        assert page_type.plural in response.content.decode()


def test_the_editor_shows_help_reading_time_and_schedule(editor_client, demo_page):
    story = demo_page(CaseStudyPage)
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    for text in (
        "Promotion and SEO",
        "Leave blank to use the page title.",
        "Start sections with a Heading block (H2)",
        "Reading time (minutes)",
        'name="go_live_at"',  # scheduling, in the Settings tab
        'name="expire_at"',
    ):
        assert text in html, text
    # The figure itself, read-only: no input posts it.
    assert 'name="reading_time"' not in html


def test_summaries_have_a_visible_limit(editor_client, demo_page):
    story = demo_page(CaseStudyPage)
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert 'name="summary"' in html and 'maxlength="400"' in html


# --- Previews --------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_page_type_previews_in_every_mode(demo_page, model):
    page = demo_page(model)
    for mode, _label in page.preview_modes:
        response = preview(page, mode)
        assert response.status_code == 200
        html = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
        assert page.title in html


@pytest.mark.parametrize("model", CARD_PAGE_MODELS, ids=lambda model: model.__name__)
def test_the_listing_card_preview_shows_the_card_as_listed(editor_client, demo_page, model):
    # Renditions are cached across tests, while earlier tests' rendition rows were rolled back:
    # start clean so both sides name the same rendition file.
    cache.clear()
    page = demo_page(model)
    assert ("card", "Listing card") in page.preview_modes
    html = preview(page, "card").render().content.decode()
    assert html.count('class="card"') == 1
    assert "How this page appears in its section's listing" in html
    listing = editor_client.get(page.get_parent().url).content.decode()
    # The same card the section's listing shows (same template, same fields).
    card = html.split('<article class="card">')[1].split("</article>")[0]
    assert " ".join(card.split()) in " ".join(listing.split())


def test_the_card_preview_shows_unsaved_changes_and_their_reading_time(demo_page):
    story = demo_page(CaseStudyPage)
    story.summary = "A summary being written now."
    story.body = [("paragraph", RichText("<p>" + " word" * 1000 + "</p>"))]
    html = preview(story, "card").render().content.decode()
    assert "A summary being written now." in html
    assert "6 min read" in html  # 1,000 words and the summary, at 200 a minute


def test_a_bare_new_draft_previews(editor_client, home_page):
    """Drafts may leave required fields empty; their preview still renders."""
    index = WebinarIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["webinars", "webinarpage", index.pk])
    # Only the title, the start, and what the new-page form fills in itself (slug, defaults).
    data = {
        "title": "Untitled webinar",
        "slug": "untitled-webinar",
        "start": "2031-03-01 15:00",
        "time_zone": "America/New_York",
        "duration_minutes": "60",
        **{f"presenters-{name}": "0" for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")},
    }
    state = json.loads(editor_client.post(url, data).content)
    assert state["is_valid"]
    assert "Untitled webinar" in editor_client.get(url).content.decode()
    story_index = CaseStudyPage.objects.first().get_parent()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["stories", "casestudypage", story_index.pk])
    assert json.loads(
        editor_client.post(url, {"title": "Untitled story", "slug": "untitled-story", "body-count": "0"}).content
    )["is_valid"]
    assert "Untitled story" in editor_client.get(url, {"mode": "card"}).content.decode()


def all_blocks():
    streams = [ArticleStreamBlock(), GuideSectionsBlock(), ServicesBlock()]
    seen = {}
    for stream in streams:
        for name, block in stream.child_blocks.items():
            seen.setdefault(type(block), (name, block))
    return list(seen.values())


@pytest.mark.parametrize("name,block", all_blocks(), ids=lambda value: value if isinstance(value, str) else "")
def test_every_block_has_a_described_preview_in_the_block_picker(editor_client, name, block):
    assert block.is_previewable and block.get_description()
    response = editor_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/site.css" in html  # styled as on the site
    body = html.split("<main>")[1].split("</main>")[0]
    if name != "document":  # the demo library has no document to show
        assert len(body.strip()) > 100, name


# --- Validation with clear messages ----------------------------------------------------------------


def webinar_errors(client, webinar, **changes):
    data = edit_form_data(client, webinar)
    for name, value in changes.items():
        data[name] = value
    response = client.post(reverse("wagtailadmin_pages:edit", args=[webinar.pk]), data)
    assert response.status_code == 200, "the form should come back with errors"
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def test_a_recording_on_an_upcoming_webinar_is_refused(editor_client):
    webinar = WebinarPage.objects.live().upcoming().first()
    errors = webinar_errors(
        editor_client, webinar, recording_url="https://vimeo.com/123456", recording_captions_on_host="on"
    )
    assert errors == {
        "recording_url": [
            "This webinar has not ended yet: add the recording once it has. Until then the page takes registrations."
        ]
    }
    webinar.refresh_from_db()
    assert webinar.recording_url == ""


def test_a_webinar_cannot_end_before_it_starts_or_open_registration_late(editor_client):
    webinar = WebinarPage.objects.live().upcoming().first()
    errors = webinar_errors(editor_client, webinar, duration_minutes="0", registration_opens_at="2099-01-01 10:00")
    assert errors["duration_minutes"] == ["A webinar must last at least one minute, or it would end before it starts."]
    assert errors["registration_opens_at"] == ["Registration must open before the webinar starts."]


def edit_webinar(client, webinar, **changes):
    data = edit_form_data(client, webinar)
    data.update(changes)
    return client.post(reverse("wagtailadmin_pages:edit", args=[webinar.pk]), data)


def test_a_webinars_times_are_typed_and_shown_in_its_own_time_zone(editor_client):
    """The editor's own time zone (here the site's, New York) plays no part: Los Angeles noon is noon."""
    webinar = WebinarPage.objects.live().upcoming().first()
    response = edit_webinar(
        editor_client, webinar, start="2030-01-15 12:00", time_zone="America/Los_Angeles",
        registration_opens_at="2030-01-01 09:00",
    )  # fmt: skip
    assert response.status_code == 302
    saved = WebinarPage.objects.get(pk=webinar.pk).get_latest_revision_as_object()
    assert saved.start == datetime.datetime(2030, 1, 15, 20, 0, tzinfo=datetime.UTC)
    assert saved.registration_opens_at == datetime.datetime(2030, 1, 1, 17, 0, tzinfo=datetime.UTC)
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[webinar.pk])).content.decode()
    assert 'value="2030-01-15 12:00"' in html and 'value="2030-01-01 09:00"' in html


SKIPPED = (
    "does not exist in Eastern (New York) time: the clocks go forward an hour that night. "
    "Choose a time outside the skipped hour."
)
REPEATED = (
    "happens twice in Eastern (New York) time: the clocks go back an hour that night. "
    "Choose a time outside the repeated hour, so nobody arrives an hour early or late."
)


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("start", "2027-03-14 02:30", f"2:30 AM on Sunday 14 March 2027 {SKIPPED}"),
        ("start", "2027-11-07 01:30", f"1:30 AM on Sunday 7 November 2027 {REPEATED}"),
        ("registration_opens_at", "2027-03-14 02:15", f"2:15 AM on Sunday 14 March 2027 {SKIPPED}"),
    ],
)
def test_a_time_the_clocks_skip_or_repeat_is_refused_on_its_field(editor_client, field, typed, message, figure):
    webinar = WebinarPage.objects.live().upcoming().first()
    changes = {"start": "2027-12-01 15:00", "time_zone": "America/New_York", field: typed}
    assert webinar_errors(editor_client, webinar, **changes) == {field: [message]}
    figure(f"admin: {field} {typed} New York", "refused on its field")


def test_a_time_that_exists_in_the_webinars_zone_is_taken_though_the_editors_skips_it(editor_client):
    webinar = WebinarPage.objects.live().upcoming().first()
    assert (
        edit_webinar(editor_client, webinar, start="2027-03-14 02:30", time_zone="America/Phoenix").status_code == 302
    )
    saved = WebinarPage.objects.get(pk=webinar.pk).get_latest_revision_as_object()
    assert saved.start == datetime.datetime(2027, 3, 14, 9, 30, tzinfo=datetime.UTC)


def test_the_preview_ends_a_session_across_the_spring_change_on_time(editor_client):
    index = WebinarIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["webinars", "webinarpage", index.pk])
    data = {
        "title": "Through the night",
        "slug": "through-the-night",
        "start": "2027-03-14 01:30",
        "time_zone": "America/New_York",
        "duration_minutes": "90",
        **{f"presenters-{name}": "0" for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")},
    }
    assert json.loads(editor_client.post(url, data).content)["is_valid"]
    assert "Sunday 14 March 2027, 1:30 AM EST – 4:00 AM EDT" in strip_tags(editor_client.get(url).content.decode())


def test_a_webinar_that_has_ended_takes_its_recording(editor_client):
    webinar = WebinarPage.objects.live().past().first()
    data = edit_form_data(editor_client, webinar)
    data["recording_url"] = "https://vimeo.com/987654"
    data["recording_captions_on_host"] = "on"
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[webinar.pk]), data)
    assert response.status_code == 302
    assert (
        WebinarPage.objects.get(pk=webinar.pk).get_latest_revision_as_object().recording_url
        == "https://vimeo.com/987654"
    )


# --- Accessibility checks --------------------------------------------------------------------------


def test_the_accessibility_checker_runs_on_pages_and_in_the_preview_panel(editor_client, demo_page):
    story = demo_page(CaseStudyPage)
    page_html = editor_client.get(story.url).content.decode()
    assert 'id="checker-axe-configuration"' in page_html
    axe = json.loads(page_html.split('id="checker-axe-configuration"')[1].split(">", 1)[1].split("</script>")[0])
    assert {"heading-order", "link-name", "alt-text-quality"} <= set(axe["options"]["runOnly"])
    # The editor's Checks panel runs the same checker inside the preview (a webinar: its form has no StreamField).
    webinar = demo_page(WebinarPage)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[webinar.pk])
    assert json.loads(editor_client.post(url, edit_form_data(editor_client, webinar)).content)["is_valid"]
    in_panel = editor_client.get(url, {"in_preview_panel": "true"}).content.decode()
    assert 'id="checker-axe-configuration"' in in_panel
