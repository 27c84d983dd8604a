"""Team results on the smallest phone: the scores table scrolls in a labelled, focusable region with its
caption in view, and the chart's text reads at 14 px or more."""

import pytest

from devtools.management.commands.create_demo_team import SHARE_TOKEN

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["small-phone"])
def test_the_scores_table_is_a_labelled_region_and_the_chart_reads_at_14_px(page, demo_site, viewport):
    page.goto(demo_site.url(f"/playbook/self-assessment/team/{SHARE_TOKEN}/results/"))
    region = page.get_by_role("region", name=page.locator(".scores-table caption").inner_text())
    assert region.get_attribute("tabindex") == "0"
    width = page.evaluate("document.documentElement.clientWidth")
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")  # it does scroll
    assert (
        page.locator(".scores-table caption").bounding_box()["x"]
        + page.locator(".scores-table caption").bounding_box()["width"]
        <= width
    )
    region.focus()
    assert region.evaluate("element => getComputedStyle(element).outlineStyle") != "none"
    sizes = page.evaluate(
        """() => { const svg = document.querySelector('.assessment-chart svg');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Array.from(svg.querySelectorAll('.chart__label, .chart__value')).map(text => parseFloat(getComputedStyle(text).fontSize) * scale); }"""
    )
    assert min(sizes) >= 13.9, sizes
