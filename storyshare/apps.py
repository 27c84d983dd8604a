from django.apps import AppConfig


class StoryshareConfig(AppConfig):
    name = "storyshare"
    verbose_name = "Shared school stories"

    def ready(self):
        from . import signals  # noqa: F401 - connects the "your story is live" email to publishing
