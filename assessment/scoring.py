"""Scoring the self-assessment: the rubric, a score per condition, a team's figures, and the
choice of greatest need and greatest strength.

A condition's score is the mean of the levels (1 not yet … 4 established) given to its
statements. Scores are compared as they are shown, to one decimal, so what looks like a
tie on the page is treated as one; ties go to the condition that comes first in the
playbook's order.

Figures of several people (a team's, the staff report's) are made only of published scores:
answers in whole groups of FIGURES_GROUP_SIZE, in the order they came in (docs/self-assessment.md).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Avg, Count, F, StdDev, Window
from django.db.models.functions import RowNumber

from .models import ConditionScore


class Level(models.IntegerChoices):
    NOT_YET = 1, "Not yet"
    EMERGING = 2, "Emerging"
    DEVELOPING = 3, "Developing"
    ESTABLISHED = 4, "Established"


LEVEL_DESCRIPTIONS = {
    Level.NOT_YET: "We have not started on this yet.",
    Level.EMERGING: "A few of us do this, now and then.",
    Level.DEVELOPING: "Many of us do this, though not yet every time.",
    Level.ESTABLISHED: "This is how we work, and it would carry on if people moved on.",
}

# Figures of several people count answers in groups of this many: a team's appear once this many have
# answered and change only when as many more have (at 10, 15 …). With fewer, someone who knows their own
# answers works out the others' (two members: the other's, from the average); a change after each answer
# would show that answer (the page before and after).
FIGURES_GROUP_SIZE = 5

TIE_RULE = (
    "Scores are compared as shown, to one decimal. When conditions share the lowest (or highest) "
    "score, we pick the one that comes first in the playbook's order, so the same answers always "
    "give the same suggestion."
)


def scores_from_answers(conditions, answers):
    """{condition: mean level} for each condition with statements, from {statement pk: level}.

    ``conditions`` carry their statements (prefetched); every statement must have an answer.
    """
    scores = {}
    for condition in conditions:
        levels = [answers[statement.pk] for statement in condition.statements.all()]
        if levels:
            scores[condition] = sum(levels) / len(levels)
    return scores


def shown(value):
    """A score as the page shows it: one decimal, halves rounded up."""
    return Decimal(str(round(value, 6))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def nearest_level(value):
    return Level(int(shown(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


def agreement(spread):
    """How far apart a team's members are on a condition, from the standard deviation of their scores as shown."""
    if spread < 0.5:
        return "Close agreement"
    if spread < 1:
        return "Some disagreement"
    return "Wide disagreement"


def published_scores(**score_filter):
    """The scores that figures of several people are made of, optionally filtered (e.g.
    ``response__team=team``): per condition, of each team's round and of the answers taken alone, the
    first 5, 10, 15 … in the order they came in; the newest few wait until their group is whole."""
    # Each round of a team is its own group: the comparison of rounds shows whole groups only.
    group = [F("condition"), F("response__team"), F("response__round")]
    return (
        ConditionScore.objects.filter(**score_filter)
        .annotate(
            arrived=Window(RowNumber(), partition_by=group, order_by=[F("response__created_at"), F("response")]),
            in_group=Window(Count("pk"), partition_by=group),
        )
        .filter(arrived__lte=F("in_group") - F("in_group") % FIGURES_GROUP_SIZE)
    )


def with_scores(conditions, scores):
    """The conditions that have scores among ``scores`` (ConditionScore rows), annotated with the
    ``average``, ``spread`` (population standard deviation) and number of ``responses``: one query."""
    return (
        conditions.filter(assessment_scores__in=scores.values("pk"))
        .annotate(
            average=Avg("assessment_scores__score"),
            spread=StdDev("assessment_scores__score"),
            responses=Count("assessment_scores"),
        )
        .order_by("sort_order", "name")
    )


@dataclass(frozen=True)
class Choice:
    condition: object
    # Conditions with the same score as shown, which the tie rule passed over.
    tied_with: tuple = ()


@dataclass(frozen=True)
class Focus:
    need: Choice
    # None when every condition has the same score: there is no single strength.
    strength: Choice | None


def choose_focus(conditions):
    """Greatest need (lowest score) and greatest strength (highest), from conditions in the
    playbook's order, each with an ``average``. None when there are no scores."""
    if not conditions:
        return None
    values = {condition: shown(condition.average) for condition in conditions}
    lowest, highest = min(values.values()), max(values.values())

    def first_of(value):
        tied = [condition for condition in conditions if values[condition] == value]
        return Choice(tied[0], tuple(tied[1:]))

    return Focus(need=first_of(lowest), strength=None if lowest == highest else first_of(highest))
