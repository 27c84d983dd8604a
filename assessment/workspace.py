"""The team workspace's rules: the plan made from a guide, saves that never overwrite someone
else's, reordering, progress, and each condition round against round (docs/team-workspace.md)."""

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

from playbook.models import StrategyGuidePage

from .models import PlanItem, TeamPlan
from .results import scored_conditions
from .scoring import FIGURES_GROUP_SIZE, published_scores, shown


def guide_for(condition):
    """The condition's strategy guide as the playbook lists it: the first live, public one."""
    return (
        StrategyGuidePage.objects.live()
        .exclude(Page.objects.all().private_q())
        .filter(condition=condition)
        .order_by("path")
        .first()
    )


def guide_lists(guide, name):
    """Every entry of one list of the guide's sections ("big_questions", "important_tasks"), as plain text."""
    if guide is None:
        return []
    return [strip_tags(str(entry)).strip() for section in guide.sections for entry in section.value[name]]


def choose_condition(team, condition, kind, reason):
    """Record the team's choice; a first choice starts the plan with the guide's important tasks.

    A later change of mind keeps the plan's items: the team drops or adds what no longer fits.
    """
    guide = guide_for(condition)
    with transaction.atomic():
        plan, created = TeamPlan.objects.get_or_create(
            team=team, defaults={"condition": condition, "kind": kind, "reason": reason, "guide": guide}
        )
        if created:
            PlanItem.objects.bulk_create(
                PlanItem(plan=plan, position=position, task=task)
                for position, task in enumerate(guide_lists(guide, "important_tasks"), start=1)
            )
        else:
            save_if_unchanged(plan, plan.version, condition=condition, kind=kind, reason=reason, guide=guide)
        team.touch()
    return plan


def save_if_unchanged(instance, version, **fields):
    """Save ``fields`` only if nobody saved ``instance`` since ``version`` was read; True if saved.

    One conditional UPDATE: of two saves from the same version, exactly one wins, and the
    other is told (the page shows what they typed and what was saved meanwhile).
    """
    if isinstance(instance, TeamPlan):
        fields["updated_at"] = timezone.now()
    saved = type(instance).objects.filter(pk=instance.pk, version=version).update(version=F("version") + 1, **fields)
    if saved:
        team = instance.team if isinstance(instance, TeamPlan) else instance.plan.team
        team.touch()
    return bool(saved)


def save_edits(instance, form):
    """Save what the person changed in ``form`` (a VersionedForm); None once saved, else the row as
    someone else saved it meanwhile, when they changed one of the same fields.

    A save made from an older version is refused, then tried again on the newer one if the other
    save touched only other fields: two members editing never lose either change.
    """
    edits = form.edits()
    if not edits or save_if_unchanged(instance, form.cleaned_data["version"], **edits):
        return None
    saved = type(instance).objects.get(pk=instance.pk)
    if not form.overlaps(saved) and save_if_unchanged(saved, saved.version, **edits):
        return None
    return type(instance).objects.get(pk=instance.pk)


def add_item(plan, **fields):
    with transaction.atomic():
        last = plan.items.aggregate(last=Max("position"))["last"] or 0
        item = PlanItem.objects.create(plan=plan, position=last + 1, **fields)
        plan.team.touch()
    return item


def move(item, direction):
    """Swap the item with the one above ("up") or below ("down"); nothing at either end."""
    with transaction.atomic():
        items = list(PlanItem.objects.select_for_update().filter(plan_id=item.plan_id).order_by("position", "pk"))
        index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
        other = None if index is None else index + (-1 if direction == "up" else 1)
        if other is None or not 0 <= other < len(items):
            return False
        items[index], items[other] = items[other], items[index]
        # Renumber all: positions stay 1…n whatever adds and drops left behind.
        for position, each in enumerate(items, start=1):
            each.position = position
        PlanItem.objects.bulk_update(items, ["position"])
        item.plan.team.touch()
    return True


def plan_progress(plan):
    """How many items there are, by status, and whether evidence has been recorded: one query."""
    counts = plan.items.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=PlanItem.Status.DONE)),
        doing=Count("pk", filter=Q(status=PlanItem.Status.DOING)),
    )
    counts["not_started"] = counts["total"] - counts["done"] - counts["doing"]
    counts["percent_done"] = round(100 * counts["done"] / counts["total"]) if counts["total"] else 0
    counts["evidence_recorded"] = bool(plan.evidence_recorded.strip())
    return counts


def rounds_compared(team):
    """Each condition round against round: [(condition name, [shown average or None per round], change)].

    Every figure is a round's published figure (whole groups of five, rounded as shown, the team
    results page's rule); the change is between two shown figures, so nothing finer is given away.
    One query per round.
    """
    rounds = list(range(1, team.round_number + 1))
    by_round = {
        number: {
            condition.pk: condition
            for condition in scored_conditions(published_scores(response__team=team, response__round=number))
        }
        for number in rounds
    }
    names = {}
    for figures in by_round.values():
        for condition in figures.values():
            names.setdefault(condition.pk, condition)
    ordered = sorted(names.values(), key=lambda condition: (condition.sort_order, condition.name))
    rows = []
    for condition in ordered:
        values = [by_round[number].get(condition.pk) for number in rounds]
        averages = [figure.average if figure else None for figure in values]
        known = [value for value in averages if value is not None]
        change = shown(known[-1] - known[0]) if len(known) > 1 else None
        rows.append((condition, averages, change))
    return rounds, rows


def round_counts(team):
    """Answers per round and how many of them the figures count (whole groups of five)."""
    answered = {row["round"]: row["n"] for row in team.responses.values("round").annotate(n=Count("pk")).order_by()}
    return [
        (number, answered.get(number, 0), answered.get(number, 0) // FIGURES_GROUP_SIZE * FIGURES_GROUP_SIZE)
        for number in range(1, team.round_number + 1)
    ]
