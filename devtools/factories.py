"""The factories of every app (``<app>/factories.py``), found rather than listed."""

from importlib import import_module

import factory
from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule


def model_factories():
    """{model: factory} for the factories each app in settings.PROJECT_APPS declares in its factories.py."""
    found = {}
    for app in settings.PROJECT_APPS:
        config = apps.get_app_config(app)
        if not module_has_submodule(config.module, "factories"):
            continue
        module = import_module(f"{config.name}.factories")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value.__module__ == module.__name__
            ):
                found[value._meta.model] = value
    return found
