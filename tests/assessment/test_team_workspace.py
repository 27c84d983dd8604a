"""The team workspace after the self-assessment: decide, frame, plan, act, a second round, progress,
print and exports; owner and member rights both ways, links revoked and replaced, two people
editing at once, privacy of the round comparison, query counts, rate limits, retention, staff figures.

Forms are sent as the page draws them (``Page.submit``): every hidden input, including the values
each field was shown with, which is how the workspace knows what a person changed.
"""

import csv
import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessment.models import AssessmentResponse, PlanItem, SelfAssessmentPage, TeamAssessment, TeamPlan
from assessment.workspace import guide_lists
from taxonomy.models import SystemCondition
from tests.utils import count_queries, make_user_with_permissions

pytestmark = pytest.mark.django_db


class Forms(HTMLParser):
    """Every <form> of a page: its action, the values it would send, and its submit buttons."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms, self._text, self._select = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "data": {}, "buttons": []})
        elif not self.forms:
            return
        form = self.forms[-1]
        kind = attrs.get("type", "text")
        if tag == "input" and "name" in attrs:
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    form["data"][attrs["name"]] = attrs.get("value", "on")
            elif kind == "submit":
                form["buttons"].append((attrs["name"], attrs.get("value", "")))
            else:
                form["data"][attrs["name"]] = attrs.get("value", "")
        elif tag == "button" and "name" in attrs:
            form["buttons"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self._text = attrs["name"]
            form["data"][self._text] = ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            form["data"][self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._text = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._text:
            # A textarea's content starts after one newline the template adds.
            self.forms[-1]["data"][self._text] += (
                data.removeprefix("\n") if not self.forms[-1]["data"][self._text] else data
            )


def submit(client, url, button, **changes):
    """Open ``url``, find the form with ``button`` (name, value), change fields and send it as a browser would."""
    html = client.get(url).content.decode()
    forms = [form for form in Forms(html).forms if tuple(button) in form["buttons"]]
    assert forms, f"no form with {button} on {url}"
    form = forms[0]
    data = {**form["data"], **changes, button[0]: button[1]}
    return client.post(url, data)


def form_fields(client, url, button):
    html = client.get(url).content.decode()
    return next(form for form in Forms(html).forms if tuple(button) in form["buttons"])["data"]


@pytest.fixture
def page(db):
    return SelfAssessmentPage.objects.live().get()


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.SELF_ASSESSMENT_TEAM_RATE_LIMIT = settings.SELF_ASSESSMENT_ANSWER_RATE_LIMIT = 10**6
    settings.SELF_ASSESSMENT_ROUND_RATE_LIMIT = 10**6


@pytest.fixture
def conditions(db):
    return list(SystemCondition.objects.prefetch_related("statements"))


def answers(conditions, levels):
    return {
        f"statement_{statement.pk}": str(levels.get(condition.slug, 3))
        for condition in conditions
        for statement in condition.statements.all()
    }


def answer(client, page, team, conditions, levels):
    response = client.post(page.route_url("join_team", team.share_token), answers(conditions, levels))
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def team(page):
    return TeamAssessment.objects.create(page=page, name="Stone Creek sixth grade")


@pytest.fixture
def with_results(client, page, team, conditions):
    """Five members have answered: shared influence is the need, vision and strategy the strength."""
    for _ in range(5):
        answer(client, page, team, conditions, {"shared-influence": 1, "vision-and-strategy": 4})
    return team


@pytest.fixture
def planned(client, page, with_results):
    response = client.post(
        page.route_url("decide", with_results.owner_token),
        {"kind": "need", "reason": "Decisions are made for teachers, not with them."},
    )
    assert response.status_code == 302
    return TeamPlan.objects.get(team=with_results)


def owner_url(page, team, name):
    return page.route_url(name, team.owner_token)


def member_url(page, team, name):
    return page.route_url(name, team.share_token)


def text_of(response):
    return response.content.decode()


# --- The journey --------------------------------------------------------------------------------


def test_the_whole_journey_from_results_to_a_printed_plan_and_a_second_round(client, page, conditions):
    owner, members = Client(), [Client() for _ in range(5)]
    start = owner.post(page.route_url("start_team"), {"name": "Walker-Gamble leadership team"})
    team = TeamAssessment.objects.get(name="Walker-Gamble leadership team")
    assert start["Location"] == owner_url(page, team, "manage_team")
    for member in members:
        answer(member, page, team, conditions, {"shared-influence": 1, "vision-and-strategy": 4})

    # 1. Decide: the team's greatest need, and why.
    decide = text_of(owner.get(owner_url(page, team, "decide")))
    assert "Greatest need: Shared influence" in decide and "Greatest strength: Vision and strategy" in decide
    response = submit(
        owner,
        owner_url(page, team, "decide"),
        ("action", "decide"),
        kind="need",
        reason="Teachers rarely shape decisions.",
    )
    assert response["Location"] == owner_url(page, team, "frame")
    plan = TeamPlan.objects.get(team=team)
    assert plan.condition.slug == "shared-influence" and plan.kind == "need"
    tasks = guide_lists(plan.guide, "important_tasks")
    assert tasks and [item.task for item in plan.items.all()] == tasks

    # 2. Frame, with the guide's big questions alongside.
    frame = text_of(owner.get(owner_url(page, team, "frame")))
    for question in guide_lists(plan.guide, "big_questions"):
        assert question in frame.replace("&#x27;", "'")
    response = submit(
        owner,
        owner_url(page, team, "frame"),
        ("action", "frame"),
        problem="Teachers are told about changes after they are decided.",
        goal="By June, every grade team leads one schoolwide decision.",
        theory_if="give grade teams a real decision",
        theory_then="more teachers will lead",
        theory_because="people own what they shape",
    )
    assert response["Location"] == owner_url(page, team, "owner_plan")

    # 3. Plan: edit, add, reorder, drop; the pilot group and evidence.
    first = plan.items.first()
    plan_url = owner_url(page, team, "owner_plan")
    submit(
        owner,
        plan_url,
        ("action", "save"),
        **{f"item-{first.pk}-owner_name": "Ms. Alvarez", f"item-{first.pk}-due_date": "2027-02-01"},
    )
    submit(
        owner,
        plan_url,
        ("action", "add"),
        **{"new-task": "Invite the sixth-grade team to pilot", "new-owner_name": "Jamie", "new-due_date": "2027-03-01"},
    )
    added = plan.items.get(task="Invite the sixth-grade team to pilot")
    owner.post(plan_url, {"action": "up", "item": added.pk})
    assert list(plan.items.values_list("pk", flat=True))[-2] == added.pk
    submit(
        owner,
        plan_url,
        ("action", "plan"),
        **{"plan-pilot_group": "Sixth grade, who opted in", "plan-evidence": "Meeting notes; a staff survey"},
    )
    plan.refresh_from_db()
    assert plan.pilot_group == "Sixth grade, who opted in"
    first.refresh_from_db()
    assert first.owner_name == "Ms. Alvarez" and first.due_date == date(2027, 2, 1)

    # 4. Act: a member marks a task done and records evidence through the team link.
    member_plan = member_url(page, team, "member_plan")
    response = submit(members[0], member_plan, ("action", "save"), **{f"item-{first.pk}-status": "done"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "done" and first.owner_name == "Ms. Alvarez"
    submit(members[1], member_plan, ("action", "plan"), **{"plan-evidence_recorded": "Survey: 18 of 24 staff replied."})

    # 5. A second round, and progress round against round.
    assert owner.post(owner_url(page, team, "owner_progress"), {"action": "open_round"}).status_code == 302
    for member in members:
        answer(member, page, team, conditions, {"shared-influence": 3, "vision-and-strategy": 4})
    progress = text_of(members[2].get(member_url(page, team, "member_progress")))
    row = re.search(r'<th scope="row">Shared influence.*?</tr>', progress, re.S).group(0)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["1.0", "3.0", "+2.0"]
    assert "1 of " in progress and "Evidence has been recorded." in progress
    assert "<svg" in progress and "Round 2: 3.0" in progress

    # 6. Print and share.
    printed = text_of(members[3].get(member_url(page, team, "member_print")))
    assert "Teachers are told about changes" in printed and "Ms. Alvarez" in printed
    assert "plan-letter.css" in printed
    assert "plan-a4.css" in text_of(owner.get(owner_url(page, team, "owner_print"), {"paper": "a4"}))


# --- Owner and member rights, both ways ----------------------------------------------------------


OWNER_PAGES = ["decide", "frame", "owner_plan", "owner_progress", "owner_print", "manage_team"]
MEMBER_PAGES = ["member_plan", "member_progress", "member_print", "team_results"]


def test_each_link_opens_only_its_own_pages(client, page, planned):
    team = planned.team
    for name in OWNER_PAGES:
        assert client.get(owner_url(page, team, name)).status_code == 200, name
        # The team link in an owner's address is an unknown link.
        assert client.get(page.route_url(name, team.share_token)).status_code == 404, name
    for name in MEMBER_PAGES:
        assert client.get(member_url(page, team, name)).status_code == 200, name
        assert client.get(page.route_url(name, team.owner_token)).status_code == 404, name


def test_the_team_link_never_shows_the_owner_link(client, page, planned):
    for name in MEMBER_PAGES:
        assert planned.team.owner_token not in text_of(client.get(member_url(page, planned.team, name)))


@pytest.mark.parametrize("action", ["add", "drop", "up", "down"])
def test_a_member_cannot_add_drop_or_reorder_tasks(client, page, planned, action):
    before = list(planned.items.values_list("pk", "position", "task"))
    item = planned.items.last() if action == "down" else planned.items.first()
    target = planned.items.all()[1] if action == "up" else item
    response = client.post(
        member_url(page, planned.team, "member_plan"), {"action": action, "item": target.pk, "new-task": "Sneaked in"}
    )
    assert response.status_code == 403
    assert "Only the team's owner can do this" in text_of(response)
    assert list(planned.items.values_list("pk", "position", "task")) == before


def test_a_member_changes_status_and_notes_but_not_the_task_owner_or_date(client, page, planned):
    item = planned.items.first()
    url = member_url(page, planned.team, "member_plan")
    fields = form_fields(client, url, ("action", "save"))
    assert f"item-{item.pk}-task" not in fields and f"item-{item.pk}-owner_name" not in fields
    response = client.post(
        url,
        {
            **fields,
            "action": "save",
            f"item-{item.pk}-status": "doing",
            f"item-{item.pk}-notes": "Started with the sixth grade.",
            f"item-{item.pk}-task": "Rewritten by a member",
            f"item-{item.pk}-owner_name": "Someone else",
        },
    )
    assert response.status_code == 302
    saved = PlanItem.objects.get(pk=item.pk)
    assert (saved.status, saved.notes) == ("doing", "Started with the sixth grade.")
    assert (saved.task, saved.owner_name) == (item.task, item.owner_name)


def test_a_member_cannot_change_the_pilot_group_or_the_evidence_to_collect(client, page, planned):
    url = member_url(page, planned.team, "member_plan")
    submit(client, url, ("action", "plan"), **{"plan-pilot_group": "Everyone", "plan-evidence_recorded": "Notes"})
    planned.refresh_from_db()
    assert planned.pilot_group == "" and planned.evidence_recorded == "Notes"


def test_members_cannot_decide_frame_or_open_a_round(client, page, planned):
    team = planned.team
    for name, data in [
        ("decide", {"kind": "strength", "reason": "x"}),
        ("frame", {"goal": "x"}),
        ("owner_progress", {"action": "open_round"}),
    ]:
        assert client.post(page.route_url(name, team.share_token), data).status_code == 404
    planned.refresh_from_db()
    team.refresh_from_db()
    assert (planned.kind, planned.goal, team.round_number) == ("need", "", 1)


def test_the_owner_does_everything_a_member_can(client, page, planned):
    item = planned.items.first()
    submit(
        client, owner_url(page, planned.team, "owner_plan"), ("action", "save"), **{f"item-{item.pk}-status": "done"}
    )
    assert PlanItem.objects.get(pk=item.pk).status == "done"
    submit(
        client, owner_url(page, planned.team, "owner_plan"), ("action", "plan"), **{"plan-evidence_recorded": "Survey"}
    )
    planned.refresh_from_db()
    assert planned.evidence_recorded == "Survey"


def test_turning_the_team_link_off_and_on_again_gives_a_new_link(client, page, planned):
    team = planned.team
    old = team.share_token
    client.post(owner_url(page, team, "manage_team"), {"action": "revoke_member"})
    team.refresh_from_db()
    assert not team.member_link_on
    for name in [*MEMBER_PAGES, "join_team"]:
        assert client.get(page.route_url(name, old)).status_code == 404
        assert client.get(page.route_url(name, team.share_token)).status_code == 404
    client.post(owner_url(page, team, "manage_team"), {"action": "rotate_member"})
    team.refresh_from_db()
    assert team.member_link_on and team.share_token != old
    assert client.get(member_url(page, team, "member_plan")).status_code == 200
    assert client.get(page.route_url("member_plan", old)).status_code == 404


def test_replacing_the_owner_link_stops_the_old_one(client, page, planned):
    team = planned.team
    old = team.owner_token
    response = client.post(owner_url(page, team, "manage_team"), {"action": "rotate_owner"})
    team.refresh_from_db()
    assert team.owner_token != old and response["Location"] == owner_url(page, team, "manage_team")
    for name in OWNER_PAGES:
        assert client.get(page.route_url(name, old)).status_code == 404
        assert client.get(owner_url(page, team, name)).status_code == 200


def test_workspace_pages_are_private(client, page, planned):
    team = planned.team
    urls = [owner_url(page, team, name) for name in OWNER_PAGES] + [member_url(page, team, n) for n in MEMBER_PAGES]
    for url in urls:
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert '<meta name="robots" content="noindex' in text_of(response), url
    for url in [owner_url(page, team, "owner_csv"), member_url(page, team, "member_ics")]:
        response = client.get(url)
        assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex"


def test_workspace_forms_need_a_csrf_token(page, planned):
    strict = Client(enforce_csrf_checks=True)
    item = planned.items.first()
    response = strict.post(member_url(page, planned.team, "member_plan"), {"action": "save", "item": item.pk})
    assert response.status_code == 403


# --- Two people editing at once -------------------------------------------------------------------


def test_two_members_editing_different_fields_keep_both_changes(page, planned):
    item = planned.items.first()
    url = owner_url(page, planned.team, "owner_plan")
    first, second = Client(), Client()
    seen_by_first = form_fields(first, url, ("action", "save"))
    seen_by_second = form_fields(second, url, ("action", "save"))
    first.post(url, {**seen_by_first, "action": "save", f"item-{item.pk}-notes": "Booked the library."})
    response = second.post(url, {**seen_by_second, "action": "save", f"item-{item.pk}-owner_name": "Paula"})
    assert response.status_code == 302
    saved = PlanItem.objects.get(pk=item.pk)
    assert (saved.notes, saved.owner_name, saved.version) == ("Booked the library.", "Paula", 3)


def test_two_members_editing_the_same_field_are_told_and_nothing_is_lost(page, planned):
    item = planned.items.first()
    url = member_url(page, planned.team, "member_plan")
    first, second = Client(), Client()
    seen_by_first = form_fields(first, url, ("action", "save"))
    seen_by_second = form_fields(second, url, ("action", "save"))
    first.post(url, {**seen_by_first, "action": "save", f"item-{item.pk}-notes": "First member's note."})
    response = second.post(url, {**seen_by_second, "action": "save", f"item-{item.pk}-notes": "Second member's note."})
    assert response.status_code == 409
    html = text_of(response)
    assert "Someone changed this while you were editing" in html
    assert "First member&#x27;s note." in html  # what was saved meanwhile
    assert "Second member&#x27;s note." in html  # what they typed, kept in the form
    assert PlanItem.objects.get(pk=item.pk).notes == "First member's note."
    # Sending the kept form again saves it, knowingly, over the other.
    kept = next(
        form
        for form in Forms(html).forms
        if ("action", "save") in form["buttons"] and form["data"].get("item") == str(item.pk)
    )
    assert second.post(url, {**kept["data"], "action": "save"}).status_code == 302
    assert PlanItem.objects.get(pk=item.pk).notes == "Second member's note."


def test_a_conflict_on_the_frame_keeps_what_the_owner_typed(page, planned):
    url = owner_url(page, planned.team, "frame")
    first, second = Client(), Client()
    seen = form_fields(second, url, ("action", "frame"))
    submit(first, url, ("action", "frame"), goal="Goal from the first tab.")
    response = second.post(url, {**seen, "action": "frame", "goal": "Goal from the second tab."})
    assert response.status_code == 409
    assert "Goal from the first tab." in text_of(response) and "Goal from the second tab." in text_of(response)
    planned.refresh_from_db()
    assert planned.goal == "Goal from the first tab."


def test_a_task_dropped_by_someone_else_is_explained(client, page, planned):
    item = planned.items.first()
    url = owner_url(page, planned.team, "owner_plan")
    fields = form_fields(client, url, ("action", "save"))
    item.delete()
    response = client.post(url, {**fields, "action": "save"}, follow=True)
    assert "That task is no longer in the plan" in text_of(response)


# --- Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"new-task": ""}, "Describe the task to add."),
        ({"new-task": "A task", "new-due_date": "next week"}, "Enter the due date as a date"),
        ({"new-task": "x" * 601}, "Ensure this value has at most 600 characters"),
    ],
)
def test_a_bad_new_task_is_refused_with_a_message_and_kept(client, page, planned, changes, message):
    count = planned.items.count()
    response = submit(client, owner_url(page, planned.team, "owner_plan"), ("action", "add"), **changes)
    assert response.status_code == 400 and message in text_of(response)
    assert planned.items.count() == count


@pytest.mark.parametrize("junk", [{"action": "save", "item": "abc"}, {"action": "explode", "item": "1"}, {}])
def test_tampered_plan_posts_change_nothing_and_never_error(client, page, planned, junk):
    before = list(planned.items.values_list("pk", "position", "task", "status"))
    response = client.post(owner_url(page, planned.team, "owner_plan"), junk)
    assert response.status_code in (302, 400, 403)
    assert list(planned.items.values_list("pk", "position", "task", "status")) == before


def test_deciding_before_five_have_answered_says_so(client, page, team, conditions):
    answer(client, page, team, conditions, {})
    html = text_of(client.get(owner_url(page, team, "decide")))
    assert "appear once 5 people have answered this round (1 so far)" in html
    assert client.post(owner_url(page, team, "decide"), {"kind": "need", "reason": "x"}).status_code == 400
    assert not TeamPlan.objects.filter(team=team).exists()


# --- Reordering, exports ---------------------------------------------------------------------------


def test_up_and_down_reorder_without_javascript(client, page, planned):
    url = owner_url(page, planned.team, "owner_plan")
    first, second = planned.items.all()[:2]
    client.post(url, {"action": "down", "item": first.pk})
    assert list(planned.items.values_list("pk", flat=True))[:2] == [second.pk, first.pk]
    # At the top, "up" does nothing.
    client.post(url, {"action": "up", "item": second.pk})
    assert list(planned.items.values_list("pk", flat=True))[:2] == [second.pk, first.pk]


def test_the_csv_export_lists_every_task_formula_safe(client, page, planned):
    item = planned.items.first()
    item.owner_name, item.due_date = '=HYPERLINK("http://x")', date(2027, 1, 15)
    item.save()
    response = client.get(member_url(page, planned.team, "member_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="team-plan.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Order", "Task", "Owner", "Due date", "Status", "Notes"]
    assert len(rows) == planned.items.count() + 1
    assert rows[1][2].startswith("'=") and rows[1][3] == "2027-01-15"


def test_the_calendar_has_an_event_per_due_date_and_no_token(client, page, planned):
    dated = list(planned.items.all()[:2])
    for offset, item in enumerate(dated):
        item.due_date = date(2027, 3, 1) + timedelta(days=offset)
        item.save()
    assert client.get(page.route_url("member_ics", planned.team.owner_token)).status_code == 404
    response = client.get(owner_url(page, planned.team, "owner_ics"))
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert sorted(event.decoded("dtstart") for event in events) == [date(2027, 3, 1), date(2027, 3, 2)]
    assert planned.team.share_token not in response.content.decode()
    assert planned.team.owner_token not in response.content.decode()


# --- Privacy of the round comparison -----------------------------------------------------------


def comparison_of(client, page, team):
    html = text_of(client.get(member_url(page, team, "member_progress")))
    # What differs between two reads of the same figures: the CSRF token and the team's links.
    return re.sub(r'value="[^"]{40,}"', "", html.replace(team.share_token, "T").replace(team.owner_token, "O"))


def test_a_round_shows_nothing_until_five_have_answered_it(client, page, with_results, conditions):
    team = with_results
    team.open_round()
    comparison_of(client, page, team)  # shows, and so clears, the messages of the answers before
    before = comparison_of(client, page, team)
    for members in range(1, 5):
        answer(Client(), page, team, conditions, {"shared-influence": 4})
        # One to four answers in round 2: the comparison reads the same, but for the count of answers.
        assert (
            comparison_of(client, page, team).replace(f"Round 2: {members} answered", "Round 2: 0 answered") == before
        )
    answer(Client(), page, team, conditions, {"shared-influence": 4})
    assert "Round 2: 5 answered, figures from the first 5" in comparison_of(client, page, team)


def test_the_newest_members_answer_cannot_be_worked_out_from_the_comparison(client, page, with_results, conditions):
    """Round 2 has 5 members; the attacker knows three answers (their own and two more). For each level
    the newest member could have given, the one other unknown answer can make every figure the same:
    the comparison rules no level out."""
    team = with_results
    team.open_round()
    known = [3, 3, 2]
    comparison_of(client, page, team)  # shows, and so clears, the messages of the answers before
    pages = set()
    for newest, unknown_first in [(1, 4), (2, 3), (3, 2), (4, 1)]:
        with transaction.atomic():
            point = transaction.savepoint()
            for level in [unknown_first, *known]:
                answer(Client(), page, team, conditions, {"shared-influence": level})
            answer(Client(), page, team, conditions, {"shared-influence": newest})
            pages.add(comparison_of(client, page, team))
            transaction.savepoint_rollback(point)
    # Same sum, same page: the total is all a round's figures say (rounded), never who gave what.
    assert len(pages) == 1


def test_only_rounded_whole_group_figures_reach_the_comparison(client, page, with_results, conditions):
    team = with_results
    team.open_round()
    for level in [1, 2, 2, 2, 2]:
        answer(Client(), page, team, conditions, {"shared-influence": level})
    answer(Client(), page, team, conditions, {"shared-influence": 4})  # the sixth waits for its group
    html = comparison_of(client, page, team)
    row = re.search(r'<th scope="row">Shared influence.*?</tr>', html, re.S).group(0)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["1.0", "1.8", "+0.8"]
    assert not re.search(r"\d\.\d{2,}", html.split("<svg")[1].split("</svg>")[0])


# --- Query counts -----------------------------------------------------------------------------


def test_each_workspace_page_takes_the_same_queries_with_1_and_12_tasks(client, page, planned):
    team = planned.team
    urls = [owner_url(page, team, name) for name in OWNER_PAGES] + [member_url(page, team, n) for n in MEMBER_PAGES]
    urls += [owner_url(page, team, "owner_csv"), member_url(page, team, "member_ics")]
    planned.items.exclude(pk=planned.items.first().pk).delete()
    with_one = {url: count_queries(client, url) for url in urls}
    for number in range(11):
        PlanItem.objects.create(plan=planned, position=10 + number, task=f"Task {number}", owner_name="Jamie")
    with_twelve = {url: count_queries(client, url) for url in urls}
    assert with_twelve == with_one
    print(
        "\nqueries per workspace page:",
        {url.rsplit(team.owner_token, 1)[-1].rsplit(team.share_token, 1)[-1] or url: n for url, n in with_one.items()},
    )


# --- Rate limits, retention, staff figures, the demo --------------------------------------------


def test_opening_rounds_is_rate_limited_and_says_so(client, page, planned, settings):
    settings.SELF_ASSESSMENT_ROUND_RATE_LIMIT = 2
    url = owner_url(page, planned.team, "owner_progress")
    statuses = [client.post(url, {"action": "open_round"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    response = client.post(url, {"action": "open_round"})
    assert response["Retry-After"] and "more new rounds from your connection" in text_of(response)
    planned.team.refresh_from_db()
    assert planned.team.round_number == 3


def test_plan_edits_keep_a_workspace_and_the_purge_deletes_it_with_its_plan(client, page, planned):
    team = planned.team
    long_ago = timezone.now() - timedelta(days=400)
    TeamAssessment.objects.filter(pk=team.pk).update(last_activity_at=long_ago)
    item = planned.items.first()
    submit(client, member_url(page, team, "member_plan"), ("action", "save"), **{f"item-{item.pk}-status": "doing"})
    team.refresh_from_db()
    assert team.last_activity_at > long_ago
    call_command("purge_abandoned_assessments", days=30)
    assert TeamPlan.objects.filter(pk=planned.pk).exists()
    TeamAssessment.objects.filter(pk=team.pk).update(last_activity_at=long_ago)
    call_command("purge_abandoned_assessments", days=30)
    assert not TeamPlan.objects.filter(pk=planned.pk).exists()
    assert not PlanItem.objects.filter(plan_id=planned.pk).exists()
    assert not AssessmentResponse.objects.filter(team_id=team.pk).exists()


def test_staff_see_how_many_plans_and_which_conditions_never_a_plans_words(client, page, planned):
    planned.goal = "A goal only the team should read"
    planned.save()
    staff = make_user_with_permissions(
        "figures", Permission.objects.get(content_type__app_label="assessment", codename="view_assessmentresponse")
    )
    client.force_login(staff)
    html = text_of(client.get(reverse("self_assessment_report")))
    assert re.search(r"<strong>1</strong> teams have a plan", html)
    assert "Shared influence (1)" in html
    for private in [planned.goal, planned.reason, planned.items.first().task[:40]]:
        assert private not in html


def test_the_demo_team_has_two_rounds_and_a_plan_half_done(client, capsys):
    call_command("create_demo_team")
    call_command("create_demo_team")  # twice changes nothing
    out = capsys.readouterr().out
    assert "already there" in out
    team = TeamAssessment.objects.get(owner_token="demo-walker-gamble-owner-link-01")
    assert team.round_number == 2 and team.responses.count() == 10
    progress = text_of(client.get(f"/playbook/self-assessment/team/{team.share_token}/progress/"))
    assert "Round 1" in progress and "Round 2" in progress and "+1.2" in progress
    items = team.plan.items.all()
    done = sum(item.status == "done" for item in items)
    assert done == len(items) // 2
    for url in re.findall(r"http://\S+/", out):
        assert client.get(url.removeprefix("http://localhost")).status_code == 200


# --- Reminders --------------------------------------------------------------------------------


def remind(today, capture):
    with capture(execute=True):
        call_command("send_plan_reminders", today=today)


def test_a_task_owner_is_reminded_once_before_the_due_date_and_stops_it_in_one_click(
    client, page, planned, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    item = planned.items.first()
    url = owner_url(page, planned.team, "owner_plan")
    submit(
        client,
        url,
        ("action", "save"),
        **{f"item-{item.pk}-due_date": "2027-03-10", f"item-{item.pk}-reminder_email": "paula@example.org"},
    )
    # Only the owner's link shows the address.
    assert "paula@example.org" in text_of(client.get(url))
    assert "paula@example.org" not in text_of(client.get(member_url(page, planned.team, "member_plan")))
    remind(date(2027, 3, 1), capture)
    assert mailoutbox == []  # more than PLAN_REMINDER_DAYS ahead
    remind(date(2027, 3, 8), capture)
    remind(date(2027, 3, 9), capture)  # once per due date
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["paula@example.org"] and message.subject.startswith("Due 10 March:")
    stop_url = re.search(r"<(http://[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert stop_url in message.body and planned.team.owner_token not in message.body
    path = stop_url.removeprefix("http://localhost")
    # Opening the link changes nothing (link scanners open links); the button, or the mail client's one click, stops.
    assert "Stop the reminders" in text_of(client.get(path))
    assert PlanItem.objects.get(pk=item.pk).reminder_email == "paula@example.org"
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Reminders stopped" in text_of(response)
    assert PlanItem.objects.get(pk=item.pk).reminder_email == ""
    # A new due date would be reminded, but the address is gone.
    PlanItem.objects.filter(pk=item.pk).update(due_date=date(2027, 3, 12))
    remind(date(2027, 3, 10), capture)
    assert len(mailoutbox) == 1


def test_done_tasks_and_tasks_without_an_address_get_no_reminder(
    page, planned, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = planned.items.all()[:2]
    PlanItem.objects.filter(pk=first.pk).update(
        due_date=date(2027, 3, 2), reminder_email="a@example.org", status="done"
    )
    PlanItem.objects.filter(pk=second.pk).update(due_date=date(2027, 3, 2))
    remind(date(2027, 3, 1), django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_an_unknown_stop_link_is_a_404(client):
    assert client.get(reverse("stop_plan_reminders", args=["not-a-token"])).status_code == 404
