"""Settings every section reads: where to get in touch, the footer, social links, the image for shared links."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    contact_email = models.EmailField(blank=True, help_text="Where form notifications go unless a form sets its own.")
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where every 'Get in touch' button leads.",
    )
    footer_text = RichTextField(blank=True, features=["bold", "italic", "link"])
    facebook_url = models.URLField("Facebook URL", blank=True)
    x_url = models.URLField("X (Twitter) URL", blank=True)
    linkedin_url = models.URLField("LinkedIn URL", blank=True)
    youtube_url = models.URLField("YouTube URL", blank=True)
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a page without a hero image of its own is shared on social media.",
    )

    panels = [
        FieldPanel("contact_email"),
        PageChooserPanel("contact_page"),
        FieldPanel("footer_text"),
        FieldPanel("share_image"),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("x_url"), FieldPanel("linkedin_url"), FieldPanel("youtube_url")],
            heading="Social links",
        ),
    ]

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    @property
    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("X (Twitter)", self.x_url),
            ("LinkedIn", self.linkedin_url),
            ("YouTube", self.youtube_url),
        ]
        return [(name, url) for name, url in links if url]


class VideoStill(models.Model):
    """The host's still of a video that has no poster of its own (core/video_stills.py), or why there is none."""

    url = models.URLField(max_length=500, unique=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=255, blank=True)

    def __str__(self):
        return self.url
