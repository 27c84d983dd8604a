from django.apps import AppConfig


class FormpagesConfig(AppConfig):
    name = "formpages"
    verbose_name = "Form pages"
