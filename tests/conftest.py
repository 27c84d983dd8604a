import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo site, built once per run."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def demo_page(db):
    """The live demo page of a model: demo_page(CaseStudyPage)."""

    def find(model, **filters):
        return model.objects.live().filter(**filters).order_by("path").first()

    return find


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no rate limit counts from earlier tests."""
    cache.clear()
    yield
    cache.clear()


FIGURES = []


@pytest.fixture(scope="session")
def figure():
    """Record a measured figure (docs/security.md); the run prints them all at its end."""

    def record(name, value):
        FIGURES.append(f"{name}: {value}")

    return record


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
