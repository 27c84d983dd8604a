"""Documents must be what their name says: an HTML page renamed .pdf is refused at upload.

Wagtail checks only the extension (WAGTAILDOCS_EXTENSIONS). Documents are also served as
attachments with nosniff and a CSP of "default-src 'none'" (settings: WAGTAILDOCS_*), so even a
file that got through could not run in the site's origin.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

# The bytes each binary format begins with; csv and txt are plain text, served as such.
ZIP = b"PK\x03\x04"
SIGNATURES = {"pdf": b"%PDF-", "docx": ZIP, "pptx": ZIP, "xlsx": ZIP, "odt": ZIP, "rtf": b"{\\rtf"}
# PDF readers accept the header anywhere in the first kilobyte.
HEAD_BYTES = 1024


def check_signature(file):
    extension = Path(file.name).suffix.lower().lstrip(".")
    signature = SIGNATURES.get(extension)
    if signature is None:
        return
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if signature not in head:
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
