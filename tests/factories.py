"""Factories for every page model and snippet (tests/test_factories.py checks none is missing)."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from assessment.models import SelfAssessmentPage
from formpages.models import FormField, FormPage
from home.models import HomePage, StandardPage
from playbook.models import PlaybookPage, StrategyGuidePage
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostAuthor, RoundtablePostPage, StoryIndexPage
from taxonomy.models import AssessmentStatement, District, Person, SystemCondition
from webinars.models import WebinarIndexPage, WebinarPage, WebinarSeries


def paragraph(text="Teachers and leaders decided together."):
    return [("paragraph", f"<p>{text}</p>")]


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Test image {n}")
    description = factory.LazyAttribute(lambda o: f"Alt text for {o.title}")


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Teacher leader"
    organisation = "Example School District"
    bio = "Leads a team of teachers."

    class Meta:
        model = Person


class DistrictFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"District {n}")
    acronym = factory.Sequence(lambda n: f"D{n}")
    state = "CA"

    class Meta:
        model = District


class SystemConditionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    short_description = "What the condition means."
    sort_order = factory.Sequence(lambda n: 100 + n)

    class Meta:
        model = SystemCondition


class WebinarSeriesFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")

    class Meta:
        model = WebinarSeries


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

    class Meta:
        model = RoundtablePostPage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        people = extracted if extracted is not None else [PersonFactory()]
        obj.authors = [RoundtablePostAuthor(person=person, sort_order=i) for i, person in enumerate(people)]
        if create:
            obj.save()


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


class AssessmentStatementFactory(factory.django.DjangoModelFactory):
    condition = factory.SubFactory(SystemConditionFactory)
    text = factory.Sequence(lambda n: f"Statement {n}: we plan together.")
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = AssessmentStatement


class SelfAssessmentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Self-assessment {n}")
    intro = "<p>Rate your team on each condition.</p>"

    class Meta:
        model = SelfAssessmentPage


class FormPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Form {n}")
    to_address = "staff@example.org"
    from_address = "site@example.org"
    subject = "New submission"

    class Meta:
        model = FormPage
        skip_postgeneration_save = True

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):
        obj.form_fields = [
            FormField(label="Your name", field_type="singleline", required=True, sort_order=0),
            FormField(label="Email", field_type="email", required=True, sort_order=1),
        ]
        if create:
            obj.save()


def user_in_role(role, username=None, password="a-test-password"):
    """A user in one of the roles editorial's migration creates, with an email so review emails reach them."""
    username = username or role.lower().replace(" ", "-")
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    user.groups.add(Group.objects.get(name=role))
    return user
