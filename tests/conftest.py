import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo site, built once per run.

    Returns the demo database serialized, for tests on a live server to restore
    once earlier transactional tests have emptied it (tests/test_editor_journey.py).
    """
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)
        return connection.creation.serialize_db_to_string()


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def demo_page(db):
    """The live demo page of a model: demo_page(CaseStudyPage)."""

    def find(model, **filters):
        return model.objects.live().filter(**filters).order_by("path").first()

    return find
