from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    """The site's shared vocabulary: system conditions, people and districts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "taxonomy"
