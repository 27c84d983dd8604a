from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every section uses: page mixins and the page-type protocol, blocks, SEO, images, listings, site settings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Site"

    def ready(self):
        # Imported once the app registry is ready, as Django's checks and signals are.
        from . import export, site_url  # noqa: F401 - site_url registers its system check

        # Every spreadsheet the admin hands out, Wagtail's own included (see core/export.py).
        export.make_every_export_formula_safe()

        from wagtail.signals import page_published

        from .video_stills import queue_stills

        page_published.connect(queue_stills, dispatch_uid="core_video_stills")
