"""A failed submit on every form of the site, on a small phone: the page opens on the error summary,
the title says so, and every error in the summary links to its field, which points at its message."""

import pytest

from devtools.demo.tour import PAGE_TYPES

pytestmark = pytest.mark.browser


def fill_webinar_registration_but_the_consent(page):
    page.get_by_label("Your name").fill("Jamie Rivera")
    page.get_by_label("Email address").fill("jamie.errors@example.org")
    page.get_by_label("Your role").select_option(label="Teacher")
    page.get_by_label("School or district").fill("Pomona Unified")
    page.get_by_label("State").select_option(label="California")
    page.get_by_role("button", name="Register").click()


def answer_nothing(page):
    page.get_by_role("button", name="See my results").click()


def name_a_team_too_long(page):
    box = page.get_by_label("Team name (optional)")
    box.evaluate("input => input.removeAttribute('maxlength')")  # as a robot's post would
    box.fill("A" * 121)
    page.get_by_role("button", name="Start a team assessment").click()


def send_empty(page):
    page.get_by_role("button", name="Send").click()


FORMS = {
    "webinar-registration": ("webinar", fill_webinar_registration_but_the_consent),
    "self-assessment-answers": ("self-assessment", answer_nothing),
    "team-start": ("self-assessment", name_a_team_too_long),
    "contact-form": ("contact-form", send_empty),
    "survey-form": ("survey-form", send_empty),
}

# Each summary link: does it reach a form control, and does that control (or its group's fieldset)
# name a message that is there and not empty?
SUMMARY_LINKS = """() => Array.from(document.querySelectorAll(".error-summary a[href^='#']")).map(link => {
    const field = document.getElementById(link.getAttribute("href").slice(1));
    const described = field && (field.closest("fieldset[aria-describedby]") || field);
    const ids = ((described && described.getAttribute("aria-describedby")) || "").split(" ").filter(Boolean);
    return {
        link: link.innerText,
        control: field ? field.tagName : null,
        messages: ids.map(id => document.getElementById(id)).filter(Boolean).map(message => message.innerText.trim()),
    };
})"""


@pytest.mark.parametrize("viewport", ["small-phone"])
@pytest.mark.parametrize("form", list(FORMS))
def test_a_failed_submit_opens_on_the_error_summary(page, demo_site, viewport, form):
    tour_page, submit_with_a_problem = FORMS[form]
    page.goto(demo_site.url(PAGE_TYPES[tour_page][0]))
    submit_with_a_problem(page)
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), "focus is on the summary"
    links = page.evaluate(SUMMARY_LINKS)
    assert links, "the summary lists the errors"
    for link in links:
        assert link["control"] in ("INPUT", "SELECT", "TEXTAREA"), link
        assert link["messages"] and all(link["messages"]), link
