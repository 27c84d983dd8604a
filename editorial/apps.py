from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Who may do what in the admin: the roles, the review workflow and what each role sees."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "Editorial roles and review"

    def ready(self):
        from ctqsite.export import make_every_export_formula_safe

        # Every spreadsheet the admin hands out, Wagtail's own included (see ctqsite/export.py).
        make_every_export_formula_safe()
