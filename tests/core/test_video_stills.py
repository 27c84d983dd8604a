"""Issue 18: a video without a poster gets its host's still, fetched once after the page is published,
outside the request, from the allowed hosts only (here a local server standing in for YouTube)."""

import http.server
import io
import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from core.factories import ImageFactory
from core.models import VideoStill
from core.video_stills import COLLECTION
from home.factories import StandardPageFactory
from tests.core.test_video import video

pytestmark = pytest.mark.django_db


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (480, 360), (11, 89, 99)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def host(settings):
    """oEmbed and thumbnails as YouTube answers them; ``asked`` lists every path requested."""
    asked, answers = [], {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            status, kind, body = answers.get(self.path.split("?")[0], (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    answers["/oembed"] = (200, "application/json", json.dumps({"thumbnail_url": f"{base}/vi/hq.jpg"}).encode())
    answers["/vi/hq.jpg"] = (200, "image/jpeg", jpeg())
    settings.VIDEO_OEMBED_ENDPOINTS = {"youtube": f"{base}/oembed", "vimeo": f"{base}/oembed"}
    settings.VIDEO_STILL_HOSTS = ("127.0.0.1",)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield type("Host", (), {"asked": asked, "answers": answers, "base": base})
    server.shutdown()


def publish(home_page, django_capture_on_commit_callbacks, *videos, page=None):
    body = json.dumps([{"type": "video", "value": value} for value in videos])
    if page is None:
        page = StandardPageFactory(parent=home_page, body=body, live=False)
    else:
        page.body = body
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


def test_a_published_video_without_a_poster_shows_its_hosts_still(
    client, home_page, host, django_capture_on_commit_callbacks
):
    page = publish(home_page, django_capture_on_commit_callbacks, video())

    still = VideoStill.objects.get(url=video()["url"])
    assert still.image is not None and still.failure == ""
    assert still.image.collection.name == COLLECTION
    assert still.image.description == "A still from the video “Co-teaching in sixth grade”"
    assert host.asked[0].startswith("/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3Dcoteach6")
    html = client.get(page.url).content.decode()
    assert 'class="video__poster"' in html and "127.0.0.1" not in html  # the site's copy, not the host's

    publish(home_page, django_capture_on_commit_callbacks, video(), page=page)
    assert len(host.asked) == 2  # asked once: oEmbed and the thumbnail


def test_videos_read_their_stills_in_one_query(client, home_page, host, django_capture_on_commit_callbacks):
    urls = [f"https://www.youtube.com/watch?v=clip{n}" for n in range(5)]
    page = publish(home_page, django_capture_on_commit_callbacks, *(video(url=url) for url in urls))
    assert VideoStill.objects.filter(url__in=urls, image__isnull=False).count() == 5
    page = type(page).objects.get(pk=page.pk)
    with CaptureQueriesContext(connection) as queries:
        list(page.body)
    assert sum("core_videostill" in query["sql"] for query in queries.captured_queries) == 1


@pytest.mark.parametrize(
    "answer",
    [(404, "text/plain", b"gone"), (200, "application/json", b"not json"), (200, "application/json", b"{}")],
    ids=["no such video", "garbled answer", "no thumbnail"],
)
def test_a_host_that_cannot_say_leaves_the_video_as_it_was(
    client, home_page, host, answer, django_capture_on_commit_callbacks
):
    host.answers["/oembed"] = answer
    page = publish(home_page, django_capture_on_commit_callbacks, video())

    assert VideoStill.objects.get(url=video()["url"]).image is None
    response = client.get(page.url)
    assert response.status_code == 200 and 'class="video__poster"' not in response.content.decode()


def test_a_thumbnail_that_is_not_an_image_is_refused(home_page, host, django_capture_on_commit_callbacks):
    host.answers["/vi/hq.jpg"] = (200, "image/jpeg", b"<html>not a picture</html>")
    publish(home_page, django_capture_on_commit_callbacks, video())
    still = VideoStill.objects.get(url=video()["url"])
    assert still.image is None and "not an image" in still.failure


def test_only_the_allowed_hosts_are_asked(home_page, host, settings, django_capture_on_commit_callbacks):
    settings.VIDEO_STILL_HOSTS = ("www.youtube.com",)  # the test server is not among them
    publish(home_page, django_capture_on_commit_callbacks, video())
    assert host.asked == [] and VideoStill.objects.get(url=video()["url"]).image is None


def test_a_video_with_its_own_poster_or_no_player_is_not_fetched(home_page, host, django_capture_on_commit_callbacks):
    publish(
        home_page,
        django_capture_on_commit_callbacks,
        video(poster=ImageFactory().pk),
        video(url="https://www.youtube.com/results?search_query=co-teaching"),
    )
    assert host.asked == [] and not VideoStill.objects.exists()


def test_a_host_that_could_not_say_is_asked_again_a_day_later(home_page, host, django_capture_on_commit_callbacks):
    host.answers["/oembed"] = (503, "text/plain", b"busy")
    page = publish(home_page, django_capture_on_commit_callbacks, video())
    publish(home_page, django_capture_on_commit_callbacks, video(), page=page)
    assert len(host.asked) == 1  # not again the same day

    VideoStill.objects.update(checked_at=timezone.now() - timedelta(days=2))
    host.answers["/oembed"] = (
        200,
        "application/json",
        json.dumps({"thumbnail_url": f"{host.base}/vi/hq.jpg"}).encode(),
    )
    publish(home_page, django_capture_on_commit_callbacks, video(), page=page)
    assert VideoStill.objects.get(url=video()["url"]).image is not None
