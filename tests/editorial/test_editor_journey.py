"""The editor's journey in a real browser (Playwright driving Debian's Chromium) against the site on
a live server: an editor writes a case study, previews it and submits it; a publisher approves it;
it is on the stories index and in search. An editor can neither publish nor see registrants; a webinar
manager exports, messages and cancels them.

The browser tests skip only where /usr/bin/chromium is missing; under CI (CI=true) they fail instead.
"""

import os
import re
from pathlib import Path

import pytest

from editorial.factories import user_in_role
from editorial.roles import EDITORS, PUBLISHERS, WEBINAR_MANAGERS
from stories.models import CaseStudyPage, StoryIndexPage
from tests.utils import registrant
from webinars.models import Registration, WebinarPage

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "a-test-password"
TITLE = "Riverside teachers lead together"

if not CHROMIUM.exists() and os.environ.get("CI"):
    raise RuntimeError(f"{CHROMIUM} is missing: CI must install it (see .ci/run) so browser tests never skip.")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright  # imported here: collection works without Playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls beside it stay synchronous.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def log_in(chromium, live_server, committed_demo_site):
    """A browser page of its own for each person, logged in to the admin."""
    contexts = []

    def open_as(user):
        context = chromium.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    # The first preview renders every card's AVIF, WebP and JPEG renditions: seconds on a busy CI machine.
    playwright_expect.set_options(timeout=30_000)
    return playwright_expect(locator)


def add_block(page, label):
    """Insert a block at the end of the body through the block picker."""
    page.locator("#body-root button.c-sf-add-button").last.click()
    page.get_by_role("option", name=label).first.click()


def test_an_editor_writes_a_story_a_publisher_approves_it_and_readers_find_it(log_in, live_server):
    editor = log_in(user_in_role(EDITORS, password=PASSWORD))
    publisher_user = user_in_role(PUBLISHERS, password=PASSWORD)
    index = StoryIndexPage.objects.get()

    # The editor writes the story: a heading, an image, a pull quote and a video.
    editor.goto(f"/admin/pages/add/stories/casestudypage/{index.pk}/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_summary", "How Riverside Elementary turned a few volunteers into a staff of leaders.")
    add_block(editor, "Heading")
    editor.fill('[name="body-0-value-text"]', "Where Riverside started")
    add_block(editor, "Image")
    editor.locator("#body-root").get_by_role("button", name="Choose an image").click()
    editor.locator(".modal a.image-choice", has_text="Walker-Gamble Elementary hero").click()
    add_block(editor, "Quote")
    editor.fill('[name="body-2-value-quote"]', "We stopped waiting for permission to lead.")
    add_block(editor, "Video")
    editor.fill('[name="body-3-value-url"]', "https://www.youtube.com/watch?v=riverside")
    editor.fill('[name="body-3-value-title"]', "Riverside teachers planning together")
    editor.check('[name="body-3-value-captions_on_host"]')

    # Previews it: the page, then the card the stories index will show.
    editor.click('[data-side-panel-toggle="preview"]')
    preview = editor.frame_locator("iframe.w-preview__iframe, iframe[title*=Preview]").first
    expect(preview.locator("h1")).to_have_text(TITLE)
    expect(preview.locator("h2", has_text="Where Riverside started")).to_have_count(1)
    expect(preview.locator("blockquote")).to_contain_text("We stopped waiting for permission to lead.")
    expect(preview.locator(".block-image img, figure img").first).to_be_visible()
    expect(preview.locator(".video__title")).to_have_text("Riverside teachers planning together")
    # The editor is offered the "Listing card" mode too (the publisher looks at it below).
    expect(editor.locator("#id_preview_mode option[value=card]")).to_have_text("Listing card")

    # An editor is offered no Publish button, only Save draft and Submit for review.
    editor.get_by_role("button", name="More actions").click()
    expect(editor.locator('button[name="action-publish"]')).to_have_count(0)
    editor.click('button[name="action-submit"]')
    # "created and submitted" for a page never saved before, "has been submitted" for a saved draft.
    editor.get_by_text(
        re.compile(rf"Page '{re.escape(TITLE)}' (has been|created and) submitted for moderation")
    ).wait_for()
    story = CaseStudyPage.objects.get(title=TITLE)
    assert not story.live
    assert [block.block_type for block in story.get_latest_revision_as_object().body] == [
        "heading",
        "image",
        "quote",
        "video",
    ]

    # The publisher finds it awaiting review and approves it.
    publisher = log_in(publisher_user)
    expect(publisher.get_by_text(TITLE).first).to_be_visible()  # the dashboard's "Awaiting your review"
    card = publisher.context.new_page()
    card.goto(f"/admin/pages/{story.pk}/view_draft/?mode=card")
    expect(card.locator("article.card h3")).to_have_text(TITLE)
    expect(card.locator("article.card .card__summary")).to_contain_text("a staff of leaders")
    card.close()
    publisher.goto(f"/admin/pages/{story.pk}/edit/")
    publisher.get_by_role("button", name="More actions").click()
    with publisher.expect_navigation():
        publisher.get_by_role("button", name="Approve and Publish", exact=True).click()
    story.refresh_from_db()
    assert story.live

    # Readers find it on the stories index and in search.
    reader = editor.context.browser.new_context(base_url=live_server.url).new_page()
    reader.goto(index.url)
    expect(reader.locator("article.card h3", has_text=TITLE)).to_have_count(1)
    reader.goto("/search/?query=Riverside")
    expect(reader.locator(".search-result__title", has_text=TITLE)).to_have_count(1)
    reader.context.close()


def test_an_editor_cannot_publish_or_see_registrants(log_in):
    editor = log_in(user_in_role(EDITORS, password=PASSWORD))
    story = CaseStudyPage.objects.live().first()

    editor.goto(f"/admin/pages/{story.pk}/edit/")
    editor.get_by_role("button", name="More actions").click()
    expect(editor.locator('button[name="action-submit"]')).to_be_visible()
    expect(editor.locator('button[name="action-publish"]')).to_have_count(0)

    expect(editor.get_by_role("link", name="Webinar registrants")).to_have_count(0)
    editor.goto("/admin/webinar-registrants/")
    assert editor.url.endswith("/admin/")
    editor.get_by_text("Sorry, you do not have permission to access this area.").wait_for()


def test_a_webinar_manager_exports_messages_and_cancels_registrants(log_in):
    webinar = WebinarPage.objects.live().upcoming().first()
    for name in ("Ada Lovelace", "Grace Hopper"):
        registrant(webinar, name)
    manager = log_in(user_in_role(WEBINAR_MANAGERS, password=PASSWORD))

    # The webinar's registrants, with the exports in plain sight.
    manager.goto(f"/admin/webinar-registrants/?webinar={webinar.pk}")
    expect(manager.get_by_role("link", name="Download CSV")).to_be_visible()
    expect(manager.get_by_text("grace.hopper@example.org")).to_be_visible()

    # An update to everyone with a seat: previewed with its count, then sent once each.
    manager.get_by_role("link", name="Message registrants").click()
    manager.get_by_label("Confirmed registrants").check()
    manager.locator('input[name="subject"]').fill("The slides for Thursday")
    manager.locator('textarea[name="body"]').fill("The slides are ready: we will share them at the start.")
    manager.click('button:has-text("Preview")')
    confirmed = webinar.registrations.filter(status=Registration.Status.CONFIRMED).count()
    with manager.expect_navigation():
        manager.get_by_role("button", name=f"Send to {confirmed}").click()
    expect(manager.get_by_text("The slides for Thursday").first).to_be_visible()  # in the log of messages

    # One registrant cannot come: cancelled from their page.
    ada = webinar.registrations.get(email="ada.lovelace@example.org")
    manager.goto(f"/admin/webinar-registrants/inspect/{ada.pk}/")
    with manager.expect_navigation():
        manager.get_by_role("button", name="Cancel this registration").click()
    ada.refresh_from_db()
    assert ada.status == Registration.Status.CANCELLED
