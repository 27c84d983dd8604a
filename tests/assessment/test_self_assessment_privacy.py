"""No member's answers can be worked out from what the team's pages and the staff report show.

The attack: someone reads every page the team's owner, a member and staff can see, after every
answer, and knows some members' answers (their own, or more: the more they know, the stronger the
attack). For the newest member's score on one condition, each of the four levels is tried: could the
members the attacker does not know have answered so that every page read exactly as it did? Each
way they could have answered is built and its pages read, member by member, until one reads the
same: a level fits only if such a team exists, and a level that fits no way at all is ruled out by
the pages. Pages are compared whole (every number, SVG coordinate, title, aria text, table cell,
label and word), tokens blanked.

The attacked condition keeps a single statement, so a score is one of the four levels: the fewer the
possible scores, the easier answers are to recover. Every other condition is 3 for everyone and the
attacker knows it, which only helps them.
"""

import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client
from django.urls import reverse

from assessment.models import AssessmentResponse, SelfAssessmentPage, TeamAssessment
from assessment.scoring import Level
from taxonomy.models import AssessmentStatement, SystemCondition
from tests.utils import make_user_with_permissions

pytestmark = pytest.mark.django_db

ATTACKED = "vision-and-strategy"
# The attacked condition's level for members 1 to 10, in the order they answer; every other condition is 3.
ANSWERED = [3, 4, 1, 3, 2, 2, 3, 4, 1, 2]
# The newest member (the one attacked) and the members whose answers the attacker does not know.
ATTACKS = {
    # The owner answered first and knows only their own answers.
    "the first figures": (5, {2, 3, 4, 5}),
    # The attacker knows everyone's answers but the newest member's, and reads the pages before and after.
    "one more member": (6, {6}),
    # Member 6 knows their own answers and all the earlier ones.
    "the figures update": (10, {7, 8, 9, 10}),
}
LEVELS = [level.value for level in Level]
STARTED = datetime(2026, 3, 2, 9, tzinfo=UTC)
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=|"CSRF_TOKEN": )"[^"]*"')
# Renditions made in a world that is then rolled back are made again under a new random name.
# (protection.storage puts one in each image's and each rendition's name.)
RENDITION_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}(?=\.[0-9a-f]{8}\.|\.(?:jpg|png|gif|webp|avif)\b)")


class Reader:
    """Every page of one team that its owner, a member and staff can read, in a fixed order, with what
    differs between two reads of the same answers blanked: tokens and file names chosen at random."""

    def __init__(self, page, team, staff):
        member, owner, admin = Client(), Client(), Client()
        admin.force_login(staff)
        report = reverse("self_assessment_report")
        self.pages = [
            (member, page.route_url("team_results", team.share_token)),
            (member, page.route_url("join_team", team.share_token)),
            (owner, page.route_url("manage_team", team.owner_token)),
            (admin, report),  # its figures are also its results-only view's
            (admin, report + "?export=csv"),
        ]
        self.tokens = {team.share_token: "SHARE-TOKEN", team.owner_token: "OWNER-TOKEN"}

    def read(self):
        shown = []
        for client, url in self.pages:
            response = client.get(url)
            assert response.status_code == 200, url
            text = b"".join(response) if response.streaming else response.content
            text = RENDITION_SUFFIX.sub("", CSRF.sub(r"\1CSRF", text.decode()))
            for token, placeholder in self.tokens.items():
                text = text.replace(token, placeholder)
            shown.append(text)
        return shown


def answer(page, team, conditions, number, level):
    """Member `number` (from 1) answers `level` on the attacked condition and 3 everywhere else."""
    scores = {condition: level if condition.slug == ATTACKED else 3 for condition in conditions}
    return AssessmentResponse.record(page, scores, team=team, now=STARTED + timedelta(minutes=number))


def fits(read, page, team, conditions, plan, shown, remaining):
    """Whether the members in `plan` (number, the levels they may have given) can answer, one by one,
    so that after each the pages read as `shown`. Levels still in `remaining` are tried first: a
    permutation of the true answers is the likeliest fit, and the first one found is enough."""
    if not plan:
        return True
    (number, levels), rest = plan[0], plan[1:]
    for level in sorted(levels, key=lambda level: remaining[level] == 0):
        with transaction.atomic():
            answer(page, team, conditions, number, level)
            found = read() == shown[0] and fits(
                read, page, team, conditions, rest, shown[1:], remaining - Counter([level])
            )
            transaction.set_rollback(True)  # back to the members before this one, whatever was found
        if found:
            return True
    return False


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_no_members_score_can_be_derived_from_what_any_page_shows(attack, figure):
    target, unknown = ATTACKS[attack]
    page = SelfAssessmentPage.objects.live().get()
    attacked = SystemCondition.objects.get(slug=ATTACKED)
    AssessmentStatement.objects.filter(condition=attacked).exclude(pk=attacked.statements.first().pk).delete()
    conditions = list(SystemCondition.objects.all())
    team = TeamAssessment.objects.create(page=page, name="Stone Creek sixth grade")
    reader = Reader(
        page, team, make_user_with_permissions("analyst", Permission.objects.get(codename="view_assessmentresponse"))
    )

    # What the attacker saw: the pages after each member answered, from the first they do not know.
    first_unknown = min(unknown)
    for number in range(1, first_unknown):
        answer(page, team, conditions, number, ANSWERED[number - 1])
    shown = []
    with transaction.atomic():
        for number in range(first_unknown, target + 1):
            answer(page, team, conditions, number, ANSWERED[number - 1])
            shown.append(reader.read())
        assert reader.read() == shown[-1], "the pages must read the same twice for the comparison to mean anything"
        assert "<svg" in shown[-1][0], "the team's figures are on its page"
        transaction.set_rollback(True)

    truth = Counter(ANSWERED[number - 1] for number in unknown)
    consistent = []
    for level in LEVELS:
        plan = [
            (number, [level] if number == target else LEVELS if number in unknown else [ANSWERED[number - 1]])
            for number in range(first_unknown, target + 1)
        ]
        if fits(reader.read, page, team, conditions, plan, shown, truth - Counter([level])):
            consistent.append(level)

    figure(f"self-assessment attack, {attack}: member {target}'s possible scores", f"{consistent} of {LEVELS}")
    assert consistent == LEVELS, (
        f"{attack}: member {target}'s score on {attacked.name} is worked out from the pages: only {consistent} "
        f"fits what they showed (the member answered {ANSWERED[target - 1]})"
    )
