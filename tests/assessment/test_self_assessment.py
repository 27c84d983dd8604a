"""The readiness self-assessment: scoring and the tie rule, answering alone and as a team,
the results page (chart, table, recommendations), privacy of team results, bad input,
query counts, the staff report and the retention command."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client, override_settings
from django.test.utils import ContextList
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail import hooks
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessment.charts import LEVEL_WIDTH
from assessment.models import AssessmentResponse, ConditionScore, SelfAssessmentPage, TeamAssessment
from assessment.scoring import (
    FIGURES_GROUP_SIZE,
    Level,
    agreement,
    choose_focus,
    nearest_level,
    scores_from_answers,
    shown,
)
from playbook.models import StrategyGuidePage
from stories.factories import CaseStudyPageFactory
from stories.models import CaseStudyPage
from taxonomy.models import AssessmentStatement, SystemCondition
from tests.utils import count_queries, make_user_with_permissions, title_of

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
SVG_NS = "{http://www.w3.org/2000/svg}"


# --- Helpers ------------------------------------------------------------------------------------


@pytest.fixture
def page(db):
    return SelfAssessmentPage.objects.live().get()


@pytest.fixture
def no_rate_limits(settings):
    settings.SELF_ASSESSMENT_TEAM_RATE_LIMIT = settings.SELF_ASSESSMENT_ANSWER_RATE_LIMIT = 10**6


@pytest.fixture
def conditions(db):
    return list(SystemCondition.objects.prefetch_related("statements"))


def by_slug(conditions):
    return {condition.slug: condition for condition in conditions}


def answers(conditions, levels=None, default=3):
    """POST data: every statement of a condition at levels[slug] (or the default level)."""
    levels = levels or {}
    return {
        f"statement_{statement.pk}": str(levels.get(condition.slug, default))
        for condition in conditions
        for statement in condition.statements.all()
    }


def scored(conditions, averages):
    """The demo's conditions, in the playbook's order, each with an average score."""
    for condition, average in zip(conditions, averages, strict=True):
        condition.average = average
    return conditions


def add_member(page, team, conditions, score_for=lambda condition: 3, **about_you):
    return AssessmentResponse.record(page, {c: score_for(c) for c in conditions}, team=team, **about_you)


def checked_levels(html):
    """{field name: level} of every checked radio button."""
    found = re.finditer(r'<input type="radio" name="(statement_\d+)" value="(\d)"[^>]*\bchecked\b', html)
    return {match.group(1): match.group(2) for match in found}


def html_of(response):
    return response.content.decode()


def chart_of(html):
    svgs = SVG.findall(html)
    assert len(svgs) == 1
    return ET.fromstring(svgs[0])


def table_rows(html):
    """(condition, score) for each row of the scores table."""
    table = html.split('class="table scores-table"')[1].split("</table>")[0]
    body = table.split("<tbody>")[1]
    rows = re.findall(r'<th scope="row">(.*?)(?: <span.*?</span>)?</th>\s*<td>([\d.]+)</td>', body, re.S)
    return [(name.strip(), score) for name, score in rows]


# --- Scoring and the tie rule -------------------------------------------------------------------


def test_a_conditions_score_is_the_mean_of_its_statements_levels(conditions):
    vision = conditions[0]
    statements = list(vision.statements.all())
    levels = dict(zip([s.pk for s in statements], [1, 2, 4], strict=True))
    answers_by_pk = {s.pk: 3 for c in conditions for s in c.statements.all()} | levels
    scores = scores_from_answers(conditions, answers_by_pk)
    assert scores[vision] == pytest.approx(7 / 3)
    assert all(scores[c] == 3 for c in conditions[1:])


def test_conditions_without_statements_are_not_scored(conditions):
    empty = SystemCondition.objects.create(name="Family partnership", slug="family-partnership", short_description="-")
    scores = scores_from_answers([*conditions, empty], {s.pk: 2 for c in conditions for s in c.statements.all()})
    assert empty not in scores and len(scores) == 7


@pytest.mark.parametrize(
    ("value", "expected"), [(7 / 3, "2.3"), (2.25, "2.3"), (2.35, "2.4"), (8 / 3, "2.7"), (1.0, "1.0"), (4.0, "4.0")]
)
def test_scores_are_shown_to_one_decimal_with_halves_rounded_up(value, expected):
    assert str(shown(value)) == expected


@pytest.mark.parametrize(
    ("value", "level"), [(1.0, Level.NOT_YET), (1.4, Level.NOT_YET), (1.5, Level.EMERGING), (3.5, Level.ESTABLISHED)]
)
def test_nearest_level(value, level):
    assert nearest_level(value) == level


@pytest.mark.parametrize(
    ("spread", "label"),
    [(0, "Close agreement"), (0.49, "Close agreement"), (0.5, "Some disagreement"), (1.2, "Wide disagreement")],
)
def test_agreement_labels(spread, label):
    assert agreement(spread) == label


def test_greatest_need_is_the_lowest_score_and_strength_the_highest(conditions):
    focus = choose_focus(scored(conditions, [3, 2, 1.5, 3.5, 2, 3, 2.5]))
    assert focus.need.condition == conditions[2] and focus.need.tied_with == ()
    assert focus.strength.condition == conditions[3] and focus.strength.tied_with == ()


def test_ties_go_to_the_condition_first_in_the_playbook(conditions):
    focus = choose_focus(scored(conditions, [3, 4, 1.5, 2, 1.5, 4, 1.5]))
    assert focus.need.condition == conditions[2]
    assert focus.need.tied_with == (conditions[4], conditions[6])
    assert focus.strength.condition == conditions[1]
    assert focus.strength.tied_with == (conditions[5],)


def test_the_tie_rule_follows_the_playbook_order_not_the_alphabet(conditions):
    # Reverse the playbook's order: the winner of the same tie changes with it.
    for position, condition in enumerate(reversed(conditions)):
        SystemCondition.objects.filter(pk=condition.pk).update(sort_order=position)
    reordered = list(SystemCondition.objects.all())
    focus = choose_focus(scored(reordered, [2, 1, 1, 3, 3, 2, 2]))
    assert focus.need.condition.slug == reordered[1].slug == conditions[5].slug
    assert focus.strength.condition.slug == conditions[3].slug


def test_scores_that_show_the_same_count_as_a_tie(conditions):
    # 2.34 and 2.26 both show as 2.3: the page would show a tie, so the rule applies.
    focus = choose_focus(scored(conditions, [3, 2.34, 2.26, 3, 3, 3, 3]))
    assert focus.need.condition == conditions[1]
    assert focus.need.tied_with == (conditions[2],)


def test_when_every_score_is_the_same_there_is_no_single_strength(conditions):
    focus = choose_focus(scored(conditions, [2] * 7))
    assert focus.need.condition == conditions[0]
    assert focus.strength is None


def test_no_scores_no_focus():
    assert choose_focus([]) is None


# --- Answering on your own ----------------------------------------------------------------------


def test_the_form_has_a_labelled_radio_group_for_every_statement(client, page, conditions):
    response = client.get(page.url)
    html = html_of(response)
    statements = [s for c in conditions for s in c.statements.all()]
    assert len(statements) >= 21
    for condition in conditions:
        assert f"{condition.name}</h3></legend>" in html
    for statement in statements:
        name = f"statement_{statement.pk}"
        assert f'<legend class="statement__text">{statement.text}</legend>'.replace("'", "&#x27;") in html
        assert html.count(f'name="{name}"') == 4
        for index, level in enumerate(Level):
            assert (
                f'<label class="level" for="id_{name}_{index}"><input type="radio" name="{name}" value="{level.value}"'
                in html
            )
    for level in Level:
        assert f"<dt>{level.value}. {level.label}</dt>" in html
    assert 'name="csrfmiddlewaretoken"' in html
    # Without JavaScript: a plain form posting to the page.
    assert f'<form class="form assessment-form" method="post" action="{page.url}"' in html
    assert "no-store" in response["Cache-Control"]


def test_answering_gives_a_private_results_address(client, page, conditions):
    response = client.post(page.url, answers(conditions, {"shared-influence": 1, "vision-and-strategy": 4}))
    assert response.status_code == 302
    saved = AssessmentResponse.objects.get()
    assert TOKEN.match(saved.token)
    assert response["Location"] == page.route_url("results", saved.token)
    assert saved.team is None and saved.name == ""
    scores = {score.condition.slug: score.score for score in saved.scores.select_related("condition")}
    assert scores == {c.slug: {"shared-influence": 1, "vision-and-strategy": 4}.get(c.slug, 3) for c in conditions}

    html = html_of(client.get(response["Location"]))
    assert "Greatest need:</span> Shared influence" in html
    assert "Greatest strength:</span> Vision and strategy" in html
    assert '<meta name="robots" content="noindex">' in html


def test_two_people_get_different_addresses(client, page, conditions):
    first = client.post(page.url, answers(conditions))["Location"]
    second = client.post(page.url, answers(conditions))["Location"]
    assert first != second


def test_missing_answers_are_listed_and_the_given_answers_kept(client, page, conditions):
    data = answers(conditions, default=2)
    missing = [f"statement_{s.pk}" for s in conditions[3].statements.all()]
    for name in missing:
        del data[name]
    response = client.post(page.url, data)
    assert response.status_code == 400
    html = html_of(response)
    assert f"Please correct {len(missing)} problems" in html and "Everything else you chose is kept below." in html
    assert title_of(html).startswith("Error: ")
    for name in missing:
        assert f'<a href="#id_{name}_0">' in html
        assert f'aria-describedby="id_{name}_error"' in html
        assert (
            f'<ul class="field__errors" id="id_{name}_error"><li>Choose a level for this statement.</li></ul>' in html
        )
    assert checked_levels(html) == data
    assert AssessmentResponse.objects.count() == 0


@pytest.mark.parametrize("tampered", ["5", "0", "-1", "2.5", "three", "", "1' OR '1'='1", "\x00"])
def test_tampered_levels_are_refused_with_a_clear_message(client, page, conditions, tampered):
    data = answers(conditions)
    name = next(iter(data))
    data[name] = tampered
    response = client.post(page.url, data)
    assert response.status_code == 400
    html = html_of(response)
    assert "Choose one of the four levels." in html or "Choose a level for this statement." in html
    assert f'<a href="#id_{name}_0">' in html
    assert AssessmentResponse.objects.count() == 0


def test_unknown_fields_are_ignored(client, page, conditions):
    response = client.post(page.url, {**answers(conditions), "statement_999999": "4", "score": "4", "team": "1"})
    assert response.status_code == 302
    assert AssessmentResponse.objects.get().team is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    level=st.text(max_size=12), name=st.text(max_size=120), role=st.text(max_size=120), team_name=st.text(max_size=200)
)
@example(level="4", name="x" * 1_000_000, role="\r\nBcc: someone@example.org", team_name="\x00")
def test_fuzzed_answers_never_error_or_store_bad_rows(
    client, page, team, conditions, no_rate_limits, level, name, role, team_name
):
    data = {**answers(conditions), "name": name, "role": role}
    data[next(iter(answers(conditions)))] = level
    response = client.post(page.route_url("join_team", team.share_token), data)
    assert response.status_code in (302, 400)
    assert client.post(page.route_url("start_team"), {"name": team_name}).status_code in (302, 400)
    for saved in AssessmentResponse.objects.all():
        assert len(saved.name) <= 80 and len(saved.role) <= 80 and "\x00" not in saved.name + saved.role
    assert all(1 <= score <= 4 for score in ConditionScore.objects.values_list("score", flat=True))
    assert all(len(team.name) <= 120 and "\x00" not in team.name for team in TeamAssessment.objects.all())


def test_posting_without_a_csrf_token_is_refused(page, conditions):
    response = Client(enforce_csrf_checks=True).post(page.url, answers(conditions))
    assert response.status_code == 403
    assert AssessmentResponse.objects.count() == 0


# --- The results page: chart, table, focus, recommendations -------------------------------------


@pytest.fixture
def results_html(client, page, conditions):
    levels = {"capacity-and-resources": 1, "shared-influence": 1, "relationships-and-social-norms": 4}
    location = client.post(page.url, answers(conditions, levels, default=2))["Location"]
    return html_of(client.get(location))


def test_the_chart_is_an_accessible_svg_with_a_bar_per_condition(results_html, conditions):
    svg = chart_of(results_html)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    title, desc = svg.find(f"{SVG_NS}title"), svg.find(f"{SVG_NS}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text == "Your score for each system condition"
    assert "Greatest need: Capacity and resources (1.0)." in desc.text
    assert "Greatest strength: Relationships and social norms (4.0)." in desc.text
    assert "table" in desc.text
    bars = svg.findall(f"{SVG_NS}rect")
    assert len(bars) == len(conditions) == 7
    widths = [float(bar.get("width")) for bar in bars]
    assert widths == [
        2 * LEVEL_WIDTH,
        2 * LEVEL_WIDTH,
        LEVEL_WIDTH,
        2 * LEVEL_WIDTH,
        4 * LEVEL_WIDTH,
        LEVEL_WIDTH,
        2 * LEVEL_WIDTH,
    ]
    labels = [text for text in svg.findall(f"{SVG_NS}text") if text.get("class") == "chart__label"]
    assert [label.text for label in labels] == [c.name for c in conditions]
    # The marker on a line of its own, so the longest label still fits when a phone draws it larger.
    markers = {index: label.find(f"{SVG_NS}tspan").text for index, label in enumerate(labels) if len(label)}
    assert markers == {2: "Greatest need", 4: "Greatest strength"}


def test_the_table_gives_the_same_figures_as_the_chart(results_html, conditions):
    svg = chart_of(results_html)
    values = [text.text for text in svg.findall(f"{SVG_NS}text") if text.get("class") == "chart__value"]
    rows = table_rows(results_html)
    assert rows == list(zip([c.name for c in conditions], values, strict=True))
    assert values == ["2.0", "2.0", "1.0", "2.0", "4.0", "1.0", "2.0"]
    assert '<caption id="scores-caption">Your score for each condition</caption>' in results_html


def test_the_tie_rule_is_explained_on_the_page(results_html):
    assert "Shared influence scored the same; Capacity and resources comes first in the playbook" in results_html
    assert "we pick the one that comes first in the playbook&#x27;s order" in results_html


def test_all_equal_scores_are_explained(client, page, conditions):
    html = html_of(client.get(client.post(page.url, answers(conditions, default=2))["Location"]))
    assert "Every condition scored 2.0, so there is no single greatest need or strength" in html
    assert "Greatest strength:" not in html


def test_results_recommend_the_guide_and_case_studies_of_each_condition(results_html):
    need_section = results_html.split('id="next-need"')[1].split("</section>")[0]
    strength_section = results_html.split('id="next-strength"')[1].split("</section>")[0]
    for section, slug in (
        (need_section, "capacity-and-resources"),
        (strength_section, "relationships-and-social-norms"),
    ):
        guide = StrategyGuidePage.objects.live().get(condition__slug=slug)
        assert guide.url in section
        stories = CaseStudyPage.objects.live().filter(conditions__slug=slug)
        assert stories.exists()
        for story in stories:
            assert story.url in section
        for other in CaseStudyPage.objects.live().exclude(conditions__slug=slug):
            assert other.url not in section
        assert f"?condition={slug}" in section


def test_unpublished_case_studies_are_not_recommended(client, page, conditions):
    story = CaseStudyPage.objects.live().filter(conditions__slug="shared-influence").first()
    url = story.url
    story.unpublish()
    location = client.post(page.url, answers(conditions, {"shared-influence": 1}))["Location"]
    assert url not in html_of(client.get(location))


def test_newest_case_studies_come_first_and_are_capped(client, page, conditions):
    index = CaseStudyPage.objects.live().first().get_parent()
    influence = by_slug(conditions)["shared-influence"]
    made = []
    for number in range(4):
        story = CaseStudyPageFactory(parent=index, title=f"Influence story {number}")
        story.conditions.set([influence])
        story.save_revision().publish()
        made.append(story)
    location = client.post(page.url, answers(conditions, {"shared-influence": 1}))["Location"]
    section = html_of(client.get(location)).split('id="next-need"')[1].split("</section>")[0]
    assert list(re.findall(r"Influence story \d", section)) == [
        "Influence story 3",
        "Influence story 2",
        "Influence story 1",
    ]


# --- Team mode ----------------------------------------------------------------------------------


@pytest.fixture
def team(page):
    return TeamAssessment.objects.create(page=page, name="Stone Creek sixth grade")


def test_starting_a_team_gives_separate_share_and_owner_links(client, page):
    response = client.post(page.route_url("start_team"), {"name": "Walker-Gamble team"})
    team = TeamAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page.route_url("manage_team", team.owner_token)
    assert TOKEN.match(team.share_token) and TOKEN.match(team.owner_token)
    assert team.share_token != team.owner_token
    html = html_of(client.get(response["Location"]))
    assert f'value="http://testserver{page.route_url("join_team", team.share_token)}"' in html
    assert page.route_url("team_results", team.share_token) in html
    assert "Your team assessment is ready." in html
    # The share link never leads to the owner's page.
    assert team.owner_token not in html_of(client.get(page.route_url("join_team", team.share_token)))


def test_a_team_name_that_is_too_long_is_refused_and_kept(client, page):
    name = "A" * 121
    response = client.post(page.route_url("start_team"), {"name": name})
    assert response.status_code == 400
    html = html_of(response)
    assert "Please correct 1 problem" in html and f'value="{name}"' in html
    assert title_of(html).startswith("Error: ")
    assert TeamAssessment.objects.count() == 0


def test_getting_the_start_address_leads_back_to_the_form(client, page):
    response = client.get(page.route_url("start_team"))
    assert response.status_code == 302 and response["Location"] == page.url + "#team"


def test_a_member_answers_with_an_optional_name_and_sees_their_own_results(client, page, team, conditions):
    form = html_of(client.get(page.route_url("join_team", team.share_token)))
    assert 'for="id_name"' in form and 'for="id_role"' in form
    response = client.post(
        page.route_url("join_team", team.share_token),
        {**answers(conditions), "name": "Jamie", "role": "Sixth-grade teacher"},
    )
    member = AssessmentResponse.objects.get()
    assert response["Location"] == page.route_url("results", member.token)
    assert (member.team, member.name, member.role) == (team, "Jamie", "Sixth-grade teacher")
    own = html_of(client.get(response["Location"]))
    assert "Jamie (Sixth-grade teacher), answered" in own
    assert page.route_url("team_results", team.share_token) in own


def test_name_and_role_are_optional(client, page, team, conditions):
    response = client.post(page.route_url("join_team", team.share_token), answers(conditions))
    assert response.status_code == 302
    assert AssessmentResponse.objects.get().name == ""


def test_a_member_missing_answers_gets_errors_and_keeps_name_and_answers(client, page, team, conditions):
    data = {**answers(conditions), "name": "Paula"}
    del data[next(iter(data))]
    response = client.post(page.route_url("join_team", team.share_token), data)
    assert response.status_code == 400
    html = html_of(response)
    assert "Please correct 1 problem" in html and 'value="Paula"' in html
    assert title_of(html).startswith("Error: ")
    assert AssessmentResponse.objects.count() == 0


def test_team_results_wait_for_enough_members(client, page, team, conditions):
    for _ in range(FIGURES_GROUP_SIZE - 1):
        add_member(page, team, conditions)
    html = html_of(client.get(page.route_url("team_results", team.share_token)))
    assert f"{FIGURES_GROUP_SIZE - 1} of {FIGURES_GROUP_SIZE} so far" in html
    assert "<svg" not in html


def test_team_results_show_average_and_spread_per_condition(client, page, team, conditions):
    vision = by_slug(conditions)["vision-and-strategy"]
    for level in (1, 1, 2, 4, 4):
        add_member(page, team, conditions, lambda c, level=level: level if c == vision else 3)
    html = html_of(client.get(page.route_url("team_results", team.share_token)))
    assert "5 people have answered." in html
    rows = dict(table_rows(html))
    assert rows["Vision and strategy"] == "2.4"
    assert all(score == "3.0" for name, score in rows.items() if name != "Vision and strategy")
    # Population standard deviation of 1, 1, 2, 4 and 4 is 1.36: wide disagreement.
    assert "<td>Wide disagreement (± 1.4)</td><td>5</td>" in html
    assert "<td>Close agreement (± 0.0)</td><td>5</td>" in html
    svg = chart_of(html)
    spreads = svg.findall(f"{SVG_NS}path")
    assert len(spreads) == 1
    # Drawn from the figures as shown, 2.4 ± 1.4, not from 2.4 ± 1.3565 (which would show 1.04 and 3.76).
    ends = {float(x) for x in re.findall(r"[MH]([\d.]+) ", spreads[0].get("d"))}
    assert ends == {1.0 * LEVEL_WIDTH, 3.8 * LEVEL_WIDTH}
    assert svg.find(f"{SVG_NS}title").text == "The team's average score for each system condition"
    assert "Greatest need:</span> Vision and strategy" in html


def test_team_figures_change_only_with_each_whole_group_of_answers(client, page, team, conditions):
    for _ in range(FIGURES_GROUP_SIZE):
        add_member(page, team, conditions, lambda c: 2)
    url = page.route_url("team_results", team.share_token)
    html = html_of(client.get(url))
    assert dict(table_rows(html))["Shared influence"] == "2.0"
    assert (
        "The figures are from the first 5 answers. They change only when 5 more people have answered, next at 10"
        in html
    )
    for answered in range(6, 10):
        add_member(page, team, conditions, lambda c: 4)
        html = html_of(client.get(url))
        assert f"{answered} people have answered." in html
        assert f"{answered - 5} of the next 5 answers {'is' if answered == 6 else 'are'} in." in html
        assert dict(table_rows(html))["Shared influence"] == "2.0"
        assert "<td>Close agreement (± 0.0)</td><td>5</td>" in html
    add_member(page, team, conditions, lambda c: 4)
    html = html_of(client.get(url))
    assert "10 people have answered." in html and "from the first 10 answers" in html
    assert dict(table_rows(html))["Shared influence"] == "3.0"
    assert "<td>Wide disagreement (± 1.0)</td><td>10</td>" in html


def test_a_closed_team_says_which_answers_its_figures_leave_out(client, page, team, conditions):
    for _ in range(7):
        add_member(page, team, conditions)
    team.set_closed(True)
    for url in (page.route_url("team_results", team.share_token), page.route_url("manage_team", team.owner_token)):
        html = html_of(client.get(url))
        assert "The figures are from the first 5 answers." in html
        assert "The last 2 answers will count only if the assessment reopens and 10 people have answered." in html


def test_team_pages_never_show_anyones_own_answers_or_name(client, page, team, conditions):
    vision = by_slug(conditions)["vision-and-strategy"]
    members = [("Member Q1", "Role R1", 1.0), ("Member Q2", "Role R2", 1.5)] + [
        (f"Member Q{number}", f"Role R{number}", 3.5) for number in (3, 4, 5)
    ]
    for name, role, level in members:
        add_member(page, team, conditions, lambda c, level=level: level if c == vision else 3, name=name, role=role)
    for url in (
        page.route_url("team_results", team.share_token),
        page.route_url("join_team", team.share_token),
        page.route_url("manage_team", team.owner_token),
    ):
        response = client.get(url)
        html = html_of(response)
        for name, role, level in members:
            assert name not in html and role not in html
            assert f">{level}<" not in html and f">{level:.1f}<" not in html
        for response_token in AssessmentResponse.objects.values_list("token", flat=True):
            assert response_token not in html
        # One context per template rendered (a ContextList), or a single one.
        contexts = response.context if isinstance(response.context, ContextList) else [response.context]
        assert not any(isinstance(value, AssessmentResponse) for c in contexts for value in c.flatten().values())
    assert dict(table_rows(html_of(client.get(page.route_url("team_results", team.share_token)))))[vision.name] == "2.6"


def test_members_of_another_team_do_not_count(client, page, team, conditions):
    other = TeamAssessment.objects.create(page=page)
    for _ in range(FIGURES_GROUP_SIZE):
        add_member(page, team, conditions, lambda c: 2)
        add_member(page, other, conditions, lambda c: 4)
        add_member(page, None, conditions, lambda c: 1)
    html = html_of(client.get(page.route_url("team_results", team.share_token)))
    assert "5 people have answered." in html
    assert set(dict(table_rows(html)).values()) == {"2.0"}


# --- Closing a team assessment ------------------------------------------------------------------


def test_the_owner_closes_and_reopens_the_assessment(client, page, team):
    url = page.route_url("manage_team", team.owner_token)
    response = client.post(url, {"action": "close"})
    assert response.status_code == 302 and response["Location"] == url
    team.refresh_from_db()
    assert team.is_closed
    assert "The assessment is closed: nobody else can answer." in html_of(client.get(url))
    client.post(url, {"action": "reopen"})
    team.refresh_from_db()
    assert not team.is_closed


@pytest.mark.parametrize("action", ["", "delete", "close' --", None])
def test_a_tampered_owner_action_changes_nothing(client, page, team, action):
    url = page.route_url("manage_team", team.owner_token)
    response = client.post(url, {} if action is None else {"action": action}, follow=True)
    assert response.status_code == 200
    assert "Choose whether to close or reopen the assessment." in html_of(response)
    team.refresh_from_db()
    assert not team.is_closed


def test_closing_needs_a_csrf_token(page, team):
    response = Client(enforce_csrf_checks=True).post(
        page.route_url("manage_team", team.owner_token), {"action": "close"}
    )
    assert response.status_code == 403
    team.refresh_from_db()
    assert not team.is_closed


def test_new_members_of_a_closed_assessment_get_a_clear_message(client, page, team):
    team.set_closed(True)
    response = client.get(page.route_url("join_team", team.share_token))
    html = html_of(response)
    assert response.status_code == 200
    assert "This team assessment is closed." in html
    assert 'name="statement_' not in html
    assert page.route_url("team_results", team.share_token) in html


def test_answers_sent_to_a_closed_assessment_are_kept_for_results_of_their_own(client, page, team, conditions):
    team.set_closed(True)
    data = answers(conditions, default=4)
    response = client.post(page.route_url("join_team", team.share_token), {**data, "name": "Jamie"})
    assert response.status_code == 409
    html = html_of(response)
    assert "This team assessment is closed." in html
    assert f'<form class="form assessment-form" method="post" action="{page.url}"' in html
    assert checked_levels(html) == data
    assert AssessmentResponse.objects.count() == 0
    # Sending them on gives results of their own.
    assert client.post(page.url, data).status_code == 302


def test_a_team_closed_while_someone_answers_takes_no_answer(page, team, conditions):
    stale = TeamAssessment.objects.get(pk=team.pk)
    team.set_closed(True)
    with pytest.raises(TeamAssessment.Closed):
        add_member(page, stale, conditions)
    assert AssessmentResponse.objects.count() == 0 and ConditionScore.objects.count() == 0


# --- Rate limits ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("one_rate_limit_window")
@override_settings(SELF_ASSESSMENT_TEAM_RATE_LIMIT=2, SELF_ASSESSMENT_TEAM_RATE_LIMIT_WINDOW=3600)
def test_over_the_team_limit_a_clear_429_keeps_the_team_name(client, page):
    url = page.route_url("start_team")
    for number in range(2):
        assert client.post(url, {"name": f"Team {number}"}).status_code == 302
    response = client.post(url, {"name": "Kept <Team>"})
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    html = html_of(response)
    assert "Please wait a few minutes before starting another team assessment" in html
    assert "send it again in 60 minutes" in html and 'value="Kept &lt;Team&gt;"' in html
    assert 'name="statement_' in html  # the rest of the page is there too
    assert TeamAssessment.objects.count() == 2
    assert client.post(url, {"name": "Elsewhere"}, REMOTE_ADDR="203.0.113.5").status_code == 302


@pytest.mark.usefixtures("one_rate_limit_window")
@override_settings(SELF_ASSESSMENT_ANSWER_RATE_LIMIT=2, SELF_ASSESSMENT_ANSWER_RATE_LIMIT_WINDOW=600)
def test_over_the_answer_limit_a_clear_429_keeps_the_answers(client, page, team, conditions):
    data = answers(conditions, {"shared-influence": 1, "vision-and-strategy": 2}, default=4)
    join = page.route_url("join_team", team.share_token)
    # Answers alone and as a team member count together.
    assert client.post(page.url, data).status_code == 302
    assert client.post(join, data).status_code == 302
    for url, about_you in ((page.url, {}), (join, {"name": "Kept <Name>", "role": "Coach"})):
        response = client.post(url, {**data, **about_you})
        assert response.status_code == 429 and response["Retry-After"] == "600"
        html = html_of(response)
        assert "Please wait a few minutes before sending your answers" in html
        assert "send them again in 10 minutes" in html
        assert checked_levels(html) == data
    assert 'value="Kept &lt;Name&gt;"' in html and 'value="Coach"' in html
    assert AssessmentResponse.objects.count() == 2
    assert client.post(page.url, data, REMOTE_ADDR="203.0.113.5").status_code == 302


@pytest.mark.usefixtures("one_rate_limit_window")
def test_a_flood_of_new_teams_from_one_address_is_refused(client, page, settings, figure):
    limit = settings.SELF_ASSESSMENT_TEAM_RATE_LIMIT
    statuses = [client.post(page.route_url("start_team"), {"name": "Flood"}).status_code for _ in range(limit + 2)]
    assert statuses == [302] * limit + [429, 429]
    assert TeamAssessment.objects.count() == limit
    figure(
        "team self-assessments started from one address",
        f"{limit} per {settings.SELF_ASSESSMENT_TEAM_RATE_LIMIT_WINDOW // 60} minutes, then 429 ({limit + 2} tried)",
    )


# --- Unknown and forged links -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "token"),
    [
        ("results", "not-a-real-token"),
        ("results", "x" * 32),
        ("join_team", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ("team_results", "forged_forged_forged_forged_1234"),
        ("manage_team", "-" * 500),
    ],
)
def test_unknown_links_give_a_clear_404(client, page, route, token):
    response = client.get(page.route_url(route, token))
    assert response.status_code == 404
    html = html_of(response)
    assert "We couldn't find this assessment" in html
    assert "<h1>" in html and page.url in html


def test_tokens_only_open_what_they_were_made_for(client, page, team, conditions):
    member = add_member(page, team, conditions)
    # The share link is not the owner link, nor a person's results, and the reverse.
    assert client.get(page.route_url("manage_team", team.share_token)).status_code == 404
    assert client.get(page.route_url("results", team.share_token)).status_code == 404
    assert client.get(page.route_url("join_team", team.owner_token)).status_code == 404
    assert client.get(page.route_url("team_results", member.token)).status_code == 404
    assert client.post(page.route_url("manage_team", team.share_token), {"action": "close"}).status_code == 404
    team.refresh_from_db()
    assert not team.is_closed


def test_a_forged_token_cannot_post_answers(client, page, conditions):
    response = client.post(page.route_url("join_team", "forged_forged_forged_forged_1234"), answers(conditions))
    assert response.status_code == 404
    assert AssessmentResponse.objects.count() == 0


# --- Query counts -------------------------------------------------------------------------------

TEAM_RESULTS_BUDGET = 23  # measured: 23 for team and personal results (one for the share tags)


def test_team_results_render_in_the_same_queries_for_5_and_100_members(
    client, page, conditions, django_assert_max_num_queries
):
    small, large = TeamAssessment.objects.create(page=page), TeamAssessment.objects.create(page=page)

    def score(condition, member):
        # Members disagree by a level; both teams have the same need and strength (so the same recommendations).
        return 1.5 + condition.sort_order % 3 + (0.5 if member % 2 else -0.5)

    for number in range(100):
        add_member(page, large, conditions, lambda c, n=number: score(c, n))
        if number < FIGURES_GROUP_SIZE:
            add_member(page, small, conditions, lambda c, n=number: score(c, n))
    with_five = count_queries(client, page.route_url("team_results", small.share_token))
    with_hundred = count_queries(client, page.route_url("team_results", large.share_token))
    assert with_hundred == with_five
    with django_assert_max_num_queries(TEAM_RESULTS_BUDGET):
        assert "100 people have answered." in html_of(client.get(page.route_url("team_results", large.share_token)))


def test_the_owner_page_and_the_member_form_do_not_grow_with_members(client, page, team, conditions):
    add_member(page, team, conditions)
    urls = [page.route_url("manage_team", team.owner_token), page.route_url("join_team", team.share_token)]
    before = [count_queries(client, url) for url in urls]
    for _ in range(99):
        add_member(page, team, conditions)
    assert [count_queries(client, url) for url in urls] == before


def test_personal_results_and_the_form_have_a_fixed_budget(client, page, conditions, django_assert_max_num_queries):
    location = client.post(page.url, answers(conditions, {"shared-influence": 1}))["Location"]
    for url, budget in ((location, TEAM_RESULTS_BUDGET), (page.url, 16)):
        client.get(url)
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


# --- Staff: statements in the admin, figures in a report ----------------------------------------


@pytest.fixture
def report_viewer(db):
    return make_user_with_permissions("analyst", Permission.objects.get(codename="view_assessmentresponse"))


def test_staff_see_counts_and_averages_per_condition_but_no_one(client, page, team, conditions, report_viewer):
    client.force_login(report_viewer)
    url = reverse("self_assessment_report")
    # With no answers yet (the standard deviation of nothing is an error on SQLite).
    assert client.get(url).status_code == 200
    for number in range(6):
        # The sixth, at 4, waits for a whole group of answers taken alone.
        add_member(page, None, conditions, lambda c, number=number: 4 if number == 5 else 1, name="Solo Person")
    for level in (2, 3, 4, 3, 3):
        add_member(page, team, conditions, lambda c, level=level: level, name=f"Member Q{level}", role="Role R7")
    response = client.get(url)
    assert response.status_code == 200
    html = html_of(response)
    assert re.search(
        r"<strong>6</strong> taken alone;\s*<strong>1</strong> team assessments \(1 open\) with\s*<strong>5</strong>",
        html,
    )
    assert "Averages count answers in groups of 5" in html
    for condition in conditions:
        assert condition.name in html
    listing = html.split("data-assessment-totals")[1].split("<tbody>")[1].split("</tbody>")[0]
    cells = [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", listing, re.S)]
    # Per condition: 10 answers averaging (5 × 1 + 2 + 3 + 4 + 3 + 3) / 10.
    assert cells == [value for condition in conditions for value in (condition.name, "10", "2.0")]
    for text in ("Solo Person", "Member Q2", "Role R7", team.name, team.share_token, team.owner_token):
        assert text not in html


def test_the_report_needs_its_permission(client, page, report_viewer):
    url = reverse("self_assessment_report")
    assert client.get(url).status_code == 302  # to the login page
    editor = make_user_with_permissions("editor")
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    menu = html_of(client.get(reverse("wagtailadmin_home")))
    assert url not in menu
    client.force_login(report_viewer)
    assert url in html_of(client.get(reverse("wagtailadmin_home")))


def test_the_report_permission_is_offered_in_group_settings():
    registered = {permission for hook in hooks.get_hooks("register_permissions") for permission in hook()}
    offered = {p.codename for p in registered if "assessment" in p.codename}
    assert offered == {"view_assessmentresponse"}


def test_staff_edit_and_reorder_statements_on_a_condition(client, conditions):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "password")
    client.force_login(admin)
    condition = conditions[0]
    first, second, third = condition.statements.all()
    # As the admin posts them: rows in their saved order, ORDER giving the new position.
    rows = [
        {"id": first.pk, "text": "We wrote our vision together, last spring.", "ORDER": "2"},
        {"id": second.pk, "text": second.text, "ORDER": "3", "DELETE": "on"},
        {"id": third.pk, "text": third.text, "ORDER": "1"},
        {"text": "Our vision is on the agenda of every staff meeting.", "ORDER": "4"},
    ]
    data = nested_form_data(
        {
            "name": condition.name,
            "slug": condition.slug,
            "short_description": condition.short_description,
            "statements": inline_formset(rows, initial=3),
        }
    )
    url = reverse("wagtailsnippets_taxonomy_systemcondition:edit", args=[condition.pk])
    assert "Self-assessment statements" in html_of(client.get(url))
    # Conditions are drafts until published (issue 18): publishing is what reaches the self-assessment.
    response = client.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    texts = list(AssessmentStatement.objects.filter(condition=condition).values_list("text", flat=True))
    assert texts == [
        third.text,
        "We wrote our vision together, last spring.",
        "Our vision is on the agenda of every staff meeting.",
    ]


def test_the_form_follows_the_statements_staff_keep(client, page, conditions):
    statement = conditions[0].statements.first()
    statement.delete()
    html = html_of(client.get(page.url))
    assert f'name="statement_{statement.pk}"' not in html
    # A condition with no statements is left out of the form and the results.
    AssessmentStatement.objects.filter(condition=conditions[1]).delete()
    html = html_of(client.get(page.url))
    assert f"{conditions[1].name}</h3></legend>" not in html
    fresh = list(SystemCondition.objects.prefetch_related("statements"))
    location = client.post(page.url, answers(fresh))["Location"]
    assert len(table_rows(html_of(client.get(location)))) == 6


def test_with_no_statements_at_all_the_page_says_so(client, page):
    AssessmentStatement.objects.all().delete()
    html = html_of(client.get(page.url))
    assert "The statements for this self-assessment are being written." in html
    assert '<form class="form assessment-form"' not in html
    # And an empty answer sheet posted anyway saves nothing.
    assert client.post(page.url, {}).status_code == 400
    assert AssessmentResponse.objects.count() == 0


def test_tokens_stay_out_of_the_sitemap(client, page, team, conditions):
    member = add_member(page, team, conditions)
    sitemap = html_of(client.get("/sitemap.xml"))
    assert page.url in sitemap
    for token in (team.share_token, team.owner_token, member.token):
        assert token not in sitemap


# --- Retention ----------------------------------------------------------------------------------


def test_abandoned_team_assessments_are_removed_after_the_configured_days(page, conditions, settings):
    settings.SELF_ASSESSMENT_RETENTION_DAYS = 30
    now = timezone.now()
    abandoned = TeamAssessment.objects.create(page=page, last_activity_at=now - timedelta(days=31))
    active = TeamAssessment.objects.create(page=page, last_activity_at=now - timedelta(days=29))
    for team in (abandoned, active):
        for _ in range(2):
            AssessmentResponse.record(page, dict.fromkeys(conditions, 2), team=team, now=team.last_activity_at)
    alone = AssessmentResponse.record(page, dict.fromkeys(conditions, 2), now=now - timedelta(days=400))

    call_command("purge_abandoned_assessments", verbosity=0)

    assert list(TeamAssessment.objects.all()) == [active]
    assert AssessmentResponse.objects.filter(team=active).count() == 2
    assert not AssessmentResponse.objects.filter(team_id=abandoned.pk).exists()
    assert ConditionScore.objects.filter(response__team_id=abandoned.pk).count() == 0
    assert AssessmentResponse.objects.filter(pk=alone.pk).exists()


def test_each_answer_restarts_a_teams_retention_clock(page, conditions):
    team = TeamAssessment.objects.create(page=page, last_activity_at=timezone.now() - timedelta(days=365))
    add_member(page, team, conditions)
    call_command("purge_abandoned_assessments", days=30, verbosity=0)
    assert TeamAssessment.objects.filter(pk=team.pk).exists()


def test_the_command_reports_and_takes_days(page, capsys):
    TeamAssessment.objects.create(page=page, last_activity_at=timezone.now() - timedelta(days=8))
    call_command("purge_abandoned_assessments", days=7)
    assert "Deleted 1 team assessments with no activity for 7 days" in capsys.readouterr().out


def test_retention_days_come_from_the_environment(monkeypatch):
    import importlib

    import ctqsite.settings.base as base

    monkeypatch.setenv("SELF_ASSESSMENT_RETENTION_DAYS", "45")
    assert importlib.reload(base).SELF_ASSESSMENT_RETENTION_DAYS == 45
    monkeypatch.delenv("SELF_ASSESSMENT_RETENTION_DAYS")
    assert importlib.reload(base).SELF_ASSESSMENT_RETENTION_DAYS == 180


# --- Where it lives -----------------------------------------------------------------------------


def test_the_playbook_links_to_the_self_assessment(client, page):
    html = html_of(client.get(page.get_parent().url))
    assert f'href="{page.url}"' in html


def test_private_case_studies_are_not_recommended(client, page, conditions):
    from wagtail.models import PageViewRestriction

    story = CaseStudyPage.objects.live().filter(conditions__slug="shared-influence").first()
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    location = client.post(page.url, answers(conditions, {"shared-influence": 1}))["Location"]
    html = html_of(client.get(location))
    assert story.url not in html
    assert CaseStudyPage.objects.live().public().filter(conditions__slug="shared-influence").first().url in html


def test_private_guides_and_self_assessment_stay_off_the_playbook(client, page):
    from wagtail.models import PageViewRestriction

    playbook = page.get_parent()
    guide = StrategyGuidePage.objects.live().child_of(playbook).exclude(condition=None).first()
    for private in (guide, page):
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    html = html_of(client.get(playbook.url))
    assert f'href="{guide.url}"' not in html and f'href="{page.url}"' not in html
    assert f'href="{StrategyGuidePage.objects.live().public().child_of(playbook).first().url}"' in html
