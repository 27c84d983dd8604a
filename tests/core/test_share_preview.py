"""The editor's "Search result" and "Shared card" previews (issue 18): the values the live page's
<head> carries, shown as a search engine and a social network show them, with warnings; and the
character counters on title, SEO title and search description."""

import html
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page, Site, get_page_models

from core.models import SiteSettings
from editorial.factories import user_in_role
from editorial.roles import EDITORS
from playbook.models import StrategyGuidePage
from stories.models import CaseStudyPage, RoundtablePostPage
from tests.utils import edit_form_data, get_html, meta
from webinars.models import WebinarPage

pytestmark = pytest.mark.django_db

PAGE_MODELS = [model for model in get_page_models() if model is not Page]
PREVIEWED = [CaseStudyPage, RoundtablePostPage, WebinarPage, StrategyGuidePage]
LONG_TITLE = "How Stone Creek Elementary's teachers came to lead the school's improvement work together"


@pytest.fixture
def editor_client(client):
    client.force_login(user_in_role(EDITORS))
    return client


def preview(client, page, mode, **changes):
    """The edit form as it stands, with changes, posted to the admin's preview and shown in one mode."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = edit_form_data(client, page)
    # StreamFields are drawn by the admin's script, not in the HTML: post them empty (a draft may be,
    # and these previews read nothing from a body).
    for field in page._meta.fields:
        if isinstance(field, StreamField):
            data[f"{field.name}-count"] = "0"
    for name, value in changes.items():
        data[name] = value
    assert json.loads(client.post(url, data).content)["is_valid"]
    response = client.get(url, {"mode": mode})
    assert response.status_code == 200
    return response.content.decode()


def shown(html_text, value):
    """A value the preview lists under "What the page tells search engines" (escaped, as in the page)."""
    return re.search(rf'data-value="{value}">([^<]*)<', html_text)[1]


def text_of(html_text, css_class):
    return html.unescape(re.search(rf'class="{css_class}">([^<]*)<', html_text)[1])


def warnings(html_text):
    section = html_text.split('class="share-preview__warnings"')[1].split("</section>")[0]
    return [html.unescape(item) for item in re.findall(r"<li>([^<]*)</li>", section)]


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_page_type_offers_both_previews(model):
    modes = model().preview_modes
    assert ("search", "Search result") in modes and ("share", "Shared card") in modes
    assert len({mode for mode, _ in modes}) == len(modes)


@pytest.mark.parametrize("model", PREVIEWED, ids=lambda model: model.__name__)
def test_both_previews_show_what_the_live_page_tells_search_engines(editor_client, demo_page, model):
    page = demo_page(model)
    live = get_html(Client(), page.url)
    title = re.search(r"<title>([^<]*)</title>", live)[1]
    image = meta(live, "property", "og:image")

    search = preview(editor_client, page, "search")
    assert shown(search, "document-title") == title
    assert shown(search, "title") == meta(live, "property", "og:title")
    assert shown(search, "description") == meta(live, "name", "description") == meta(live, "property", "og:description")
    assert shown(search, "canonical") == meta(live, "property", "og:url") == page.full_url
    assert shown(search, "image") == image
    # As a search engine lays it out: address as a trail, title, description.
    assert text_of(search, "search-result__url") == "http://localhost › " + " › ".join(page.url.strip("/").split("/"))
    assert text_of(search, "search-result__description") == html.unescape(meta(live, "name", "description"))

    card = preview(editor_client, page, "share")
    assert shown(card, "title") == meta(live, "property", "og:title")
    assert f'class="shared-card__image" src="{image}" width="1200" height="630"' in card
    assert text_of(card, "shared-card__domain") == "localhost"
    assert text_of(card, "shared-card__title") == html.unescape(meta(live, "property", "og:title"))
    assert text_of(card, "shared-card__description") == html.unescape(meta(live, "property", "og:description"))


def test_the_search_result_cuts_a_long_title_and_description_and_says_so(editor_client, demo_page):
    story = demo_page(CaseStudyPage)
    description = "Teachers at Stone Creek share the work of leading. " * 4
    html_text = preview(editor_client, story, "search", title=LONG_TITLE, seo_title="", search_description=description)
    document_title = f"{LONG_TITLE} · Collective Leadership"
    assert html.unescape(shown(html_text, "document-title")) == document_title
    shown_title = text_of(html_text, "search-result__title")
    assert len(shown_title) == 60 and shown_title.endswith("…") and document_title.startswith(shown_title[:-1])
    shown_description = text_of(html_text, "search-result__description")
    assert len(shown_description) == 160 and shown_description.endswith("…")
    assert warnings(html_text) == [
        "There is no SEO title, so search results and shared links show the page title.",
        f"With the site's name the title is {len(document_title)} characters: search engines show about 60 and "
        "cut the rest. A shorter SEO title (Promotion and SEO tab) fits.",
        f"The description is {len(description.strip())} characters: only the first 160 are used, ending in “…”.",
    ]
    # The draft's own values, not the live page's.
    assert story.title != LONG_TITLE


def test_a_page_with_short_seo_values_and_a_hero_image_has_nothing_to_check(editor_client, demo_page):
    story = demo_page(CaseStudyPage)
    html_text = preview(
        editor_client, story, "share", seo_title="Stone Creek: many leaders", search_description="How a staff leads."
    )
    assert "share-preview__warnings" not in html_text
    assert f"the page&#x27;s hero image “{story.hero_image.title}”" in html_text


def test_without_a_search_description_the_fallback_is_named(editor_client, demo_page):
    webinar = demo_page(WebinarPage)
    html_text = preview(editor_client, webinar, "search", search_description="")
    assert "There is no search description, so the summary is used instead." in warnings(html_text)
    assert html.unescape(shown(html_text, "description")) == webinar.summary


def test_a_guide_shares_the_site_image_and_says_which(editor_client, demo_page):
    guide = demo_page(StrategyGuidePage)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    fallback = site_settings.share_image
    assert fallback is not None
    html_text = preview(editor_client, guide, "share")
    assert (
        f"This page has no hero image, so shared links show the site's share image “{fallback.title}” "
        "(Settings › Site settings)." in warnings(html_text)
    )

    site_settings.share_image = None
    site_settings.save()
    html_text = preview(editor_client, guide, "share")
    assert 'class="shared-card__image"' not in html_text
    assert warnings(html_text)[-1].startswith("There is no share image: shared links show no picture.")
    assert 'property="og:image"' not in get_html(Client(), guide.url)


def test_a_new_page_previews_before_it_is_saved(editor_client, demo_page):
    index = demo_page(CaseStudyPage).get_parent()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["stories", "casestudypage", index.pk])
    data = {"title": "Untitled story", "slug": "untitled-story", "body-count": "0"}
    assert json.loads(editor_client.post(url, data).content)["is_valid"]
    html_text = editor_client.get(url, {"mode": "search"}).content.decode()
    assert text_of(html_text, "search-result__title") == "Untitled story · Collective Leadership"
    trail = [*index.url.strip("/").split("/"), "untitled-story"]
    assert text_of(html_text, "search-result__url") == " › ".join(["http://localhost", *trail])
    assert "There is no search description, summary or introduction" in warnings(html_text)[1]
    assert 'class="shared-card__title">Untitled story<' in editor_client.get(url, {"mode": "share"}).content.decode()


@pytest.mark.parametrize("model", PREVIEWED, ids=lambda model: model.__name__)
def test_the_editor_counts_characters_in_title_seo_title_and_description(editor_client, demo_page, model):
    page = demo_page(model)
    html_text = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "core/character_count.js" in html_text
    for name, limit in (("title", 60), ("seo_title", 60), ("search_description", 160)):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html_text)[0]
        assert re.search(r'data-controller="[^"]*\bcharacter-count\b', tag), tag
        assert re.search(r'data-action="[^"]*\bcharacter-count#update\b', tag), tag
        assert f'data-character-count-limit-value="{limit}"' in tag
    # Wagtail's own controllers stay: the title still fills in the slug, the description still grows.
    assert "w-sync" in re.search(r'<input[^>]*name="title"[^>]*>', html_text)[0]
    assert "w-autosize" in re.search(r'<textarea[^>]*name="search_description"[^>]*>', html_text)[0]
    assert "Search results show about 60 characters of the title" in html_text
    assert "up to 160 characters" in html_text
