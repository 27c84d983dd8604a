from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo content, bulk content, benchmarks and audits: tools for developers, built on the apps' factories."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "devtools"
