"""How pages arrive: weight, render-blocking requests, compressed cacheable static files, reduced motion, print."""

import pytest

from devtools.demo.tour import PAGE_TYPES

pytestmark = pytest.mark.browser

TEXT_TYPES = {"document", "stylesheet", "script"}
STORY_BUDGET = 60 * 1024  # bytes on the wire: HTML + CSS + JS, images excluded


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_story_page_weighs_under_60_kb_of_html_css_and_js(page, demo_site):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(demo_site.url(PAGE_TYPES["case-study"][0]), wait_until="networkidle")
    text = [response for response in responses if response.request.resource_type in TEXT_TYPES]
    sent = sum(response.request.sizes()["responseBodySize"] for response in text)
    assert {response.request.resource_type for response in text} == TEXT_TYPES
    assert sent < STORY_BUDGET, f"{sent} bytes"

    stylesheet = next(response for response in text if response.request.resource_type == "stylesheet")
    headers = stylesheet.all_headers()
    assert headers["content-encoding"] in ("gzip", "br")
    assert "immutable" in headers["cache-control"]  # a hashed name from the manifest, served by whitenoise
    assert stylesheet.request.sizes()["responseBodySize"] < len(stylesheet.body()) / 2


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_only_the_stylesheet_blocks_rendering(page, demo_site):
    page.goto(demo_site.url(PAGE_TYPES["case-study"][0]))
    blocking = page.evaluate(
        """() => performance.getEntriesByType("resource")
            .filter(entry => entry.renderBlockingStatus === "blocking").map(entry => entry.initiatorType)"""
    )
    assert blocking == ["link"]


@pytest.mark.parametrize("viewport", ["laptop"], indirect=True)
def test_reduced_motion_turns_off_transitions(page, demo_site):
    page.goto(demo_site.url(PAGE_TYPES["story-index"][0]))
    transition = "getComputedStyle(document.querySelector('.card')).transitionDuration"
    assert page.evaluate(transition) != "0s"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(transition) == "0s"


@pytest.mark.parametrize("viewport", ["laptop"], indirect=True)
@pytest.mark.parametrize("name", ["strategy-guide", "case-study"])
def test_printing_leaves_the_content_with_links_spelled_out(page, demo_site, name):
    page.goto(demo_site.url(PAGE_TYPES[name][0]))
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".share", ".cta"):
        if page.locator(hidden).count():
            assert page.locator(hidden).first.evaluate("element => getComputedStyle(element).display") == "none", hidden
    assert page.locator("h1").is_visible()
    external = page.locator('.prose a[href^="http"], .guide-section a[href^="http"]').first
    after = external.evaluate("element => getComputedStyle(element, '::after').content")
    assert external.get_attribute("href") in after
    if name == "strategy-guide":
        assert page.locator(".goal").first.evaluate("element => getComputedStyle(element).breakInside") == "avoid"
    assert page.pdf()[:4] == b"%PDF"
