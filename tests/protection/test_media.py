"""Uploads under /media/: images and their renditions are served there (public, a day), documents never are.

Only Wagtail's document view (/documents/<id>/<name>) checks a collection's privacy (SECURITY.md trap 11),
so a document in a login-restricted collection must not be reachable at its file's path, under the
settings `make run` uses (runserver, ctqsite.settings.dev) or the ones production uses (gunicorn,
ctqsite.settings.production). SERVE_MEDIA turns the media route off and on.
"""

import http.client
import os
import re
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from devtools.production_server import (
    HOST,
    collect_static,
    database_url,
    free_port,
    production_server,
    stop,
    wait_until_answering,
)
from protection.media import IMAGE_CACHE_CONTROL
from tests.utils import PDF, small_png

RENDITION = "fill-80x60"


@pytest.fixture
def private_document(db):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return Document.objects.create(
        title="Board minutes", file=ContentFile(PDF, name="board-minutes.pdf"), collection=collection
    )


@pytest.fixture
def image(db):
    return Image.objects.create(title="Team", file=ContentFile(small_png(), name="team.png"))


def media_path(file):
    return settings.MEDIA_URL + file.name


def assert_served_as_an_image(response):
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
    assert response.headers["Cache-Control"] == IMAGE_CACHE_CONTROL


def assert_never_public(response):
    assert "public" not in response.headers.get("Cache-Control", "")


# --- The test settings, in process ---------------------------------------------------------------


def test_a_private_document_is_served_only_through_wagtails_view_to_a_signed_in_user(
    client, django_user_model, private_document
):
    assert client.get(media_path(private_document.file)).status_code == 404
    refused = client.get(private_document.url)
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("wagtailcore_login"))
    assert_never_public(refused)

    client.force_login(django_user_model.objects.create_user("board-member", "member@example.org"))
    assert client.get(media_path(private_document.file)).status_code == 404
    served = client.get(private_document.url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert served["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "folder",
    ["images/..", "original_images/..", "images/%2e%2e", "images/./..", "images//.."],
    ids=["images", "original_images", "encoded", "dot", "double-slash"],
)
def test_a_private_document_is_not_reached_through_an_image_folder(client, private_document, folder):
    response = client.get(f"{settings.MEDIA_URL}{folder}/{private_document.file.name}")
    assert response.status_code == 404


def test_images_and_renditions_are_served_from_media_for_a_year(client, image):
    assert_served_as_an_image(client.get(media_path(image.file)))
    assert_served_as_an_image(client.get(image.get_rendition(RENDITION).url))


def test_a_name_freed_by_a_deleted_image_is_never_given_to_a_new_one(client, image, django_capture_on_commit_callbacks):
    """Browsers keep an image a year, so a new picture under a freed name would show them the old one."""
    old_image, old_rendition = image.file.name, image.get_rendition(RENDITION).file.name
    assert re.fullmatch(r"original_images/team_\w{7}\.png", old_image)
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes the files once committed
        image.delete()
    assert not default_storage.exists(old_image) and not default_storage.exists(old_rendition)

    again = Image.objects.create(title="Team", file=ContentFile(small_png(), name="team.png"))
    assert again.file.name != old_image and again.get_rendition(RENDITION).file.name != old_rendition
    assert client.get(settings.MEDIA_URL + old_image).status_code == 404


# --- SERVE_MEDIA, as each environment reads it -----------------------------------------------------

SETTINGS_PROBE = "from django.conf import settings; print(settings.SERVE_MEDIA, settings.WAGTAILDOCS_SERVE_METHOD)"


def read_settings(module, **env):
    environment = {
        key: value for key, value in os.environ.items() if key != "SERVE_MEDIA" and not key.startswith("AWS_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=module, SECRET_KEY="probe-" + "k3y" * 20, ALLOWED_HOSTS="www.example.org", **env
    )
    return subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "module, env, expected",
    [
        ("ctqsite.settings.dev", {}, "True serve_view"),  # make run
        ("ctqsite.settings.production", {}, "True serve_view"),  # make serve, one machine with nothing in front
        ("ctqsite.settings.dev", {"SERVE_MEDIA": "0"}, "False serve_view"),
        ("ctqsite.settings.production", {"SERVE_MEDIA": "0"}, "False serve_view"),  # a web server serves /media/
        ("ctqsite.settings.production", {"SERVE_MEDIA": "1"}, "True serve_view"),
        # On S3 the app has no files to serve; documents still go through Wagtail's view, never a bucket URL.
        ("ctqsite.settings.production", {"AWS_STORAGE_BUCKET_NAME": "ctq-media"}, "False serve_view"),
    ],
    ids=["dev", "production", "dev-0", "production-0", "production-1", "s3"],
)
def test_serve_media_follows_its_environment_variable(module, env, expected):
    probe = read_settings(module, **env)
    assert probe.returncode == 0, probe.stderr[-2000:]
    assert probe.stdout.strip() == expected


def test_serve_media_on_s3_is_refused_with_a_reason():
    probe = read_settings("ctqsite.settings.production", SERVE_MEDIA="1", AWS_STORAGE_BUCKET_NAME="ctq-media")
    assert probe.returncode != 0
    assert "SERVE_MEDIA serves files from MEDIA_ROOT, but uploads are on S3 here" in probe.stderr


# --- Real servers: `make run`'s and production's --------------------------------------------------


@contextmanager
def development_server(**env):
    """runserver with ctqsite.settings.dev, as `make run` starts it, on the test database; yields its base URL."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="ctqsite-runserver-") as tmp:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ctqsite.settings.dev",
            "DATABASE_URL": database_url(connection.settings_dict),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PAGE_CACHE_DIR": str(Path(tmp) / "page-cache"),
            "REDIS_URL": "",
            **env,
        }
        log_path = Path(tmp) / "runserver.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"{HOST}:{port}"],
                cwd=settings.BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                base_url = f"http://{HOST}:{port}"
                wait_until_answering(process, base_url + "/", log_path)
                yield base_url
            finally:
                stop(process)


def raw_status(base_url, path):
    """The answer to path exactly as written: requests would take its dot segments out first."""
    address = urlsplit(base_url)
    http_connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        http_connection.request("GET", path)
        return http_connection.getresponse().status
    finally:
        http_connection.close()


@pytest.fixture(scope="module")
def static_root(django_db_setup):
    with tempfile.TemporaryDirectory(prefix="ctqsite-media-static-") as tmp:
        collect_static(Path(tmp))
        yield Path(tmp)


SERVERS = {
    "make-run": lambda static_root, **env: development_server(**env),
    "production": lambda static_root, **env: production_server(1, free_port(), "/", static_root, REDIS_URL="", **env),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "server, env, images_served",
    [("make-run", {}, True), ("production", {}, True), ("production", {"SERVE_MEDIA": "0"}, False)],
    ids=["make-run", "production", "production-SERVE_MEDIA=0"],
)
def test_a_real_server_never_serves_a_private_document_from_media(
    committed_demo_site, static_root, server, env, images_served, figure
):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = Document.objects.create(
        title="Minutes", file=ContentFile(PDF, name="minutes.pdf"), collection=collection
    )
    team = Image.objects.create(title="Team", file=ContentFile(small_png(), name="team.png"))
    rendition = team.get_rendition(RENDITION)

    with SERVERS[server](static_root, **env) as base_url:
        session = requests.Session()
        session.trust_env = False  # loopback only

        def get(path):
            return session.get(base_url + path, timeout=30, allow_redirects=False)

        at_media = get(media_path(document.file))
        assert at_media.status_code == 404 and PDF not in at_media.content
        assert raw_status(base_url, f"{settings.MEDIA_URL}images/../{document.file.name}") == 404
        through_wagtail = get(document.url)
        assert through_wagtail.status_code == 302 and PDF not in through_wagtail.content
        assert_never_public(through_wagtail)
        if images_served:
            assert_served_as_an_image(get(media_path(team.file)))
            assert_served_as_an_image(get(rendition.url))
        else:
            assert get(media_path(team.file)).status_code == get(rendition.url).status_code == 404
    figure(
        f"private document at /media/documents/ ({server}{', SERVE_MEDIA=0' if env else ''})",
        f"{at_media.status_code}; /documents/<id>/<name> {through_wagtail.status_code} to the login; "
        f"image and rendition {'200, ' + IMAGE_CACHE_CONTROL if images_served else '404'}",
    )
