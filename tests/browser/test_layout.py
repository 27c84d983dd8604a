"""Card grids share their row whatever the number of cards, and the header's links never break."""

import pytest

pytestmark = pytest.mark.browser

# The cards' columns and how far the last card of the first row falls short of the grid's right edge.
GRID = """selector => {
    const grid = document.querySelector(selector);
    const cards = Array.from(grid.children).map(card => card.getBoundingClientRect());
    const top = cards[0].top;
    const firstRow = cards.filter(card => Math.abs(card.top - top) < 1);
    return {columns: firstRow.length, count: cards.length,
            gap: grid.getBoundingClientRect().right - firstRow[firstRow.length - 1].right};
}"""


@pytest.mark.parametrize("viewport", ["laptop"])
@pytest.mark.parametrize("path", ["/school-stories/", "/webinars/", "/roundtable/"])
def test_cards_fill_their_row_with_no_empty_column(page, demo_site, viewport, path):
    page.goto(demo_site.url(path))
    grid = page.evaluate(GRID, ".cards")
    assert grid["gap"] < 2, grid


@pytest.mark.parametrize("viewport", ["laptop"])
def test_five_services_are_two_rows_of_three_and_two(page, demo_site, viewport):
    page.goto(demo_site.url("/"))
    services = page.evaluate(GRID, ".services")
    if services["count"] == 5:
        assert services["columns"] == 3, services


def test_no_header_link_wraps_at_1024_px(browser, demo_site):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    tab = context.new_page()
    tab.goto(demo_site.url("/"))
    # The lines of each link's words (not its icon): one, or the link has wrapped.
    lines = tab.evaluate("""() => Array.from(document.querySelectorAll('.site-header a')).map(link => {
        const tops = new Set();
        const words = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
        while (words.nextNode()) {
            if (!words.currentNode.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(words.currentNode);
            for (const rect of range.getClientRects()) tops.add(Math.round(rect.bottom));
        }
        return [link.textContent.trim(), tops.size];
    }).filter(([text, count]) => text && count > 1)""")
    context.close()
    assert lines == []


@pytest.mark.parametrize("viewport", ["small-phone", "reflow"])
def test_on_a_phone_the_header_is_two_rows_with_the_menu_beside_the_wordmark(page, demo_site, viewport):
    page.goto(demo_site.url("/school-stories/"))
    header = page.evaluate("""() => {
        const box = selector => document.querySelector(selector).getBoundingClientRect();
        return {height: box('.site-header').height, screen: window.innerHeight,
                logo: box('.site-logo').bottom, menu: box('.menu__toggle').top, search: box('.site-search').top};
    }""")
    assert header["menu"] < header["logo"], header  # Menu starts above the wordmark's bottom: one row
    assert header["search"] > header["menu"]
    assert header["height"] / header["screen"] < 0.2, header  # was 175 px of 667 (26 %)


@pytest.mark.parametrize("viewport", ["laptop", "small-phone"])
@pytest.mark.parametrize("path", ["/school-stories/", "/roundtable/"])
def test_an_index_leads_with_one_card_across_the_row(page, demo_site, viewport, path):
    page.goto(demo_site.url(path))
    boxes = page.evaluate("""() => {
        const box = selector => document.querySelector(selector).getBoundingClientRect().toJSON();
        return {lead: box('.card--featured'), grid: box('.card-lead + .cards'),
                image: box('.card--featured img'), body: box('.card--featured .card__body')};
    }""")
    assert abs(boxes["lead"]["width"] - boxes["grid"]["width"]) < 1, boxes
    if viewport == "laptop":
        assert boxes["image"]["right"] <= boxes["body"]["left"] + 1, boxes  # side by side
    else:
        assert boxes["image"]["bottom"] <= boxes["body"]["top"] + 1, boxes  # a card like the others
