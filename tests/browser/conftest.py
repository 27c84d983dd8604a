"""Browser tests: Debian's Chromium, driven by Playwright, against a demo site served by gunicorn with the
production settings (devtools.production_server). Skipped only where Chromium is not installed; under CI
(CI=true) a missing Chromium fails instead, so these never silently skip there.

Everything here is package-scoped: Playwright's sync API runs an event loop, which must be closed before
the rest of the suite uses the ORM in this thread.
"""

import io
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from devtools.production_server import demo_production_server

CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {
    "phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True},
    "laptop": {"viewport": {"width": 1280, "height": 800}},
    # Tests that need them ask by name (@pytest.mark.parametrize("viewport", [...])).
    "small-phone": {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True},
    "reflow": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},  # WCAG 1.4.10
}
# Screenshots are capped in height and reduced to 256 colours so the committed ones stay small.
SCREENSHOT_MAX_HEIGHT = {"phone": 3200, "laptop": 2400}


@pytest.fixture(scope="package")
def chromium():
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run the browser tests")
        pytest.skip(message)
    return CHROMIUM


@dataclass
class DemoSite:
    base_url: str
    database: Path

    def url(self, path):
        return self.base_url + path

    def count(self, table):
        with sqlite3.connect(self.database) as connection:
            return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.fixture(scope="package")
def demo_site(chromium):
    # Forms are posted as soon as they are filled in, with no wait for the spam defence's minimum fill
    # time (tests/formpages and tests/webinars test it).
    with demo_production_server(workers=2, FORM_MIN_FILL_SECONDS="0") as (base_url, database):
        yield DemoSite(base_url, database)


@pytest.fixture(scope="package")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "laptop"])
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, demo_site, viewport):
    """A fresh visitor (no cookies) at the viewport's width; fails the test on any request off the site."""
    # axe-core is injected and evaluated by Playwright, which the site's CSP (no eval) would refuse;
    # tests/protection/test_csp_browser.py checks the pages under the real policy.
    context = browser.new_context(bypass_csp=True, **VIEWPORTS[viewport])
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    off_site = []
    tab.on(
        "request",
        lambda request: off_site.append(request.url) if not request.url.startswith(demo_site.base_url) else None,
    )
    yield tab
    context.close()
    assert off_site == [], f"requests to other sites: {off_site}"


def axe_violations(page, context="document", options=None):
    """axe-core's violations on the current page: all its default rules (WCAG 2.x A/AA and best practices)
    unless options (axe.run's) say which."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci`")
    # evaluate(), not a <script> tag: a Content-Security-Policy cannot block it.
    page.evaluate(AXE.read_text())
    return page.evaluate(f"async options => (await axe.run({context}, options || {{}})).violations", options)


def describe(violations):
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n    "
        + "\n    ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:5]
        )
        for violation in violations
    )


def load_lazy_images(page):
    """Load the lazy images now, so the full-page screenshot shows them."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(image => { image.loading = 'eager'; })")
    page.wait_for_function("Array.from(document.images).every(image => image.complete)")


def save_screenshot(page, name, viewport):
    """Into SCREENSHOT_DIR when set (`make screenshots` sets docs/screenshots), else only taken."""
    load_lazy_images(page)
    png = page.screenshot(full_page=True, animations="disabled")
    image = Image.open(io.BytesIO(png))
    image = image.crop((0, 0, image.width, min(image.height, SCREENSHOT_MAX_HEIGHT[viewport])))
    directory = os.environ.get("SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        image.quantize(256).save(Path(directory) / f"{name}-{viewport}.png", optimize=True)
