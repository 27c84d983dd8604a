"""Every page model has a factory, and every factory builds a page that renders."""

import pytest
from django.conf import settings
from wagtail.models import get_page_models

from core.page_types import page_types

from . import factories

pytestmark = pytest.mark.django_db


def page_factories():
    return {
        factory._meta.model: factory
        for factory in vars(factories).values()
        if isinstance(factory, type)
        and issubclass(factory, factories.wagtail_factories.PageFactory)
        and factory._meta.model is not None
    }


def test_every_page_model_has_a_factory():
    assert {page_type.model for page_type in page_types()} - set(page_factories()) == set()


def test_every_page_model_of_the_site_declares_its_page_type():
    ours = {model for model in get_page_models() if model.__module__.split(".")[0] in settings.PROJECT_APPS}
    assert ours == {page_type.model for page_type in page_types()}


@pytest.mark.parametrize(
    "model",
    sorted(set(page_factories()) - {factories.HomePage}, key=lambda model: model.__name__),
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
