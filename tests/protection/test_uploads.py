"""Uploads: images over the size or pixel limits, decompression bombs and SVG are refused with a
message; documents must be what their extension says, and are always served as downloads that
cannot run in the site's origin."""

import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection

from tests.utils import PDF, small_image, small_png

pytestmark = pytest.mark.django_db


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def blank_png(width, height):
    """A real, complete one-bit PNG of blank rows: megapixels that compress to kilobytes."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    compressor, body = zlib.compressobj(9), []
    for _ in range(height):
        body.append(compressor.compress(row))
    body.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", b"".join(body)) + png_chunk(b"IEND", b"")
    )


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "description": f"Test picture {name}",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_images(client, name, content, description="A test picture"):
    """The admin's multiple uploader (drag and drop): one file per request, answered in JSON.

    A file that passes waits as an upload until its details (alt text is required) are sent
    from the form the uploader shows beside it; that second post makes the image.
    """
    collection = Collection.get_first_root_node().pk
    xhr = {"x-requested-with": "XMLHttpRequest"}
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content), "collection": collection},
        headers=xhr,
    )
    upload_id = response.json().get("uploaded_file_id")
    if upload_id is None:
        return response
    prefix = f"uploaded-image-{upload_id}"
    return client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]),
        {f"{prefix}-title": name, f"{prefix}-description": description, f"{prefix}-collection": collection},
        headers=xhr,
    )


def upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_an_ordinary_image_is_accepted(admin_client):
    response = upload_image(admin_client, "team.png", small_png())
    assert response.status_code == 302
    assert WagtailImage.objects.filter(title="team.png").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("129-megapixels.png", lambda: blank_png(11_400, 11_400), "This file has too many pixels (129960000)"),
        ("bomb.png", lambda: blank_png(20_000, 20_000), "This file has too many pixels"),
        (
            "drawing.svg",
            lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Not a supported image format",
        ),
        ("huge.png", lambda: small_png() + b"\x00" * (10 * 1024 * 1024), "This file is too big"),
        ("page.png", lambda: b"<html><script>alert(1)</script></html>", "Not a valid .png image"),
    ],
    ids=["129-megapixels", "decompression-bomb", "svg-with-script", "over-10-MB", "html-renamed-png"],
)
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's, before Wagtail refuses it
def test_dangerous_or_oversized_images_are_refused_with_a_message(admin_client, name, content, message):
    response = upload_image(admin_client, name, content())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WagtailImage.objects.filter(title=name).exists()


# A real file's opening bytes (its signature and first header: the size, the colours) and then an HTML page.
HEADERS = {"gif": ("GIF", 13), "png": ("PNG", 33), "jpg": ("JPEG", 20), "webp": ("WEBP", 20), "avif": ("AVIF", 32)}
PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def header_then_html(extension):
    image_format, length = HEADERS[extension]
    return small_image(image_format)[:length] + PAGE


@pytest.mark.parametrize("extension", list(HEADERS))
def test_an_image_header_followed_by_html_is_a_form_error_in_both_uploaders(admin_client, extension, figure):
    name = f"header-then-html.{extension}"
    single = upload_image(admin_client, name, header_then_html(extension))
    assert single.status_code == 200 and "Upload a valid image." in single.content.decode()
    multiple = upload_images(admin_client, name, header_then_html(extension))
    assert multiple.status_code == 200
    assert multiple.json()["success"] is False and "Upload a valid image." in multiple.json()["error_message"]
    assert not WagtailImage.objects.filter(title=name).exists()
    figure(
        f"{HEADERS[extension][0]} header followed by HTML, uploaded",
        "a form error on /admin/images/add/ and /admin/images/multiple/add/ (200), 0 images saved, 0 server errors",
    )


def test_replacing_an_image_with_a_header_followed_by_html_keeps_the_old_file(admin_client):
    image = WagtailImage.objects.create(title="Team", file=ContentFile(small_png(), name="team.png"))
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Team",
            "file": SimpleUploadedFile("team.png", header_then_html("png")),
            "collection": image.collection_id,
        },
    )
    assert response.status_code == 200 and "Upload a valid image." in response.content.decode()
    image.refresh_from_db()
    image.file.open()
    assert image.file.read() == small_png()


@pytest.mark.parametrize("extension", list(HEADERS))
def test_real_images_of_every_format_are_accepted_by_both_uploaders(admin_client, extension):
    image_format = HEADERS[extension][0]
    assert upload_image(admin_client, f"single.{extension}", small_image(image_format)).status_code == 302
    assert upload_images(admin_client, f"multiple.{extension}", small_image(image_format)).json()["success"] is True
    assert WagtailImage.objects.filter(title__in=[f"single.{extension}", f"multiple.{extension}"]).count() == 2


def test_no_image_is_saved_without_alt_text_in_either_uploader(admin_client):
    single = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "team.png",
            "file": SimpleUploadedFile("team.png", small_png()),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert single.status_code == 200
    assert "description" in single.context["form"].errors
    assert "Alt text" in single.content.decode()
    assert upload_images(admin_client, "second.png", small_png(), description="").json()["success"] is False
    assert not WagtailImage.objects.filter(title__in=["team.png", "second.png"]).exists()

    assert upload_images(admin_client, "second.png", small_png(), description="Two teachers at a whiteboard").json()[
        "success"
    ]
    assert WagtailImage.objects.get(title="second.png").default_alt_text == "Two teachers at a whiteboard"


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def test_a_real_pdf_is_accepted(admin_client):
    assert upload_document(admin_client, "guide.pdf", PDF).status_code == 302
    assert Document.objects.filter(title="guide.pdf").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("guide.pdf", HTML, "This file&#x27;s name ends in .pdf, but it is not a PDF file."),
        ("notes.docx", HTML, "This file&#x27;s name ends in .docx, but it is not a DOCX file."),
        # The signature must open the file: an HTML page that carries it further in is still HTML.
        ("guide.pdf", HTML + b"%PDF-1.4\n", "This file&#x27;s name ends in .pdf, but it is not a PDF file."),
        ("notes.docx", HTML + b"PK\x03\x04", "This file&#x27;s name ends in .docx, but it is not a DOCX file."),
        ("page.html", HTML, "File extension “html” is not allowed."),
        ("drawing.svg", b"<svg/>", "File extension “svg” is not allowed."),
    ],
    ids=[
        "html-renamed-pdf",
        "html-renamed-docx",
        "pdf-signature-after-html",
        "zip-signature-after-html",
        "html",
        "svg",
    ],
)
def test_documents_that_are_not_what_their_name_says_are_refused(admin_client, name, content, message):
    response = upload_document(admin_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.filter(title=name).exists()


def test_replacing_a_document_checks_the_new_file_too(admin_client):
    document = Document.objects.create(title="Guide", file=ContentFile(PDF, name="guide.pdf"))
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Guide",
            "file": SimpleUploadedFile("guide.pdf", HTML),
            "collection": document.collection_id,
        },
    )
    assert response.status_code == 200 and "it is not a PDF file" in response.content.decode()
    document.file.open()
    assert document.file.read() == PDF


@pytest.mark.parametrize("name, content", [("guide.pdf", PDF), ("sneaky.pdf", HTML), ("notes.txt", HTML)])
def test_documents_are_served_as_downloads_that_cannot_run_in_the_site_origin(client, name, content):
    # Created directly: a file from before the upload check, or one that passes it, is served safely too.
    document = Document.objects.create(title=name, file=ContentFile(content, name=name))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "text/html" not in response["Content-Type"]
