"""The team workspace's pages: decide, frame, plan, act, progress, print and exports.

Reached only through the team's links: the owner link (``owner/<token>/…``) manages everything,
the team link (``team/<token>/…``) takes part (items' status and notes, evidence recorded). Every
page is private like the team's others: noindex, never cached (views.render). Every POST redirects.
"""

import csv
import io
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from icalendar import Calendar, Event

from core.export import neutralise_formula
from protection.ratelimit import RateLimit

from .charts import rounds_chart
from .forms import DecideForm, EvidenceForm, FrameForm, ItemForm, MemberItemForm, NewItemForm, PlanDetailsForm
from .models import PlanItem, TeamPlan
from .reminders import stop
from .results import scored_conditions
from .scoring import FIGURES_GROUP_SIZE, choose_focus, published_scores
from .views import find_team, link_not_found, render
from .workspace import (
    add_item,
    choose_condition,
    guide_lists,
    move,
    plan_progress,
    round_counts,
    rounds_compared,
    save_edits,
)

OWNER, MEMBER = "owner", "member"
NEW_ROUNDS = RateLimit("self-assessment-rounds", "SELF_ASSESSMENT_ROUND_RATE_LIMIT")
CONFLICT = (
    "Someone changed this while you were editing. What they saved is shown beside your version; "
    "what you typed is kept below. Send it again to save yours over theirs."
)


class Workspace:
    """One team as seen through one of its links."""

    def __init__(self, page, team, role):
        self.page, self.team, self.role = page, team, role
        self.token = team.owner_token if role == OWNER else team.share_token
        self.plan = TeamPlan.objects.filter(team=team).select_related("condition", "guide").first()

    @property
    def is_owner(self):
        return self.role == OWNER

    def steps(self):
        """(label, address) of the pages this link reaches, in the order a team goes through them."""
        if self.is_owner:
            names = [("Team links", "manage_team"), ("1. Decide", "decide"), ("2. Frame", "frame")]
            names += [("3. Plan", "owner_plan"), ("4. Progress", "owner_progress"), ("Print", "owner_print")]
        else:
            names = [("Team results", "team_results"), ("Plan", "member_plan")]
            names += [("Progress", "member_progress"), ("Print", "member_print")]
        return [(label, self.page.route_url(name, self.token)) for label, name in names]

    def exports(self):
        """(label, address) of the plan's files through this link."""
        prefix = "owner" if self.is_owner else "member"
        return [
            ("Spreadsheet (CSV)", self.page.route_url(f"{prefix}_csv", self.token)),
            ("Due dates for your calendar (.ics)", self.page.route_url(f"{prefix}_ics", self.token)),
        ]

    def url(self, name):
        """The page ``name`` ("plan", "progress", "print") through this link."""
        prefix = "owner" if self.is_owner else "member"
        return self.page.route_url(f"{prefix}_{name}", self.token)

    def owner_url(self, name):
        return self.page.route_url(name, self.team.owner_token)

    def member_url(self, name):
        return self.page.route_url(name, self.team.share_token)


def workspace(page, token, role):
    if role == OWNER:
        team = find_team(page, owner_token=token)
    else:
        team = find_team(page, share_token=token, member_link_on=True)
    return None if team is None else Workspace(page, team, role)


def page_for(request, page, space, template, status=200, **extra):
    return render(request, page, template, status, space=space, team=space.team, plan=space.plan, **extra)


def team_figures(team):
    """The team's current round as its results page shows it: conditions and focus, or (None, None)."""
    if not team.published_count:
        return [], None
    conditions = scored_conditions(published_scores(response__team=team, response__round=team.round_number))
    return conditions, choose_focus(conditions)


# --- 1. Decide ---------------------------------------------------------------------------------


@csrf_protect
def decide(request, page, token):
    space = workspace(page, token, OWNER)
    if space is None:
        return link_not_found(request, page)
    conditions, focus = team_figures(space.team)
    form = None
    if focus is not None:
        initial = {"kind": space.plan.kind, "reason": space.plan.reason} if space.plan else None
        form = DecideForm(request.POST or None, focus=focus, initial=initial)
        if request.method == "POST" and form.is_valid():
            choose_condition(
                space.team, form.chosen_condition(), form.cleaned_data["kind"], form.cleaned_data["reason"]
            )
            messages.success(
                request, "Decision recorded. Now frame the work: the problem, the goal, the theory of action."
            )
            return redirect(space.owner_url("frame"))
    status = 400 if request.method == "POST" else 200
    return page_for(
        request,
        page,
        space,
        "assessment/workspace/decide.html",
        status,
        form=form,
        conditions=conditions,
        focus=focus,
        group_size=FIGURES_GROUP_SIZE,
    )


# --- 2. Frame ----------------------------------------------------------------------------------


@csrf_protect
def frame(request, page, token):
    space = workspace(page, token, OWNER)
    if space is None:
        return link_not_found(request, page)
    if space.plan is None:
        return redirect(space.owner_url("decide"))
    form = FrameForm(request.POST or None, instance=space.plan)
    status, conflict = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            conflict = save_edits(space.plan, form)
            if conflict is None:
                messages.success(request, "Saved. Next, the plan: the guide's important tasks are in it already.")
                return redirect(space.url("plan"))
            form, status = form.kept_after_conflict(conflict), 409
    return page_for(
        request,
        page,
        space,
        "assessment/workspace/frame.html",
        status,
        form=form,
        conflict=conflict,
        big_questions=guide_lists(space.plan.guide, "big_questions"),
    )


# --- 3. Plan and 4. Act ------------------------------------------------------------------------


def item_forms(space, failed=None):
    """A form per item: the one that failed (or met a conflict) bound to what was typed."""
    form_class = ItemForm if space.is_owner else MemberItemForm
    items = list(space.plan.items.all())
    forms = []
    for item in items:
        if failed is not None and failed.instance.pk == item.pk:
            forms.append(failed)
        else:
            forms.append(form_class(instance=item, prefix=f"item-{item.pk}"))
    return forms


def plan_page(request, page, space, status=200, failed=None, details=None, new_item=None, conflict=None):
    details_class = PlanDetailsForm if space.is_owner else EvidenceForm
    return page_for(
        request,
        page,
        space,
        "assessment/workspace/plan.html",
        status,
        forms=item_forms(space, failed),
        details=details or details_class(instance=space.plan, prefix="plan"),
        new_item=new_item or (NewItemForm(prefix="new") if space.is_owner else None),
        conflict=conflict,
        progress=plan_progress(space.plan),
    )


@csrf_protect
def owner_plan(request, page, token):
    return plan(request, page, workspace(page, token, OWNER))


@csrf_protect
def member_plan(request, page, token):
    return plan(request, page, workspace(page, token, MEMBER))


def plan(request, page, space):
    if space is None:
        return link_not_found(request, page)
    if space.plan is None:
        if space.is_owner:
            return redirect(space.owner_url("decide"))
        return page_for(request, page, space, "assessment/workspace/no_plan.html")
    if request.method != "POST":
        return plan_page(request, page, space)
    action = request.POST.get("action", "")
    owner_only = {"add", "drop", "up", "down"}
    if action in owner_only and not space.is_owner:
        return page_for(request, page, space, "assessment/workspace/owner_only.html", status=403)
    if action == "plan":
        return save_details(request, page, space)
    if action == "add":
        form = NewItemForm(request.POST, prefix="new")
        if not form.is_valid():
            return plan_page(request, page, space, status=400, new_item=form)
        add_item(space.plan, **form.cleaned_data)
        messages.success(request, "Task added at the end of the plan.")
        return redirect(space.url("plan"))
    item_pk = request.POST.get("item", "")
    item = space.plan.items.filter(pk=item_pk).first() if item_pk.isdigit() else None
    if item is None or action not in {"save", "drop", "up", "down"}:
        messages.error(request, "That task is no longer in the plan: someone may have dropped it.")
        return redirect(space.url("plan"))
    if action in ("up", "down"):
        move(item, action)
        return redirect(space.url("plan") + f"#item-{item.pk}")
    if action == "drop":
        item.delete()
        space.team.touch()
        messages.success(request, f"Dropped “{item.task[:60]}”.")
        return redirect(space.url("plan"))
    return save_item(request, page, space, item)


def save_item(request, page, space, item):
    form_class = ItemForm if space.is_owner else MemberItemForm
    form = form_class(request.POST, instance=item, prefix=f"item-{item.pk}")
    if not form.is_valid():
        return plan_page(request, page, space, status=400, failed=form)
    saved = save_edits(item, form)
    if saved is None:
        messages.success(request, "Task saved.")
        return redirect(space.url("plan") + f"#item-{item.pk}")
    return plan_page(request, page, space, status=409, failed=form.kept_after_conflict(saved), conflict=saved)


def save_details(request, page, space):
    form_class = PlanDetailsForm if space.is_owner else EvidenceForm
    form = form_class(request.POST, instance=space.plan, prefix="plan")
    if not form.is_valid():
        return plan_page(request, page, space, status=400, details=form)
    saved = save_edits(space.plan, form)
    if saved is None:
        messages.success(request, "Saved.")
        return redirect(space.url("plan") + "#plan-details")
    return plan_page(request, page, space, status=409, details=form.kept_after_conflict(saved), conflict=saved)


# --- 5. Assess progress ------------------------------------------------------------------------


@csrf_protect
def owner_progress(request, page, token):
    space = workspace(page, token, OWNER)
    if space is None:
        return link_not_found(request, page)
    if request.method == "POST":
        if request.POST.get("action") != "open_round":
            messages.error(request, "Choose “Open a new round” to start one.")
            return redirect(space.url("progress"))
        if NEW_ROUNDS.hit(request):
            return NEW_ROUNDS.refuse(
                progress_page(request, page, space, rate_limited=True, rate_limit_minutes=NEW_ROUNDS.minutes)
            )
        space.team.open_round()
        messages.success(
            request,
            f"Round {space.team.round_number} is open. Send the team link again: members answer as before, "
            f"and the round's figures appear once {FIGURES_GROUP_SIZE} have answered.",
        )
        return redirect(space.url("progress"))
    return progress_page(request, page, space)


def member_progress(request, page, token):
    space = workspace(page, token, MEMBER)
    if space is None:
        return link_not_found(request, page)
    return progress_page(request, page, space)


def progress_page(request, page, space, **extra):
    rounds, rows = rounds_compared(space.team)
    return page_for(
        request,
        page,
        space,
        "assessment/workspace/progress.html",
        rounds=rounds,
        rows=rows,
        chart=rounds_chart(rounds, rows) if rows else None,
        round_counts=round_counts(space.team),
        group_size=FIGURES_GROUP_SIZE,
        progress=plan_progress(space.plan) if space.plan else None,
        **extra,
    )


# --- 6. Print and share ------------------------------------------------------------------------


def owner_print(request, page, token):
    return print_page(request, page, workspace(page, token, OWNER))


def member_print(request, page, token):
    return print_page(request, page, workspace(page, token, MEMBER))


def print_page(request, page, space):
    if space is None:
        return link_not_found(request, page)
    if space.plan is None:
        raise Http404("No plan yet")
    paper = "a4" if request.GET.get("paper") == "a4" else "letter"
    return page_for(
        request,
        page,
        space,
        "assessment/workspace/print.html",
        items=list(space.plan.items.all()),
        paper=paper,
        progress=plan_progress(space.plan),
    )


def exported_plan(page, token, role):
    space = workspace(page, token, role)
    if space is None or space.plan is None:
        raise Http404("No plan at this link")
    return space


def owner_csv(request, page, token):
    return plan_csv(exported_plan(page, token, OWNER))


def member_csv(request, page, token):
    return plan_csv(exported_plan(page, token, MEMBER))


def owner_ics(request, page, token):
    return plan_ics(request, exported_plan(page, token, OWNER))


def member_ics(request, page, token):
    return plan_ics(request, exported_plan(page, token, MEMBER))


def private_file(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def plan_csv(space):
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(["Order", "Task", "Owner", "Due date", "Status", "Notes"])
    for position, item in enumerate(space.plan.items.all(), start=1):
        row = [
            item.task,
            item.owner_name,
            item.due_date.isoformat() if item.due_date else "",
            item.get_status_display(),
            item.notes,
        ]
        writer.writerow([position, *map(neutralise_formula, row)])
    return private_file(out.getvalue(), "text/csv; charset=utf-8", "team-plan.csv")


def plan_ics(request, space):
    calendar = Calendar.new(prodid=f"-//{settings.WAGTAIL_SITE_NAME}//Team plan//EN", name="Team plan due dates")
    for item in space.plan.items.exclude(due_date=None):
        calendar.add_component(
            Event.new(
                # The item's row, never the team's token: the file may be forwarded.
                uid=f"team-plan-item-{item.pk}@{request.get_host()}",
                start=item.due_date,
                end=item.due_date + timedelta(days=1),
                summary=f"Due: {item.task[:120]}",
                description=f"Owner: {item.owner_name or 'not named'}. Status: {item.get_status_display()}.",
            )
        )
    return private_file(calendar.to_ical(), "text/calendar; charset=utf-8", "team-plan-due-dates.ics")


# --- 7. Reminders: the one-click stop -----------------------------------------------------------


# A mail client's one-click stop (RFC 8058) posts without a CSRF token; the token in the address is the right.
@csrf_exempt
def stop_reminders(request, token):
    item = PlanItem.objects.filter(reminder_stop_token=token).select_related("plan__team__page").first()
    if item is None:
        raise Http404("No reminders at this link")
    page = item.plan.team.page.specific
    if request.method == "POST":
        stop(item)
        item.reminder_email = ""
    return render(request, page, "assessment/workspace/stop_reminders.html", item=item)
