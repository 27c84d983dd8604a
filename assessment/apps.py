from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """The team self-assessment: answers, scores, results and team links."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "assessment"
