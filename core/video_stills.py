"""A poster for every video that has none: the host's own still, fetched once after the page is published.

YouTube and Vimeo describe a video through oEmbed, with the address of its thumbnail. The still is
downloaded into the image library (collection "Video stills", alt text naming the video) outside the
request, by a task queued when a page is published, so an editor's save never waits on the host and
autosave never calls it. Pages read the stills for their poster-less videos in one query per StreamField
(VideoBlock.bulk_to_python). Only the hosts in settings are ever asked.
"""

import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django_tasks import task
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection

from .blocks.media import VideoBlock
from .mixins import stream_leaves
from .models import VideoStill
from .video import player_url

logger = logging.getLogger(__name__)
COLLECTION = "Video stills"
MAX_BYTES = 5 * 1024 * 1024
# A host that could not say (down, or the video just uploaded) is asked again on a publish a day later.
RETRY_AFTER = timedelta(days=1)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A host answers for itself: a redirect elsewhere is a failure, not a request to an address we never chose."""

    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirects)


def videos_without_poster(page):
    """(address, title) of each playable video in the page's StreamFields that has no poster of its own."""
    found = {}
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            raw = getattr(page, field.name).raw_data
            for block, value in stream_leaves(field.stream_block, list(raw), whole=(VideoBlock,)):
                if isinstance(block, VideoBlock) and value and not value.get("poster") and player_url(value.get("url")):
                    found.setdefault(value["url"], value.get("title") or "")
    return found


def queue_stills(sender, instance, **kwargs):
    """page_published: fetch the stills this page's videos lack, after the publish commits."""
    wanted = videos_without_poster(instance.specific)
    settled = set(settled_stills().filter(url__in=wanted).values_list("url", flat=True))
    missing = {url: title for url, title in wanted.items() if url not in settled}
    if missing:
        transaction.on_commit(lambda: fetch_stills.enqueue(missing))


def settled_stills():
    """The videos not to ask about: those with a still, or asked about lately."""
    return VideoStill.objects.filter(
        models.Q(image__isnull=False) | models.Q(checked_at__gt=timezone.now() - RETRY_AFTER)
    )


@task()
def fetch_stills(videos):
    for url, title in videos.items():
        fetch_still(url, title)


def fetch_still(url, title):
    """Record the video's still (or why there is none); a video is asked about once."""
    try:
        still, created = VideoStill.objects.get_or_create(url=url)
    except IntegrityError:  # another worker has it
        return None
    if not created and settled_stills().filter(pk=still.pk).exists():
        return still
    try:
        still.image = download(url, title)
        still.failure = ""
    except (OSError, ValueError, urllib.error.URLError) as error:
        still.failure = str(error)[:255]
        logger.info("No still for %s: %s", url, error)
    still.checked_at = timezone.now()
    still.save()
    return still


def endpoint(url):
    host = urlsplit(url).hostname or ""
    provider = "vimeo" if host.endswith("vimeo.com") else "youtube"
    return settings.VIDEO_OEMBED_ENDPOINTS[provider]


def get(url, limit):
    parts = urlsplit(url)
    if parts.hostname not in settings.VIDEO_STILL_HOSTS or parts.scheme not in ("https", "http"):
        raise ValueError(f"not a host we fetch from: {parts.hostname}")
    request = urllib.request.Request(url, headers={"User-Agent": "CollectiveLeadershipSite/1.0 (video stills)"})
    with opener.open(request, timeout=settings.VIDEO_STILL_TIMEOUT) as response:
        if response.status != 200:
            raise ValueError(f"the host answered {response.status}")
        body = response.read(limit + 1)
    if len(body) > limit:
        raise ValueError("too large")
    return body


def download(url, title):
    described = json.loads(get(f"{endpoint(url)}?{urlencode({'url': url, 'format': 'json'})}", 100_000))
    thumbnail = described.get("thumbnail_url") if isinstance(described, dict) else None
    if not isinstance(thumbnail, str):
        raise ValueError("the host gave no thumbnail")
    content = get(thumbnail, MAX_BYTES)
    name = f"video-still-{VideoStill.objects.get(url=url).pk}.jpg"
    try:
        # Wagtail's own checks: a known image format, within the size and pixel limits.
        WagtailImageField().clean(SimpleUploadedFile(name, content))
    except Exception as error:  # Pillow raises many kinds on a damaged file
        raise ValueError(f"not an image: {error}") from error
    image = get_image_model()(
        title=f"Still: {title}"[:255] if title else "Video still",
        description=f"A still from the video “{title}”"[:255] if title else "A still from the video",
        collection=stills_collection(),
        file=SimpleUploadedFile(name, content),
    )
    image.save()
    return image


def stills_collection():
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=COLLECTION).first() or root.add_child(name=COLLECTION)
