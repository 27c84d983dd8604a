"""The team workspace in the browser, without JavaScript: a new team's whole journey (five members,
decide, frame, plan, act, a second round, progress, print), and the demo team's plan filled to 12
tasks printing on one page of Letter and of A4."""

import re

import pytest

from devtools.management.commands.create_demo_team import OWNER_TOKEN, SHARE_TOKEN

pytestmark = pytest.mark.browser

BASE = "/playbook/self-assessment"
PLAN_TASKS = 12
MEMBERS = 5


def answer_as_a_member(browser, team_link, levels):
    """A member with their own browser answers every statement: ``levels`` by condition, else 3."""
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(team_link)
    for group in tab.locator("fieldset.condition-group").filter(has=tab.locator("input[type=radio]")).all():
        name = group.locator("legend h3").first.inner_text()
        level = next((value for condition, value in levels.items() if condition in name), 3)
        for radio in group.locator(f"input[type=radio][value='{level}']").all():
            radio.check()
    tab.get_by_role("button", name="Send my answers").click()
    assert "Please" not in tab.title(), tab.inner_text("main")[:500]
    context.close()


def test_a_team_goes_from_its_results_to_a_printed_plan_and_a_second_round(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    owner = context.new_page()
    owner.goto(demo_site.url(f"{BASE}/"))
    owner.fill("#id_name", "Pomona sixth-grade team")
    owner.get_by_role("button", name="Start a team assessment").click()
    owner_home = owner.url
    team_link = owner.input_value("#share-link")
    for _ in range(MEMBERS):
        answer_as_a_member(browser, team_link, {"Shared influence": 1, "Vision and strategy": 4})

    # 1. Decide: the greatest need, and why.
    owner.goto(f"{owner_home}decide/")
    assert "Greatest need: Shared influence" in owner.inner_text("main")
    owner.check("input[name=kind][value=need]")
    owner.fill("#id_reason", "Teachers rarely shape the decisions that change their classrooms.")
    owner.get_by_role("button", name="Record the decision and start the plan").click()

    # 2. Frame, with the guide's big questions alongside.
    assert owner.url == f"{owner_home}frame/"
    owner.fill("#id_problem", "Teachers hear about changes after they are decided.")
    owner.fill("#id_goal", "By June, every grade team leads one schoolwide decision.")
    owner.fill("#id_theory_if", "give grade teams a real decision")
    owner.fill("#id_theory_then", "more teachers will lead")
    owner.fill("#id_theory_because", "people own what they shape")
    owner.get_by_role("button", name="Save and go to the plan").click()

    # 3. Plan: the guide's tasks are there; add one, name the pilot group and the evidence.
    assert owner.url == f"{owner_home}plan/"
    assert owner.locator(".plan-item").count() > 0
    owner.fill("#id_new-task", "Invite the sixth-grade team to pilot")
    owner.fill("#id_new-owner_name", "Ms. Alvarez")
    owner.fill("#id_new-due_date", "2027-03-01")
    owner.click("button[value=add]")
    assert "Task added" in owner.inner_text(".messages")
    owner.fill("#id_plan-pilot_group", "Sixth grade, who opted in")
    owner.fill("#id_plan-evidence", "Meeting notes; a staff survey")
    owner.click("button[value=plan]")
    assert "Saved" in owner.inner_text(".messages")

    # 4. Act: a member marks the new task done and records evidence through the team link.
    member = browser.new_context(java_script_enabled=False).new_page()
    member.goto(f"{team_link}plan/")
    item = member.locator(".plan-item").filter(has_text="Ms. Alvarez").last
    item.locator("select").select_option("done")
    item.locator("button[value=save]").click()
    assert "Task saved" in member.inner_text(".messages")
    member.fill("#id_plan-evidence_recorded", "Survey: 18 of 24 staff replied.")
    member.click("button[value=plan]")

    # 5. A second round, and progress round against round.
    owner.goto(f"{owner_home}progress/")
    owner.get_by_role("button", name="Open round 2").click()
    for _ in range(MEMBERS):
        answer_as_a_member(browser, team_link, {"Shared influence": 3, "Vision and strategy": 4})
    member.goto(f"{team_link}progress/")
    row = member.locator("tr").filter(has=member.locator("th[scope=row]", has_text="Shared influence")).first
    assert [cell.strip() for cell in row.locator("td").all_inner_texts()] == ["1.0", "3.0", "+2.0"]
    assert "Evidence has been recorded." in member.inner_text("main")

    # 6. Print: the framing and the tasks on one page.
    member.goto(f"{team_link}plan/print/")
    member.emulate_media(media="print")
    printed = member.inner_text("body")
    assert "Teachers hear about changes" in printed and "Invite the sixth-grade team to pilot" in printed
    pdf = member.pdf(prefer_css_page_size=True, format="Letter")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    member.context.close()
    context.close()


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
