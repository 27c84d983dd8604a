from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """Emails owed to people: kept as rows, sent after commit with a lease, retried."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "outbox"
