from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Who may do what in the admin: the roles, the review workflow and what each role sees."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "Editorial roles and review"
