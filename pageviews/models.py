from django.db import models


class PageViewDay(models.Model):
    """The views of one page on one day: a count and nothing else, so nothing about a reader is kept."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "page views on a day"
        verbose_name_plural = "page views"
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="one_count_per_page_and_day")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.page_id} on {self.day}: {self.views}"
