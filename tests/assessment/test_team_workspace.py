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
from django.core.management import call_command
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
