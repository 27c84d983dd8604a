"""Media on S3-compatible storage (protection/storage.py), against a real S3 endpoint: moto's server on
loopback, which the site talks to through boto3 exactly as to AWS or MinIO.

The bucket has the policy of docs/deploy.md: anyone may read images/ and original_images/, nobody
documents/. Images and renditions are read from the bucket with a year's Cache-Control under names
never used twice; a private document is refused at its bucket address and reaches only a reader
allowed to see it, through Wagtail's view; two instances share one bucket and one database.
Skipped only where moto is not installed or its server does not start; under CI (CI=true) that fails instead.
"""

import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import boto3
import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from ctqsite.settings.base import media_storage
from devtools.production_server import HOST, collect_static, free_port, production_server, stop
from editorial.factories import user_in_role
from editorial.roles import EDITORS
from protection.storage import IMAGE_CACHE_CONTROL
from tests.protection.test_multi_instance import TOKEN, fetch, new_session, post_form
from tests.utils import PDF, make_user, small_png

REGION = "us-east-1"
# moto accepts any credentials; boto3 signs with these, read from the environment as in production.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "ctq-test", "AWS_SECRET_ACCESS_KEY": "ctq-test-secret"}
RENDITION = "fill-80x60"
PASSWORD = "a long enough password for the admin 42"


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(reason + ": CI must run the object storage tests")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free loopback port, waited for by polling it; its address."""
    if importlib.util.find_spec("moto") is None:
        unavailable("moto is not installed (pip install -e '.[test]')")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoint = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(endpoint + "/moto-api/", timeout=5)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    unavailable(f"moto's server did not start on {endpoint}")
                time.sleep(0.1)
        yield endpoint
    finally:
        stop(process)


def public_images_policy(bucket):
    """The bucket policy of docs/deploy.md."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicImagesOnly",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [f"arn:aws:s3:::{bucket}/images/*", f"arn:aws:s3:::{bucket}/original_images/*"],
                }
            ],
        }
    )


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    """A new bucket with the deployed policy; this process's uploads go there (STORAGES as base.py builds it)."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    name = f"ctq-media-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=public_images_policy(name))
    storages = {
        "default": media_storage(name, endpoint_url=s3_endpoint, region=REGION),
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield name


def anonymous_get(url):
    """A GET as a browser makes it: no credentials, no signature."""
    return requests.get(url, timeout=30)


def upload_image_as(client, title, name):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "description": f"{title}, for the alt text",
            "file": SimpleUploadedFile(name, small_png()),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


def assert_an_image_cached_for_a_year(response):
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
    assert response.headers["Cache-Control"] == IMAGE_CACHE_CONTROL


def test_an_image_uploaded_by_an_editor_and_its_renditions_are_served_from_the_bucket(
    db, client, bucket, s3_endpoint, figure
):
    client.force_login(user_in_role(EDITORS))
    response = upload_image_as(client, "Leadership team", "team.png")
    assert response.status_code == 302, response.content[:2000]
    image = Image.objects.get(title="Leadership team")
    rendition = image.get_rendition(RENDITION)

    # Each name carries a random part: team_<7 characters>.png, never team.png.
    assert re.fullmatch(r"original_images/team_\w{7}\.png", image.file.name)
    for url in (image.file.url, rendition.url):
        assert url.startswith(f"{s3_endpoint}/{bucket}/") and "Signature" not in url
        assert_an_image_cached_for_a_year(anonymous_get(url))
    assert anonymous_get(rendition.url).content == rendition.file.read()
    figure(
        "image and rendition on S3 (moto)",
        f"200 from the bucket, unsigned URL, Cache-Control: {IMAGE_CACHE_CONTROL}",
    )


def test_an_image_file_replaced_or_uploaded_again_never_takes_an_old_name(db, client, bucket):
    """A year's cache is right only if no name ever holds two pictures, even after a file is deleted."""
    client.force_login(user_in_role(EDITORS))
    upload_image_as(client, "Staff meeting", "meeting.png")
    image = Image.objects.get(title="Staff meeting")
    first_original, first_rendition = image.file.name, image.get_rendition(RENDITION).file.name

    for _ in range(2):  # the second replacement comes after the first file was deleted
        replaced = client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {
                "title": "Staff meeting",
                "description": "Staff meeting, for the alt text",
                "file": SimpleUploadedFile("meeting.png", small_png()),
                "collection": image.collection_id,
            },
        )
        assert replaced.status_code == 302, replaced.content[:2000]
    image.refresh_from_db()
    assert image.file.name != first_original
    assert image.get_rendition(RENDITION).file.name != first_rendition
    assert anonymous_get(image.file.storage.url(first_original)).status_code in {403, 404}


def test_a_private_document_is_refused_at_its_bucket_address_and_served_through_wagtail_to_an_allowed_reader(
    db, client, bucket, s3_endpoint, figure
):
    client.force_login(user_in_role(EDITORS))
    collection = private_collection()
    uploaded = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Board minutes", "file": SimpleUploadedFile("board-minutes.pdf", PDF), "collection": collection.pk},
    )
    assert uploaded.status_code == 302, uploaded.content[:2000]
    document = Document.objects.get(title="Board minutes")
    assert document.file.name == "documents/board-minutes.pdf"  # documents keep the name their readers see

    # The site never links the bucket for a document, and the bucket refuses a reader without credentials.
    assert not document.url.startswith(s3_endpoint)
    at_bucket = anonymous_get(f"{s3_endpoint}/{bucket}/{document.file.name}")
    assert at_bucket.status_code == 403 and PDF not in at_bucket.content

    client.logout()
    refused = client.get(document.url)
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("wagtailcore_login"))

    client.force_login(make_user("board-member"))
    served = client.get(document.url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert served["Cache-Control"] == "private, no-store"
    figure(
        "private document on S3 (moto)",
        f"bucket address {at_bucket.status_code} without credentials; /documents/<id>/<name> 302 to the login, "
        "200 through Wagtail's view once signed in",
    )


def test_the_production_settings_point_media_and_the_csp_at_the_bucket(s3_endpoint):
    probe = (
        "from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND'], settings.SERVE_MEDIA, settings.WAGTAILDOCS_SERVE_METHOD); "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']); "
        "print(settings.ADMIN_CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "ctqsite.settings.production",
        "SECRET_KEY": "probe-" + "k3y" * 20,
        "ALLOWED_HOSTS": "www.example.org",
        "AWS_STORAGE_BUCKET_NAME": "ctq-media",
    }
    origins = {
        f"{s3_endpoint}/": s3_endpoint,  # MinIO, R2 or moto: the endpoint, path-style
        "": "https://ctq-media.s3.amazonaws.com",  # AWS itself
    }
    for endpoint, origin in origins.items():
        for custom_domain, expected in ((None, origin), ("media.example.org", "https://media.example.org")):
            extra = {
                "AWS_S3_ENDPOINT_URL": endpoint,
                **({"AWS_S3_CUSTOM_DOMAIN": custom_domain} if custom_domain else {}),
            }
            result = subprocess.run(
                [sys.executable, "-c", probe],
                cwd=Path(__file__).resolve().parents[2], env={**env, **extra}, capture_output=True, text=True,
                timeout=60, check=False,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr[-2000:]
            storage, site_images, admin_images = result.stdout.splitlines()
            assert storage == "protection.storage.MediaStorage False serve_view"
            assert expected in site_images and expected in admin_images


# --- Two instances, one bucket ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_instances_share_one_bucket(bucket, s3_endpoint, figure, committed_demo_site):
    """An image uploaded through instance A is shown, resized, by instance B; a private document uploaded
    through B is served by A to a signed-in reader; neither instance keeps a file of its own."""
    admin = get_user_model().objects.create_superuser("storage-admin", "admin@example.org")
    hasher = PBKDF2PasswordHasher()  # production does not know the test settings' fast hasher
    admin.password = hasher.encode(PASSWORD, hasher.salt())
    admin.save()
    collection = private_collection()

    with tempfile.TemporaryDirectory(prefix="object-storage-") as tmp:
        static_root = Path(tmp) / "static"
        collect_static(static_root)
        env = {
            **CREDENTIALS,
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": REGION,
            # No media folder at all: anything written to disk would fail the test.
            "MEDIA_ROOT": str(Path(tmp) / "no-media-here"),
            "REDIS_URL": "",
            # One key for every instance, as deployed: a session signed in on one is valid on the other.
            "SECRET_KEY": secrets.token_urlsafe(64),
        }
        with (
            production_server(1, free_port(), "/health/", static_root, **env) as instance_a,
            production_server(1, free_port(), "/health/", static_root, **env) as instance_b,
        ):
            editor = new_session()
            signed_in = post_form(
                editor, f"{instance_a}/admin/login/", {"username": "storage-admin", "password": PASSWORD}
            )
            assert signed_in.status_code == 302

            token = TOKEN.search(fetch(editor, f"{instance_a}/admin/images/add/").text)
            uploaded = editor.post(
                f"{instance_a}/admin/images/add/",
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "title": "School visit",
                    "description": "Teachers planning together",
                    "collection": Collection.get_first_root_node().pk,
                },
                files={"file": ("visit.png", small_png(), "image/png")},
                timeout=30,
                allow_redirects=False,
            )
            assert uploaded.status_code == 302, uploaded.text[:2000]
            image = Image.objects.get(title="School visit")

            # Instance B (the same session: it lives in the shared database) resizes A's upload for its editor.
            edit_page = fetch(editor, f"{instance_b}/admin/images/{image.pk}/")
            assert edit_page.status_code == 200
            shown = re.findall(rf'src="({re.escape(s3_endpoint)}/{bucket}/images/[^"]+)"', edit_page.text)
            assert shown, "instance B shows no rendition from the bucket"
            assert_an_image_cached_for_a_year(anonymous_get(shown[0]))
            assert s3_endpoint in edit_page.headers["Content-Security-Policy"]

            token = TOKEN.search(fetch(editor, f"{instance_b}/admin/documents/add/").text)
            document_upload = editor.post(
                f"{instance_b}/admin/documents/add/",
                data={"csrfmiddlewaretoken": token.group(1), "title": "Minutes", "collection": collection.pk},
                files={"file": ("minutes.pdf", PDF, "application/pdf")},
                timeout=30,
                allow_redirects=False,
            )
            assert document_upload.status_code == 302, document_upload.text[:2000]
            document = Document.objects.get(title="Minutes")

            visitor = new_session()
            assert fetch(visitor, instance_a + document.url).status_code == 302  # to the login
            served = fetch(editor, instance_a + document.url)
            assert served.status_code == 200 and served.content == PDF
        assert not (Path(tmp) / "no-media-here").exists()
    figure(
        "two instances, one bucket (moto)",
        "image uploaded through A resized and shown by B from the bucket; private document uploaded through B "
        "served by A to a signed-in reader, 302 to the login for a visitor; 0 files on the instances' disks",
    )
