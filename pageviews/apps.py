from django.apps import AppConfig


class PageViewsConfig(AppConfig):
    """How often each page is read, per day: counted without cookies or personal data, shown to staff."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "pageviews"
    verbose_name = "Page views"

    def ready(self):
        import atexit

        from .counting import flush

        atexit.register(flush)  # a worker that stops cleanly keeps what it has counted
