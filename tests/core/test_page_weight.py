"""What each page type weighs without its images, as a browser receives it: the HTML, the stylesheet, the
fonts it loads and the scripts, text gzipped (GZipMiddleware for pages, WhiteNoise for static files in
production) and WOFF2 as it is. The budget is 60 KB a page (issue 17); `make test` prints the figures."""

import gzip
import re
from posixpath import dirname, join, normpath

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from devtools.demo.tour import PAGE_TYPES

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024
STATIC = re.compile(r'<(?:link rel="stylesheet"|script)[^>]* (?:href|src)="([^"?]+)')
FONT = re.compile(r'url\("?([^")]+\.woff2)"?\)')


def static_file(url):
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, url
    with open(path, "rb") as file:
        return file.read()


def sent(content, url):
    return len(content) if url.endswith(".woff2") else len(gzip.compress(content))


def weight(client, path):
    """Bytes by kind (html, css, font, js) for the page at path."""
    html = client.get(path, headers={"accept-encoding": "gzip"})
    kinds = {"html": len(html.content), "css": 0, "font": 0, "js": 0}
    for url in set(STATIC.findall(gzip.decompress(html.content).decode())):
        content = static_file(url)
        if url.endswith(".css"):
            kinds["css"] += sent(content, url)
            for font in set(FONT.findall(content.decode())):
                font_url = normpath(join(dirname(url), font))
                kinds["font"] += sent(static_file(font_url), font_url)
        else:
            kinds["js"] += sent(content, url)
    return kinds


def test_every_page_type_weighs_under_60_kb_without_images(client, figure):
    rows = []
    for name, (path, _) in PAGE_TYPES.items():
        kinds = weight(client, path)
        total = sum(kinds.values())
        rows.append(
            f"{name} {total / 1024:.1f} KB (" + ", ".join(f"{k} {v / 1024:.1f}" for k, v in kinds.items()) + ")"
        )
        assert kinds["font"] > 0 and kinds["css"] > 0, name  # what is measured is there
        assert total <= BUDGET, rows[-1]
    figure("Page weight without images, compressed", "; ".join(rows))
