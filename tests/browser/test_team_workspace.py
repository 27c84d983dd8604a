"""The team workspace in the browser, without JavaScript: the demo team's owner fills the plan to 12
tasks, moves one up, a member marks one done, and the printed plan is one page on Letter and on A4."""

import re

import pytest

from devtools.management.commands.create_demo_team import OWNER_TOKEN, SHARE_TOKEN

pytestmark = pytest.mark.browser

BASE = "/playbook/self-assessment"
PLAN_TASKS = 12


def test_a_plan_of_12_tasks_prints_on_one_page_of_letter_and_of_a4(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(demo_site.url(f"{BASE}/owner/{OWNER_TOKEN}/plan/"))
    count = tab.locator(".plan-item").count()
    for number in range(count, PLAN_TASKS):
        tab.fill("#id_new-task", f"Observe a colleague's class and debrief together, round {number}")
        tab.fill("#id_new-owner_name", "Jamie")
        tab.fill("#id_new-due_date", f"2027-04-{number + 1:02d}")
        tab.click("button[value=add]")
        assert "Task added" in tab.inner_text(".messages")
    assert tab.locator(".plan-item").count() == PLAN_TASKS
    last = tab.locator(".plan-item").last
    task = last.locator("textarea").first.input_value()
    last.locator("button[value=up]").click()
    assert tab.locator(".plan-item").nth(PLAN_TASKS - 2).locator("textarea").first.input_value() == task

    member = context.new_page()
    member.goto(demo_site.url(f"{BASE}/team/{SHARE_TOKEN}/plan/"))
    item = member.locator(".plan-item").last
    item.locator("select").select_option("done")
    item.locator("button[value=save]").click()
    assert "Task saved" in member.inner_text(".messages")

    pages = {}
    for paper, size in (("letter", "Letter"), ("a4", "A4")):
        tab.goto(demo_site.url(f"{BASE}/owner/{OWNER_TOKEN}/plan/print/?paper={paper}"))
        tab.emulate_media(media="print")
        pdf = tab.pdf(prefer_css_page_size=True, format=size)
        pages[paper] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    context.close()
    print(f"\nprint pages for a plan of {PLAN_TASKS} tasks: {pages}")
    assert pages == {"letter": 1, "a4": 1}
