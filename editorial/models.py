from django.db import models
from wagtail.models import Page


class CheckedLink(models.Model):
    """One link on a live page as `manage.py check_links` last found it (editorial.links)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", "On this site"
        EXTERNAL = "external", "Another website"

    class Status(models.TextChoices):
        OK = "ok", "Works"
        BROKEN = "broken", "Broken"
        REDIRECT = "redirect", "Moved"

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", help_text="The page with the link.")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    target = models.CharField(
        max_length=2000, help_text="The address linked to, or the page, document or image, as “page 42”."
    )
    target_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page linked to, while it exists.",
    )
    status = models.CharField(max_length=8, choices=Status.choices)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=255, blank=True, help_text="Why the link is broken or where it moved.")
    last_checked = models.DateTimeField()

    class Meta:
        verbose_name = "checked link"
        constraints = [models.UniqueConstraint(fields=["page", "target"], name="one_checked_link_per_target")]

    def __str__(self):
        return f"{self.target} on {self.page}"

    @property
    def link(self):
        """The link as an editor knows it: the address, or the title of the page it points at."""
        return self.target_page.title if self.target_page else self.target
