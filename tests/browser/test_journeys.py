"""What educators do, at phone and laptop widths: keyboard only from home to a strategy guide, search from
the header, send the contact form."""

import re

import pytest

from devtools.demo.tour import PAGE_TYPES
from tests.browser.conftest import axe_violations, describe

pytestmark = pytest.mark.browser

MAX_TABS = 60
FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {text: element.innerText.trim(), href: element.getAttribute("href") || "", tag: element.tagName,
            outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2};
}"""


def tab_to(page, matches):
    """Press Tab until the focused element matches; every element on the way shows a visible focus ring."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["outline"], f"no visible focus on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached by Tab")


def test_keyboard_only_from_home_to_a_strategy_guide(page, demo_site, viewport):
    page.goto(demo_site.url("/"))
    first = tab_to(page, lambda focused: True)
    assert first["text"] == "Skip to main content"
    if viewport == "phone":
        # The menu is a disclosure: open it from the keyboard.
        tab_to(page, lambda focused: focused["text"] == "Menu")
        page.keyboard.press("Enter")
    tab_to(page, lambda focused: focused["href"].endswith("/playbook/"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/playbook/")
    guide_path = PAGE_TYPES["strategy-guide"][0]
    guide = tab_to(page, lambda focused: focused["href"].endswith(guide_path) and focused["text"])
    page.keyboard.press("Enter")
    page.wait_for_url("**" + guide_path)
    assert page.locator("h1").inner_text() == guide["text"]
    # The skip link moves focus to the main content.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_search_from_the_header_and_open_a_result(page, demo_site, viewport):
    page.goto(demo_site.url("/"))
    box = page.get_by_label("Search the site")
    box.fill("Walker-Gamble")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?query=Walker-Gamble"))
    first = page.locator(".search-results .search-result__title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title


def test_search_suggestions_are_a_keyboard_combobox(page, demo_site, viewport):
    """The ARIA combobox pattern: the box owns a listbox, the arrow keys move through it (the box keeps
    the focus, aria-activedescendant names the option), Escape closes it, Enter opens the page."""
    page.goto(demo_site.url("/search/"))
    box = page.get_by_label("Search case studies, roundtable posts, webinars and guides")
    box.press_sequentially("walk")
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    assert describe(axe_violations(page)) == ""
    options = listbox.get_by_role("option")
    assert "Leading improvement, together" in options.first.inner_text()
    box.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == "search-page-query"
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "walk"
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/school-stories/walker-gamble-elementary/$"))


def test_send_the_contact_form(page, demo_site, viewport):
    before = demo_site.count("formpages_submission")
    page.goto(demo_site.url(PAGE_TYPES["contact-form"][0]))
    page.get_by_label("Name").fill("Ms. Alvarez")
    page.get_by_label("Email").fill(f"alvarez.{viewport}@example.org")
    page.get_by_label("School or district").fill("Stone Creek Elementary")
    page.get_by_label("Role").select_option(label="Teacher")
    page.get_by_label("Message").fill("Our third grade team would like to start a design day.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Thank you"
    assert demo_site.count("formpages_submission") == before + 1


# The smallest phone screen the site is designed for.
SMALL_PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def test_search_results_start_on_a_phones_first_screen(browser, demo_site):
    context = browser.new_context(**SMALL_PHONE)
    page = context.new_page()
    page.goto(demo_site.url("/search/?query=pomona"))
    boxes = page.locator("input[name=query]:visible").count()
    first = page.locator(".search-result__title").first.bounding_box()
    print(f"search boxes: {boxes}; first result's title ends at {first['y'] + first['height']:.0f} px")
    assert boxes == 1
    assert first["y"] + first["height"] <= SMALL_PHONE["viewport"]["height"]
    # The filters wait behind a disclosure, which opens without JavaScript and offers no empty choice.
    filters = page.locator("details.search-filters")
    filters.locator("summary").click()
    labels = filters.locator(".check label").all_inner_texts()
    assert labels and not [label for label in labels if label.endswith("(0)")]
    context.close()
