"""Factories for the home page and standard pages."""

import factory
import wagtail_factories

from core.factories import paragraph
from home.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Home {n}")
    intro = "<p>Welcome.</p>"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    body = factory.LazyFunction(paragraph)

    class Meta:
        model = StandardPage
