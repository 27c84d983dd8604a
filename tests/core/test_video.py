"""Videos: a link with a poster that plays in the page only once clicked, with its transcript below.
Nothing is loaded from YouTube or Vimeo before the click; the policy lets in their players only."""

import json
import re

import pytest
from wagtail.blocks import StructBlockValidationError

from core.blocks import VideoBlock
from core.factories import ImageFactory
from core.video import PLAYER_HOSTS, TRANSCRIPT_REQUIRED, player_url
from home.factories import StandardPageFactory

SEARCH_URL = "https://www.youtube.com/results?search_query=pomona+unified+co-teaching"
TRANSCRIPT = "<p>Narrator: Two teachers plan a unit, then teach it side by side.</p>"
VIDEO_HOST = re.compile(r"(?:youtube(?:-nocookie)?\.com|youtu\.be|vimeo\.com)/")
ATTRIBUTE = re.compile(r'\s([\w-]+)="([^"]*)"')


@pytest.mark.parametrize(
    "url, player",
    [
        ("https://www.youtube.com/watch?v=abc_12-Z", "https://www.youtube-nocookie.com/embed/abc_12-Z?autoplay=1"),
        ("https://youtube.com/watch?feature=share&v=abc", "https://www.youtube-nocookie.com/embed/abc?autoplay=1"),
        ("https://youtu.be/abc", "https://www.youtube-nocookie.com/embed/abc?autoplay=1"),
        ("https://www.youtube.com/embed/abc", "https://www.youtube-nocookie.com/embed/abc?autoplay=1"),
        ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456?autoplay=1&dnt=1"),
        ("https://player.vimeo.com/video/123456", "https://player.vimeo.com/video/123456?autoplay=1&dnt=1"),
    ],
)
def test_a_single_video_gets_its_hosts_private_player(url, player):
    assert player_url(url) == player


@pytest.mark.parametrize(
    "url",
    [
        SEARCH_URL,
        "https://www.youtube.com/@ctqteachers",
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com/watch?v=",
        "https://www.youtube.com/watch?v=a%22onload",
        "https://vimeo.com/channels/staffpicks",
        "https://evil.example/watch?v=abc",
    ],
)
def test_anything_but_a_single_video_gets_no_player(url):
    assert player_url(url) is None


def video(url="https://www.youtube.com/watch?v=coteach6", **fields):
    return {"url": url, "title": "Co-teaching in sixth grade", "transcript": TRANSCRIPT, **fields}


def page_with(client, home_page, *videos):
    body = json.dumps([{"type": "video", "value": value} for value in videos])
    page = StandardPageFactory(parent=home_page, body=body)
    response = client.get(page.url)
    assert response.status_code == 200
    return response, response.content.decode()


def player_script(html):
    return re.findall(r'<script src="([^"]*/core/video_player\.js)" defer></script>', html)


@pytest.mark.django_db
def test_the_page_links_to_the_video_and_loads_nothing_from_its_host(client, home_page):
    poster = ImageFactory(file__width=1280, file__height=720)
    response, html = page_with(client, home_page, video(poster=poster.pk), video("https://vimeo.com/123456"))

    assert "<iframe" not in html
    (link, vimeo_link) = re.findall(r'<a class="video__link"[^>]*>', html)
    assert dict(ATTRIBUTE.findall(link)) == {
        "class": "video__link",
        "href": "https://www.youtube.com/watch?v=coteach6",
        "data-player": "https://www.youtube-nocookie.com/embed/coteach6?autoplay=1",
        "data-player-title": "Co-teaching in sixth grade",
    }
    assert 'data-player="https://player.vimeo.com/video/123456?autoplay=1&amp;dnt=1"' in vimeo_link
    # The hosts are named in those links only, and everything the page loads is the site's own.
    rest = html.replace(link, "").replace(vimeo_link, "")
    assert not VIDEO_HOST.search(rest), VIDEO_HOST.findall(rest)
    for name, value in ATTRIBUTE.findall(html):
        if name in ("src", "srcset", "imagesrcset"):
            assert value.startswith("/"), (name, value)
    # The poster comes in AVIF and WebP at two widths, with a JPEG fallback (issue 17, item 9).
    poster_picture = re.search(r"<picture>(?:(?!</picture>).)*class=\"video__poster\"[^>]*>\s*</picture>", html, re.S)
    assert poster_picture, html
    for image_type in ("image/avif", "image/webp"):
        source = re.search(rf'<source [^>]*type="{image_type}"[^>]*>', poster_picture.group(0)).group(0)
        assert " 480w" in source and " 960w" in source
    assert 'loading="lazy"' in poster_picture.group(0) and 'alt=""' in poster_picture.group(0)

    # One local, deferred script for however many videos there are; it builds the player on click.
    assert set(player_script(html)) == {"/static/core/video_player.js"}
    script = b"".join(client.get(player_script(html)[0]).streaming_content).decode()
    assert 'createElement("iframe")' in script and "dataset.player" in script and "frame.focus()" in script

    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["frame-src"] == " ".join(PLAYER_HOSTS)
    assert policy["img-src"] == "'self'" and policy["script-src"] == "'self'"


@pytest.mark.django_db
def test_a_search_or_channel_address_stays_a_plain_link(client, home_page):
    _, html = page_with(client, home_page, video(SEARCH_URL, transcript="", captions_on_host=True))
    assert f'<a class="video__link" href="{SEARCH_URL.replace("&", "&amp;")}">' in html
    assert "data-player" not in html and not player_script(html)
    assert "Captions are available in the player." in html


@pytest.mark.django_db
def test_the_transcript_is_shown_below_the_video(client, home_page):
    _, html = page_with(client, home_page, video(transcript_url="https://example.org/transcript"))
    figure = html[html.index('<figure class="video">') :]
    assert figure.index("video__link") < figure.index("<details") < figure.index("</figure>")
    assert re.search(r"<summary>Transcript<span[^>]*> of Co-teaching in sixth grade</span></summary>", figure)
    assert "Narrator: Two teachers plan a unit" in figure
    assert 'href="https://example.org/transcript"' in figure


@pytest.mark.parametrize(
    "fields", [{"transcript": TRANSCRIPT}, {"transcript_url": "https://example.org/t"}, {"captions_on_host": True}]
)
def test_a_video_needs_a_transcript_a_link_to_one_or_captions(fields):
    block = VideoBlock()
    assert block.clean(block.to_python(video(**{"transcript": "", **fields})))


@pytest.mark.parametrize("transcript", ["", "<p></p>", "<p> <br/></p>"])
def test_a_video_without_any_is_refused_on_the_transcript_field(transcript):
    block = VideoBlock()
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python(video(transcript=transcript)))
    assert list(refused.value.block_errors) == ["transcript"]
    assert refused.value.block_errors["transcript"].messages == [TRANSCRIPT_REQUIRED]


@pytest.mark.django_db
def test_a_video_saved_before_transcripts_still_renders(client, home_page):
    # Stored before the transcript fields existed: no keys for them. The rule applies at its next save.
    _, html = page_with(client, home_page, {"url": "https://youtu.be/old", "title": "Older video", "caption": ""})
    assert 'href="https://youtu.be/old"' in html and "video__transcript" not in html
