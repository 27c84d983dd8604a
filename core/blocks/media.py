from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from core.models import VideoStill
from core.video import TRANSCRIPT_REQUIRED, has_text, validate_video_url

from .text import INLINE_RICH_TEXT_FEATURES


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


class VideoURLBlock(blocks.URLBlock):
    def clean(self, value):
        value = super().clean(value)
        validate_video_url(value)
        return value


class VideoBlock(blocks.StructBlock):
    # The page shows a link with a poster; the host's player replaces it only when clicked
    # (core/video.py), so there is no third-party request at page load and it works without JavaScript.
    url = VideoURLBlock(
        help_text="A YouTube or Vimeo address. A single video plays on the page; any other address "
        "(a channel, a search) stays a link."
    )
    title = blocks.CharBlock(max_length=160, help_text="Names the video on the page and for screen readers.")
    poster = ImageChooserBlock(required=False, help_text="A still from the video, shown as its preview.")
    caption = blocks.CharBlock(required=False, max_length=250)
    transcript = blocks.RichTextBlock(
        required=False,
        features=INLINE_RICH_TEXT_FEATURES,
        help_text="What is said and shown in the video, for people who cannot watch or hear it.",
    )
    transcript_url = blocks.URLBlock(required=False, help_text="Or a link to the transcript elsewhere.")
    captions_on_host = blocks.BooleanBlock(
        required=False, label="Captions are on the video host", help_text="Tick if the video itself has captions."
    )

    def get_preview_value(self):
        return self.normalize(
            {
                "url": "https://www.youtube.com/watch?v=collective",
                "title": "Two teachers co-teaching a sixth-grade class",
                "poster": library_image(),
                "transcript": "<p>Narrator: Two teachers plan a lesson together, then teach it side by side.</p>",
            }
        )

    def bulk_to_python(self, values):
        """Each video's poster: the editor's, else the host's still once fetched (core/video_stills.py), read
        for every video of the StreamField in one query."""
        videos = super().bulk_to_python(values)
        wanted = {video.get("url") for video in videos if not video.get("poster")}
        stills = {}
        if wanted:
            found = VideoStill.objects.filter(url__in=wanted, image__isnull=False).select_related("image")
            stills = {still.url: still.image for still in found}
        for video in videos:
            video.shown_poster = video.get("poster") or stills.get(video.get("url"))
        return videos

    def clean(self, value):
        value = super().clean(value)
        transcript = value.get("transcript")
        if not has_text(transcript) and not value.get("transcript_url") and not value.get("captions_on_host"):
            raise StructBlockValidationError(block_errors={"transcript": ValidationError(TRANSCRIPT_REQUIRED)})
        return value

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        description = "A video that plays when clicked, with a title, preview image, caption and transcript."
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
