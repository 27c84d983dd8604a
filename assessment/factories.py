"""Factories for the self-assessment page."""

import factory
import wagtail_factories

from assessment.models import SelfAssessmentPage


class SelfAssessmentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Self-assessment {n}")
    intro = "<p>Rate your team on each condition.</p>"

    class Meta:
        model = SelfAssessmentPage
