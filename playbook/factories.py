"""Factories for the playbook and its strategy guides."""

import factory
import wagtail_factories

from playbook.models import PlaybookPage, StrategyGuidePage


class PlaybookPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Playbook {n}")
    definition = "<p>Collective leadership is shared work.</p>"

    class Meta:
        model = PlaybookPage


def guide_section(title="Understanding your team's why"):
    return {
        "title": title,
        "goal": "Establish a theory of action",
        "big_questions": ["What do we believe?"],
        "important_tasks": ["<p>Name the core team.</p>"],
        "graphic_organizer": {"think": "We can lead together."},
        "connect": {"message": "We can help you draft it."},
    }


class StrategyGuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Strategy guide {n}")
    intro = "How to strengthen this condition."
    sections = factory.LazyFunction(lambda: [("section", guide_section())])

    class Meta:
        model = StrategyGuidePage
