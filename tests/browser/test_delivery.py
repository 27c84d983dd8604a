"""How pages arrive: weight, render-blocking requests, compressed cacheable static files, reduced motion, print."""

import pytest

from devtools.demo.tour import PAGE_TYPES
from tests.browser.conftest import VIEWPORTS

pytestmark = pytest.mark.browser

# What a page weighs without its images: bytes on the wire, compressed as sent. The budget is issue 17's.
WEIGHED = {"document", "stylesheet", "script", "font"}
BUDGET = 60 * 1024


def test_every_page_type_weighs_under_60_kb_without_images(browser, demo_site, figure):
    weights = []
    for name, (path, _) in PAGE_TYPES.items():
        context = browser.new_context(**VIEWPORTS["phone"])  # a first visit: nothing cached yet
        tab = context.new_page()
        responses = []
        tab.on("response", lambda response, responses=responses: responses.append(response))
        tab.goto(demo_site.url(path), wait_until="networkidle")
        by_type = dict.fromkeys(sorted(WEIGHED), 0)
        for response in responses:
            if response.request.resource_type in WEIGHED:
                by_type[response.request.resource_type] += response.request.sizes()["responseBodySize"]
        context.close()
        assert all(size > 0 for size in by_type.values()), (name, by_type)  # each kind came over the wire
        weights.append((name, sum(by_type.values()), by_type))
    figure(
        "Page weight without images, on the wire (KB: document, font, script, stylesheet)",
        "; ".join(f"{name} {total / 1024:.1f} (" + ", ".join(f"{v / 1024:.1f}" for v in kinds.values()) + ")"
                  for name, total, kinds in weights),
    )  # fmt: skip
    assert [name for name, total, _ in weights if total > BUDGET] == []


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_stylesheet_is_compressed_and_cached_for_good(page, demo_site):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(demo_site.url(PAGE_TYPES["case-study"][0]), wait_until="networkidle")
    stylesheet = next(response for response in responses if response.request.resource_type == "stylesheet")
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
