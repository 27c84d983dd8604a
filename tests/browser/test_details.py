"""Details a reader meets in the browser: webinar times in their own zone, form options large enough to tap."""

import pytest

from devtools.demo.tour import PAGE_TYPES

pytestmark = pytest.mark.browser


def open_page(browser, demo_site, path, **context_options):
    context = browser.new_context(**context_options)
    tab = context.new_page()
    tab.goto(demo_site.url(path))
    return context, tab


@pytest.mark.parametrize(
    "reader_zone, javascript, note",
    [("America/Los_Angeles", True, True), ("America/New_York", True, False), ("America/Los_Angeles", False, False)],
    ids=["another-zone", "the-webinars-zone", "without-javascript"],
)
def test_webinar_times_add_the_readers_own_time_when_it_differs(browser, demo_site, reader_zone, javascript, note):
    context, tab = open_page(
        browser, demo_site, PAGE_TYPES["webinar"][0], timezone_id=reader_zone, java_script_enabled=javascript
    )
    when = tab.locator("[data-webinar-zone]").first
    if javascript:
        tab.wait_for_load_state("load")  # the deferred script has run
    text = when.inner_text()
    context.close()
    assert ("your time)" in text) == note, text


def test_survey_options_are_as_large_to_tap_as_the_self_assessments(browser, demo_site):
    context, tab = open_page(browser, demo_site, PAGE_TYPES["survey-form"][0], viewport={"width": 390, "height": 844})
    sizes = tab.eval_on_selector_all(
        ".field fieldset label:has(input)", "labels => labels.map(l => l.getBoundingClientRect().height)"
    )
    context.close()
    assert sizes and min(sizes) >= 44, sizes  # the self-assessment's options: 44 px, above WCAG's 24 px minimum
