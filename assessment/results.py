"""What a results page shows: the scores, the chart, the focus and what to read next.

Everything is fetched here in a fixed number of queries, whatever the number of
team members or case studies, so templates run none of their own.
"""

from dataclasses import dataclass

from wagtail.models import Page

from core.listing import with_card_images
from playbook.models import StrategyGuidePage
from stories.models import CaseStudyPage, StoryIndexPage
from taxonomy.models import SystemCondition

from .charts import bar_chart
from .scoring import agreement, choose_focus, nearest_level, shown, with_scores

CASE_STUDIES_PER_CONDITION = 3


@dataclass(frozen=True)
class Recommendation:
    kind: str  # "need" or "strength"
    choice: object
    guide: object
    case_studies: list

    @property
    def condition(self):
        return self.choice.condition


def scored_conditions(scores):
    """The conditions with figures from ``scores``, rounded as shown: the chart, the table, the focus
    and every label are drawn from these, so no unrounded figure reaches a page."""
    conditions = list(with_scores(SystemCondition.objects.live(), scores))
    for condition in conditions:
        condition.average = shown(condition.average)
        condition.spread = shown(condition.spread or 0)
        condition.level = nearest_level(condition.average)
        condition.agreement = agreement(condition.spread)
    return conditions


def recommendations(focus, private):
    """The guide and newest case studies for the greatest need and greatest strength.

    ``private`` matches pages under a view restriction: looked up once for every query here
    (each ``.public()`` would look the restrictions up again).
    """
    if focus is None:
        return []
    choices = [("need", focus.need)] + ([("strength", focus.strength)] if focus.strength else [])
    guides = {}
    for guide in (
        StrategyGuidePage.objects.live()
        .exclude(private)
        .filter(condition__in=[choice.condition for _, choice in choices])
        .defer_streamfields()
        .order_by("path")
    ):
        guides.setdefault(guide.condition_id, guide)
    return [
        Recommendation(
            kind=kind,
            choice=choice,
            guide=guides.get(choice.condition.pk),
            case_studies=list(
                with_card_images(
                    CaseStudyPage.objects.live()
                    .exclude(private)
                    .filter(conditions=choice.condition)
                    .select_related("district")
                    .defer_streamfields()
                    .order_by("-first_published_at", "pk")
                )[:CASE_STUDIES_PER_CONDITION]
            ),
        )
        for kind, choice in choices
    ]


def results_context(conditions, show_spread=False):
    focus = choose_focus(conditions)
    private = Page.objects.all().private_q() if focus else None
    suggestions = recommendations(focus, private)
    return {
        "conditions": conditions,
        "focus": focus,
        "chart": bar_chart(conditions, focus, show_spread=show_spread),
        "recommendations": suggestions,
        "story_index": StoryIndexPage.objects.live().exclude(private).first() if suggestions else None,
    }
