from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Email subscriptions: readers follow the roundtable, school stories or webinars, at once or weekly."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "subscriptions"

    def ready(self):
        from . import signals

        signals.connect()
