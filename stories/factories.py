"""Factories for school stories and the roundtable."""

import datetime

import factory
import wagtail_factories

from core.factories import paragraph
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostAuthor, RoundtablePostPage, StoryIndexPage
from taxonomy.factories import PersonFactory


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Stories {n}")

    class Meta:
        model = StoryIndexPage


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Case study {n}")
    summary = "How one school shared leadership."
    school = "Example Elementary"
    state = "SC"
    body = factory.LazyFunction(paragraph)

    class Meta:
        model = CaseStudyPage


class RoundtableIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Roundtable {n}")
    intro = "<p>A series of posts.</p>"
    hashtag = "#TestCollab"

    class Meta:
        model = RoundtableIndexPage


class RoundtablePostPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Roundtable post {n}")
    date = factory.Sequence(lambda n: datetime.date(2019, 3, 1) + datetime.timedelta(days=n))
    intro = "An opening paragraph."
    body = factory.LazyFunction(paragraph)
    authors = factory.LazyFunction(lambda: [RoundtablePostAuthor(person=PersonFactory(), sort_order=0)])

    class Meta:
        model = RoundtablePostPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        # Tag names: the tag manager is no constructor argument, and it saves with the page.
        if extracted:
            obj.tags.set(extracted)
            if create:
                obj.save()
