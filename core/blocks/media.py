from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock


def library_image():
    """Block-picker previews show a real image from the library (none yet: the block without one)."""
    return get_image_model().objects.order_by("pk").first()


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Describe the image for people who cannot see it. Leave blank to use the image's own description.",
    )
    decorative = blocks.BooleanBlock(
        required=False, help_text="Tick if the image adds nothing to the text; screen readers will skip it."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    def get_preview_value(self):
        return self.normalize({"image": library_image(), "caption": "Teachers planning a unit together"})

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if image and not value.get("decorative") and not value.get("alt_text") and not image.description.strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        "Describe the image here, or tick 'decorative': it has no alt text yet."
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        image = value.get("image")
        if value.get("decorative"):
            context["alt"] = ""
        else:
            context["alt"] = value.get("alt_text") or (image.default_alt_text if image else "")
        return context

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "An image with alt text and an optional caption."
        group = "Media"


VIDEO_HOSTS = ("youtube.com", "www.youtube.com", "youtu.be", "vimeo.com", "player.vimeo.com")


def validate_video_url(url):
    """Videos link out to the hosts we allow; the page itself loads nothing from them."""
    if url and urlsplit(url).hostname not in VIDEO_HOSTS:
        raise ValidationError("Use a YouTube or Vimeo address.")


class VideoURLBlock(blocks.URLBlock):
    def clean(self, value):
        value = super().clean(value)
        validate_video_url(value)
        return value


class VideoBlock(blocks.StructBlock):
    # A link with a poster rather than an embedded player: no third-party
    # request at page load, and it works without JavaScript.
    url = VideoURLBlock(help_text="A YouTube or Vimeo address.")
    title = blocks.CharBlock(max_length=160, help_text="Names the video on the page and for screen readers.")
    poster = ImageChooserBlock(required=False, help_text="A still from the video, shown as its preview.")
    caption = blocks.CharBlock(required=False, max_length=250)
    transcript_url = blocks.URLBlock(required=False, help_text="A link to the transcript, if there is one.")

    def get_preview_value(self):
        return self.normalize(
            {
                "url": "https://www.youtube.com/watch?v=collective",
                "title": "Two teachers co-teaching a sixth-grade class",
                "poster": library_image(),
            }
        )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        description = "A video link with a title, preview image, caption and transcript link."
        group = "Media"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(required=False, max_length=120, help_text="Link text; defaults to the document's title.")

    def get_preview_value(self):
        return self.normalize({"document": get_document_model().objects.order_by("pk").first()})

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"
        description = "A download link to a document, with its type and size."
        group = "Media"
