"""Uploads must be what their name says: an HTML page renamed .pdf is refused, and so is a file
that only starts like an image.

Wagtail checks only a document's extension (WAGTAILDOCS_EXTENSIONS). Documents are also served as
attachments with nosniff and a CSP of "default-src 'none'" (settings: WAGTAILDOCS_*), so even a
file that got through could not run in the site's origin.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# The bytes each binary format begins with; csv and txt are plain text, served as such.
# At the very start: ISO 32000 puts "%PDF-" on a PDF's first line, and every writer puts it at byte 0.
# Acrobat's leniency (anywhere in the first 1024 bytes) is only room for a page in front of it.
ZIP = b"PK\x03\x04"
SIGNATURES = {"pdf": b"%PDF-", "docx": ZIP, "pptx": ZIP, "xlsx": ZIP, "odt": ZIP, "rtf": b"{\\rtf"}


def check_signature(file):
    extension = Path(file.name).suffix.lower().lstrip(".")
    signature = SIGNATURES.get(extension)
    if signature is None:
        return
    file.seek(0)
    head = file.read(len(signature))
    file.seek(0)
    if head != signature:
        raise ValidationError(
            f"This file's name ends in .{extension}, but it is not a {extension.upper()} file. "
            "Save it from the program that made it and upload it again."
        )


class DocumentForm(BaseDocumentForm):
    """settings.WAGTAILDOCS_DOCUMENT_FORM_BASE: every document upload and replacement."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            check_signature(file)
        return file


class ImageFileField(WagtailImageField):
    """Wagtail's image field, with a file that only starts like an image refused as not an image.

    Wagtail recognises the format from the first bytes and checks only that opening inside its own
    try; Pillow decodes the file later (for its size), and a broken file raised there was a 500.
    """

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # whatever Pillow raises on a damaged file, as in Wagtail's own try
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error


class ImageForm(BaseImageForm):
    """settings.WAGTAILIMAGES_IMAGE_FORM_BASE: adding, replacing and the multiple uploader."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail makes the field itself (wagtail.images.forms.formfield_for_dbfield), so it is swapped here;
        # the multiple uploader's edit form has no file field.
        if "file" in self.fields:
            field = self.fields["file"]
            self.fields["file"] = ImageFileField(label=field.label, widget=field.widget)
        # Every image's alt text wherever it appears without alt text of its own (heroes, cards in
        # feeds, rich text): required, so no image goes live described by its file name.
        if "description" in self.fields:
            self.fields["description"].required = True
            self.fields["description"].label = "Alt text"
            self.fields[
                "description"
            ].help_text = "Describe the image for someone who cannot see it, e.g. 'Three teachers planning at a table'."
