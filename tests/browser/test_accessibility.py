"""axe-core finds nothing on any page type, at phone and laptop widths, light and dark; each page is screenshotted.

`make screenshots` keeps the screenshots in docs/screenshots/.
"""

import pytest

from devtools.demo.tour import PAGE_TYPES
from tests.browser.conftest import VIEWPORTS, axe_violations, describe, save_screenshot

pytestmark = pytest.mark.browser


def check(page, name, viewport):
    assert page.locator("h1").count() == 1, "one h1"
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1, landmark
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    save_screenshot(page, name, viewport)


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_has_no_axe_violations(page, demo_site, viewport, name):
    response = page.goto(demo_site.url(PAGE_TYPES[name][0]))
    assert response.status == 200
    check(page, name, viewport)


def test_not_found_page_has_no_axe_violations(page, demo_site, viewport):
    assert page.goto(demo_site.url("/no-such-page/")).status == 404
    check(page, "not-found", viewport)


def test_form_with_errors_ties_them_to_fields_and_has_no_axe_violations(page, demo_site, viewport):
    page.goto(demo_site.url(PAGE_TYPES["contact-form"][0]))
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector(".error-summary")
    described_by = page.get_by_label("Email").get_attribute("aria-describedby") or ""
    messages = " ".join(page.locator(f"#{element_id}").inner_text() for element_id in described_by.split())
    assert "This field is required." in messages
    check(page, "contact-form-errors", viewport)


def test_webinar_registration_and_confirmation_have_no_axe_violations(page, demo_site, viewport):
    page.goto(demo_site.url(PAGE_TYPES["webinar"][0]))
    page.get_by_label("Your name").fill("Jamie Rivera")
    page.get_by_label("Email address").fill(f"jamie.{viewport}@example.org")
    page.get_by_label("Your role").select_option(label="Teacher")
    page.get_by_label("School or district").fill("Pomona Unified")
    page.get_by_label("State").select_option(label="California")
    page.get_by_label("Email me about this webinar").check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/check-your-inbox/")
    assert f"We are sending an email to jamie.{viewport}@example.org." in page.inner_text("main")
    check(page, "webinar-registered", viewport)


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_in_dark_mode_has_no_axe_violations(browser, demo_site, name, viewport):
    """The dark colours (site.css, prefers-color-scheme) keep every contrast, the conditions' colours included."""
    context = browser.new_context(bypass_csp=True, color_scheme="dark", **VIEWPORTS[viewport])
    tab = context.new_page()
    assert tab.goto(demo_site.url(PAGE_TYPES[name][0])).status == 200
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 24, 31)"  # dark paper
    violations = axe_violations(tab)
    save_screenshot(tab, f"{name}-dark", viewport)
    context.close()
    assert violations == [], describe(violations)


# Body text: the paragraphs and list items of the page's main content. A condition's name in its own colour
# is a label (AA's 4.5:1, test_page_type_has_no_axe_violations), not reading text.
BODY_TEXT = "{include: [['main p:not(.condition)'], ['main li']], exclude: [['main .condition']]}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_body_text_meets_aaa_contrast(browser, demo_site, name, scheme):
    """7:1 for body text (WCAG 1.4.6, axe's color-contrast-enhanced, off by default), in both colour schemes."""
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, **VIEWPORTS["phone"])
    tab = context.new_page()
    assert tab.goto(demo_site.url(PAGE_TYPES[name][0])).status == 200
    violations = axe_violations(tab, BODY_TEXT, {"runOnly": ["color-contrast-enhanced"]})
    context.close()
    assert violations == [], describe(violations)
