"""Printing (Chromium's PDF, US Letter): guides fill their pages, the organizer has room to write in, team
results keep the chart with its table, and every printed page names the organisation, its address and whom
to contact."""

import re
import sqlite3

import pytest

from devtools.demo.content import SITE_SETTINGS
from devtools.demo.tour import PAGE_TYPES
from devtools.management.commands.create_demo_team import OWNER_TOKEN, SHARE_TOKEN

pytestmark = pytest.mark.browser

CM = 96 / 2.54  # CSS px in a centimetre
TEAM_RESULTS = f"/playbook/self-assessment/team/{SHARE_TOKEN}/results/"
PLAN_PRINT = f"/playbook/self-assessment/owner/{OWNER_TOKEN}/plan/print/"
EMAIL = SITE_SETTINGS["contact_email"]


def links_on_each_page(pdf):
    """The addresses linked from each page of a Chromium PDF: its link annotations, page by page."""
    objects = {int(number): body for number, body in re.findall(rb"(\d+) 0 obj\n(.*?)endobj", pdf, re.S)}
    pages = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page[^s]", body):
            continue
        annotations = re.search(rb"/Annots \[([^\]]*)\]", body)
        references = re.findall(rb"(\d+) 0 R", annotations.group(1)) if annotations else []
        pages.append(
            {uri.decode() for ref in references for uri in re.findall(rb"/URI \(([^)]*)\)", objects[int(ref)])}
        )
    return pages


def guide_paths(demo_site):
    """The address of every live strategy guide of the demo site."""
    with sqlite3.connect(demo_site.database) as connection:
        rows = connection.execute(
            "SELECT url_path FROM wagtailcore_page JOIN playbook_strategyguidepage ON page_ptr_id = id WHERE live"
        ).fetchall()
    return sorted("/" + url_path.split("/", 2)[2] for (url_path,) in rows)  # below the home page


def printed(page, url):
    page.goto(url)
    page.emulate_media(media="print")
    return links_on_each_page(page.pdf(format="Letter", prefer_css_page_size=True))


@pytest.mark.parametrize("viewport", ["laptop"], indirect=True)
def test_guides_fill_their_pages_and_the_organizer_has_room_to_write(page, demo_site):
    overview = printed(page, demo_site.url(PAGE_TYPES["strategy-guide"][0]))
    notes = page.locator(".organizer__notes").first.bounding_box()
    assert notes["width"] >= 6 * CM and notes["height"] >= 3 * CM, notes
    # Sections follow on from the one before; only small blocks are kept whole.
    assert page.locator(".guide-section").nth(1).evaluate("element => getComputedStyle(element).breakBefore") == "auto"
    assert page.locator(".goal").first.evaluate("element => getComputedStyle(element).breakInside") == "avoid"
    counts = {"overview": len(overview)}
    for path in guide_paths(demo_site):
        if path != PAGE_TYPES["strategy-guide"][0]:
            counts[path.strip("/").rsplit("/", 1)[-1]] = len(printed(page, demo_site.url(path)))
    print("\nLetter pages: " + ", ".join(f"{guide} {count}" for guide, count in counts.items()))
    assert len(counts) == 8  # the overview and the seven conditions' guides
    assert counts.pop("overview") <= 3
    assert {guide: count for guide, count in counts.items() if count > 2} == {}


@pytest.mark.parametrize("viewport", ["laptop"], indirect=True)
def test_team_results_print_the_chart_with_its_table(page, demo_site):
    pages = printed(page, demo_site.url(TEAM_RESULTS))
    print(f"\nLetter pages: team results {len(pages)}")
    assert len(pages) <= 3
    scores = page.locator(".scores")
    assert scores.locator(".assessment-chart").count() == 1 and scores.locator(".scores-table").count() == 1
    assert scores.evaluate("element => getComputedStyle(element).breakInside") == "avoid"
    # Kept whole, it fits on one page: Letter less the margins and the print footer's room.
    assert scores.bounding_box()["height"] < (27.94 - 3 - 1.4) * CM


@pytest.mark.parametrize("viewport", ["laptop"], indirect=True)
@pytest.mark.parametrize(
    "path, address",
    [
        (PAGE_TYPES["strategy-guide"][0], PAGE_TYPES["strategy-guide"][0]),
        (PAGE_TYPES["case-study"][0], PAGE_TYPES["case-study"][0]),
        # A team's pages print the self-assessment's public address, never their private link.
        (TEAM_RESULTS, PAGE_TYPES["self-assessment"][0]),
        (PLAN_PRINT, PAGE_TYPES["self-assessment"][0]),
    ],
)
def test_every_printed_page_names_the_organisation_its_address_and_whom_to_contact(page, demo_site, path, address):
    page.goto(demo_site.url("/"))
    organisation = page.title().rsplit(" · ", 1)[-1]  # the site's name, as every page's title ends
    page.goto(demo_site.url(path))
    footer = page.locator(".print-footer")
    assert not footer.is_visible()  # paper only
    pages = printed(page, demo_site.url(path))
    assert footer.is_visible()
    text = footer.inner_text()
    contact_page = demo_site.url(PAGE_TYPES["contact-form"][0])
    assert text.startswith(organisation)
    assert demo_site.url(address) in text
    assert f"Contact: {EMAIL}" in text and contact_page in text
    assert SHARE_TOKEN not in text and OWNER_TOKEN not in text
    for links in pages:
        assert {demo_site.url(address), f"mailto:{EMAIL}", contact_page} <= links, links
