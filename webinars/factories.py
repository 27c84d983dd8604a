"""Factories for webinars and their series."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from webinars.models import WebinarIndexPage, WebinarPage, WebinarSeries


class WebinarSeriesFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")

    class Meta:
        model = WebinarSeries


class WebinarIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Webinars {n}")

    class Meta:
        model = WebinarIndexPage


class WebinarPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Webinar {n}")
    series = factory.SubFactory(WebinarSeriesFactory)
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    duration_minutes = 60
    summary = "A session on shared leadership."
    description = "<p>What we will cover.</p>"

    class Meta:
        model = WebinarPage
