"""Factories for the shared vocabulary: people, districts, system conditions and their statements."""

import factory

from taxonomy.models import AssessmentStatement, District, Person, SystemCondition


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


class AssessmentStatementFactory(factory.django.DjangoModelFactory):
    condition = factory.SubFactory(SystemConditionFactory)
    text = factory.Sequence(lambda n: f"Statement {n}: we plan together.")
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = AssessmentStatement
