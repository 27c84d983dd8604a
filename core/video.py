"""Video addresses: the hosts we allow, and the privacy-respecting player a single video gets.

Pages show a link to the video; core/static/core/video_player.js swaps it for the host's player
only when the visitor clicks, so nothing is loaded from YouTube or Vimeo before then.
"""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

VIDEO_HOSTS = ("youtube.com", "www.youtube.com", "youtu.be", "vimeo.com", "player.vimeo.com")
YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com")
# The players' hosts: the only frame-src the site's Content-Security-Policy allows.
YOUTUBE_PLAYER = "https://www.youtube-nocookie.com"
VIMEO_PLAYER = "https://player.vimeo.com"
PLAYER_HOSTS = (YOUTUBE_PLAYER, VIMEO_PLAYER)

YOUTUBE_ID = re.compile(r"[\w-]+")
YOUTUBE_PATH = re.compile(r"/embed/([\w-]+)/?")
YOUTU_BE_PATH = re.compile(r"/([\w-]+)/?")
VIMEO_PATH = re.compile(r"/(\d+)/?")
VIMEO_PLAYER_PATH = re.compile(r"/video/(\d+)/?")

# WCAG 1.2.1-1.2.3: people who cannot hear or see a video need its words some other way.
TRANSCRIPT_REQUIRED = (
    "Add a transcript, link to one, or tick 'Captions are on the video host': "
    "people who cannot hear the video need one of them."
)


def has_text(rich_text):
    """Whether a rich text field holds words, not just the empty paragraph an editor leaves behind."""
    # A block's RichText holds its source; a RichTextField is the source itself.
    source = getattr(rich_text, "source", rich_text) or ""
    return bool(strip_tags(source).strip())


def validate_video_url(url):
    """Only YouTube and Vimeo addresses: the players the site's policy lets in."""
    if url and urlsplit(url).hostname not in VIDEO_HOSTS:
        raise ValidationError("Use a YouTube or Vimeo address.")


def player_url(url):
    """The embedded player's address for a single video, autoplaying once clicked; None for any
    other address (a search, a channel, a playlist), which stays a plain link."""
    parts = urlsplit(url or "")
    host, path = parts.hostname, parts.path
    if host in YOUTUBE_HOSTS:
        video_id = None
        if path == "/watch":
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
            video_id = video_id if YOUTUBE_ID.fullmatch(video_id) else None
        elif match := YOUTUBE_PATH.fullmatch(path):
            video_id = match[1]
        # youtube-nocookie.com sets no cookie until the visitor plays the video.
        return f"{YOUTUBE_PLAYER}/embed/{video_id}?{urlencode({'autoplay': 1})}" if video_id else None
    if host == "youtu.be" and (match := YOUTU_BE_PATH.fullmatch(path)):
        return f"{YOUTUBE_PLAYER}/embed/{match[1]}?{urlencode({'autoplay': 1})}"
    if (host == "vimeo.com" and (match := VIMEO_PATH.fullmatch(path))) or (
        host == "player.vimeo.com" and (match := VIMEO_PLAYER_PATH.fullmatch(path))
    ):
        # dnt=1: Vimeo's player tracks no session data and sets no cookies.
        return f"{VIMEO_PLAYER}/video/{match[1]}?{urlencode({'autoplay': 1, 'dnt': 1})}"
    return None
