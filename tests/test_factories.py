"""Every page model has a factory in its app, and every factory builds a page that renders."""

import pytest
from django.conf import settings
from wagtail.models import Page, get_page_models

from core.page_types import page_types
from devtools.factories import model_factories
from home.models import HomePage

pytestmark = pytest.mark.django_db


def page_factories():
    return {model: factory for model, factory in model_factories().items() if issubclass(model, Page)}


def test_every_page_model_has_a_factory():
    assert {page_type.model for page_type in page_types()} - set(page_factories()) == set()


def test_each_factory_lives_in_its_models_app():
    misplaced = {
        factory.__name__
        for model, factory in page_factories().items()
        if factory.__module__ != f"{model._meta.app_config.name}.factories"
    }
    assert misplaced == set()


def test_every_page_model_of_the_site_declares_its_page_type():
    ours = {model for model in get_page_models() if model.__module__.split(".")[0] in settings.PROJECT_APPS}
    assert ours == {page_type.model for page_type in page_types()}


@pytest.mark.parametrize(
    "model",
    sorted(set(page_factories()) - {HomePage}, key=lambda model: model.__name__),
    ids=lambda model: model.__name__,
)
def test_every_factory_builds_a_page_that_renders(client, model):
    parent = next(
        page
        for parent_model in model.allowed_parent_page_models()
        for page in parent_model.objects.live().order_by("path")[:1]
    )
    page = page_factories()[model](parent=parent)
    assert client.get(page.url).status_code == 200
