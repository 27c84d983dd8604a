from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    """What guards every request: rate limits, sign-in lockout, security headers, uploads, the fault-tolerant cache, the database-down page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "protection"
