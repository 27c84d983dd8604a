"""The self-assessment's routes: answer alone or as a team member, see results, and the team owner's page.

Called from SelfAssessmentPage's routes. Every POST redirects (no resubmission on refresh);
unknown or forged links get a 404 page that says what went wrong.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, F, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_protect

from protection.ratelimit import RateLimit
from protection.spam import CSRF_INPUT
from taxonomy.models import SystemCondition

from .forms import AnswersForm, StartTeamForm
from .models import AssessmentResponse, ConditionScore, TeamAssessment, TeamPlan
from .results import results_context, scored_conditions
from .scoring import (
    FIGURES_GROUP_SIZE,
    LEVEL_DESCRIPTIONS,
    TIE_RULE,
    Level,
    published_scores,
    scores_from_answers,
)

# Per address, from settings: teams started, and answer sheets sent alone or as a team member.
NEW_TEAMS = RateLimit("self-assessment-teams", "SELF_ASSESSMENT_TEAM_RATE_LIMIT")
ANSWERS = RateLimit("self-assessment-answers", "SELF_ASSESSMENT_ANSWER_RATE_LIMIT")


def render(request, page, template, status=200, **extra):
    context = page.get_context(request)
    context.update(extra, tie_rule=TIE_RULE, rubric=[(level, LEVEL_DESCRIPTIONS[level]) for level in Level])
    response = TemplateResponse(request, template, context, status=status)
    if not getattr(request, "page_cache_fill_ins", None):
        # Links here are private (results, team links) and forms carry a CSRF token: no shared caching.
        add_never_cache_headers(response)
    return response


def statement_conditions():
    return list(SystemCondition.objects.live().prefetch_related("statements"))


def link_not_found(request, page):
    return render(
        request,
        page,
        "assessment/link_not_found.html",
        status=404,
        retention_days=settings.SELF_ASSESSMENT_RETENTION_DAYS,
    )


def kept(form_class, form, **kwargs):
    """What was typed into ``form``, unvalidated, in a fresh form to show again (over a rate limit)."""
    return form_class(initial={field.name: field.data for field in form}, **kwargs)


def refuse(request, page, limit, renderer, *args):
    """The page ``renderer`` gives, as ``limit``'s 429, saying which limit and for how long."""
    return limit.refuse(renderer(request, page, *args, rate_limited=limit.name, rate_limit_minutes=limit.minutes))


def record(page, form, team=None):
    scores = scores_from_answers(form.conditions, form.answers())
    about_you = {name: form.cleaned_data.get(name, "") for name in ("name", "role")}
    return AssessmentResponse.record(page, scores, team=team, **about_you)


# --- On your own -------------------------------------------------------------------------------


def render_start_page(request, page, form, team_form=None, status=200, **extra):
    return render(
        request, page, page.get_template(request), status, form=form, team_form=team_form or StartTeamForm(), **extra
    )


@csrf_protect
def take_on_your_own(request, page):
    conditions = statement_conditions()
    if request.method != "POST":
        # The same for everyone but the CSRF token: served from the page cache, each visitor's filled in.
        request.page_cache_fill_ins = (CSRF_INPUT,)
        return render_start_page(request, page, AnswersForm(conditions=conditions))
    form = AnswersForm(request.POST, conditions=conditions)
    if ANSWERS.hit(request):
        return refuse(request, page, ANSWERS, render_start_page, kept(AnswersForm, form, conditions=conditions))
    if not form.is_valid():
        return render_start_page(request, page, form, status=400)
    return redirect(page.route_url("results", record(page, form).token))


def personal_results(request, page, token):
    response = AssessmentResponse.objects.filter(page=page, token=token).select_related("team").first()
    if response is None:
        return link_not_found(request, page)
    context = results_context(scored_conditions(ConditionScore.objects.filter(response=response)))
    return render(request, page, "assessment/personal_results.html", response=response, **context)


# --- As a team ---------------------------------------------------------------------------------


def find_team(page, **token):
    this_round = Q(responses__round=F("round_number"))
    team = (
        TeamAssessment.objects.filter(page=page, **token)
        .annotate(response_count=Count("responses", filter=this_round))
        .first()
    )
    if team is not None:
        # The answers the team's figures are made of: whole groups, the newest few waiting for theirs.
        team.published_count = team.response_count - team.response_count % FIGURES_GROUP_SIZE
        team.waiting_count = team.response_count - team.published_count
        team.next_figures_at = team.published_count + FIGURES_GROUP_SIZE
    return team


@csrf_protect
def start_team(request, page):
    if request.method != "POST":
        return redirect(page.url + "#team")
    team_form = StartTeamForm(request.POST)
    if NEW_TEAMS.hit(request):
        form = AnswersForm(conditions=statement_conditions())
        return refuse(request, page, NEW_TEAMS, render_start_page, form, kept(StartTeamForm, team_form))
    if not team_form.is_valid():
        form = AnswersForm(conditions=statement_conditions())
        return render_start_page(request, page, form, team_form=team_form, status=400)
    team = team_form.save(commit=False)
    team.page = page
    team.save()
    messages.success(request, "Your team assessment is ready. Share the team link below with your colleagues.")
    return redirect(page.route_url("manage_team", team.owner_token))


def render_team_form(request, page, team, form, status=200, kept_form=None, **extra):
    return render(
        request,
        page,
        "assessment/team_answers.html",
        status,
        team=team,
        form=form,
        kept_form=kept_form,
        **extra,
    )


@csrf_protect
def join_team(request, page, token):
    team = find_team(page, share_token=token, member_link_on=True)
    if team is None:
        return link_not_found(request, page)
    conditions = statement_conditions()
    if request.method != "POST":
        form = None if team.is_closed else AnswersForm(conditions=conditions, ask_about_you=True)
        return render_team_form(request, page, team, form)
    form = AnswersForm(request.POST, conditions=conditions, ask_about_you=True)
    # A closed team's answers are refused below and kept there: nothing is saved, so nothing is counted.
    if not team.is_closed and ANSWERS.hit(request):
        typed = kept(AnswersForm, form, conditions=conditions, ask_about_you=True)
        return refuse(request, page, ANSWERS, render_team_form, team, typed)
    if not team.is_closed and form.is_valid():
        try:
            response = record(page, form, team=team)
        except TeamAssessment.Closed:
            team.refresh_from_db()
        else:
            messages.success(
                request, "Thank you: your answers are in. Here are your own results; the team's are linked below."
            )
            return redirect(page.route_url("results", response.token))
    if team.is_closed:
        # Keep what they answered: the same answers can still give them results of their own.
        kept_form = AnswersForm(request.POST, conditions=conditions)
        return render_team_form(request, page, team, None, status=409, kept_form=kept_form)
    return render_team_form(request, page, team, form, status=400)


def team_results(request, page, token):
    team = find_team(page, share_token=token, member_link_on=True)
    if team is None:
        return link_not_found(request, page)
    context = {"team": team, "group_size": FIGURES_GROUP_SIZE}
    if team.published_count:
        scores = published_scores(response__team=team, response__round=team.round_number)
        context.update(results_context(scored_conditions(scores), show_spread=True))
    return render(request, page, "assessment/team_results.html", **context)


LINK_ACTIONS = {
    "rotate_owner": lambda team: team.rotate_link("owner"),
    "rotate_member": lambda team: team.rotate_link("member"),
    "revoke_member": TeamAssessment.revoke_member_link,
}
LINK_MESSAGES = {
    "rotate_owner": "You have a new owner link: the old one no longer works. Bookmark this page again.",
    "rotate_member": "The team has a new link: the old one no longer works. Send the new one to your colleagues.",
    "revoke_member": "The team link is turned off: nobody can answer or open the plan with it. "
    "Turn it on again for a new link.",
}


@csrf_protect
def manage_team(request, page, token):
    team = find_team(page, owner_token=token)
    if team is None:
        return link_not_found(request, page)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in LINK_ACTIONS:
            LINK_ACTIONS[action](team)
            messages.success(request, LINK_MESSAGES[action])
            # A new owner link: the old address in the browser no longer works.
            return redirect(page.route_url("manage_team", team.owner_token))
        if action not in ("close", "reopen"):
            messages.error(request, "Choose whether to close or reopen the assessment.")
        elif (action == "close") != team.is_closed:
            team.set_closed(action == "close")
            messages.success(
                request,
                "The assessment is closed: nobody else can answer."
                if action == "close"
                else "The assessment is open again.",
            )
        return redirect(page.route_url("manage_team", token))
    return render(
        request,
        page,
        "assessment/team_owner.html",
        team=team,
        group_size=FIGURES_GROUP_SIZE,
        share_url=request.build_absolute_uri(page.route_url("join_team", team.share_token)),
        results_url=request.build_absolute_uri(page.route_url("team_results", team.share_token)),
        owner_url=request.build_absolute_uri(page.route_url("manage_team", team.owner_token)),
        has_plan=TeamPlan.objects.filter(team=team).exists(),
    )
