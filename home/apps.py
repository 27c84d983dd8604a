from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page, standard pages and the site's navigation."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home"
