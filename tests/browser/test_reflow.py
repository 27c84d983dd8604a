"""Every page type reflows at 320 CSS px (WCAG 1.4.10): nothing scrolls sideways."""

import pytest

from devtools.demo.tour import PAGE_TYPES

pytestmark = pytest.mark.browser

# What is wider than the window, so a failure names the culprit.
TOO_WIDE = """() => Array.from(document.querySelectorAll("body *"))
    .filter(element => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .slice(0, 5).map(element => `${element.tagName.toLowerCase()}.${element.className}`)"""


@pytest.mark.parametrize("viewport", ["reflow"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_page_type_scrolls_sideways_at_320_px(page, demo_site, viewport, name):
    assert page.goto(demo_site.url(PAGE_TYPES[name][0])).status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.evaluate(TOO_WIDE)
