import pytest
from django.contrib.contenttypes.models import ContentType
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


@pytest.fixture(autouse=True)
def fresh_content_type_cache(request):
    """Transactional tests flush the database between them (and the editor journey restores the demo
    snapshot), so content-type ids cached by an earlier test may name rows that are gone."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        ContentType.objects.clear_cache()


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def demo_page(db):
    """The live demo page of a model: demo_page(CaseStudyPage)."""

    def find(model, **filters):
        return model.objects.live().filter(**filters).order_by("path").first()

    return find
