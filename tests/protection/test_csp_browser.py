"""The front end and the Wagtail admin work under the Content-Security-Policy, in a real browser
(Debian's Chromium driven by Playwright): no violation reported on public pages, the admin
dashboard, the page editor or its preview, and their scripts still run.

Skipped only where Chromium is not installed.
"""

import os
from pathlib import Path

import pytest

from stories.models import CaseStudyPage

CHROMIUM = Path("/usr/bin/chromium")
# Outside tests/browser/: that package keeps one Playwright running for all its tests, and Playwright's
# sync API allows one at a time.
pytestmark = pytest.mark.browser
PASSWORD = "a browser-only passphrase"
PUBLIC_PATHS = [
    "/",
    "/school-stories/",
    "/school-stories/walker-gamble-elementary/",
    "/playbook/",
    "/playbook/self-assessment/",
    "/contact/",
    "/search/?query=leadership",
]
# Every violation, whatever the directive, reaches the page as this event (and the console).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`
    );
});
"""


@pytest.fixture
def site(live_server, committed_demo_site, django_user_model):
    django_user_model.objects.create_superuser("csp-admin", "csp-admin@example.org", PASSWORD)
    return live_server.url


@pytest.mark.django_db(transaction=True)
def test_the_front_end_and_the_admin_work_under_the_content_security_policy(site, figure):
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    editor_path = f"/admin/pages/{CaseStudyPage.objects.live().order_by('path').first().pk}/edit/"
    # Playwright's sync API runs an event loop in this thread; the ORM work above is done before it starts.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    violations, checked = {}, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context()
        context.add_init_script(LISTEN)
        tab = context.new_page()
        console = []
        tab.on("console", lambda message: console.append(message.text))

        def visit(path, ready=None):
            console.clear()
            tab.goto(site + path, wait_until="networkidle")
            if ready:
                tab.wait_for_selector(ready, state="attached")
            found = tab.evaluate("window.__cspViolations") + [
                text for text in console if "Content Security Policy" in text or "Refused to" in text
            ]
            violations[path] = found
            checked.append(path)

        for path in PUBLIC_PATHS:
            visit(path)
        # The suggestions script runs: typing fills the combobox's listbox from /search/suggest/.
        tab.goto(site + "/search/")
        tab.locator("#search-page-query").press_sequentially("improv")
        tab.get_by_role("listbox", name="Suggestions").get_by_role("option").first.wait_for()

        tab.goto(site + "/admin/login/")
        tab.fill("input[name=username]", "csp-admin")
        tab.fill("input[name=password]", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url(site + "/admin/")
        visit("/admin/", ready="#wagtail-sidebar a")
        visit(editor_path, ready=".Draftail-Editor, [data-streamfield-stream-container]")
        # The preview panel frames the live site's preview: frame-ancestors 'self' must allow it.
        tab.click("[data-side-panel-toggle='preview']")
        # Wagtail swaps in a fresh iframe on each refresh, so the locator finds whichever is current.
        current_preview = tab.locator("iframe.w-preview__iframe[src]").last.content_frame
        current_preview.locator("main h1").first.wait_for(state="attached")
        tab.wait_for_load_state("networkidle")
        violations[editor_path + " (preview)"] = [
            found for frame in tab.frames for found in frame.evaluate("window.__cspViolations || []")
        ] + [text for text in console if "Content Security Policy" in text or "Refused to" in text]
        checked.append(editor_path + " (preview)")
        visit("/admin/images/")
        visit("/", ready="wagtail-userbar, [data-wagtail-userbar]")  # signed in: the userbar on the public site
        browser.close()

    assert {path: found for path, found in violations.items() if found} == {}
    figure(
        "browser (Chromium) CSP violations",
        f"0 on {len(checked)} pages: {len(PUBLIC_PATHS)} public; "
        "admin dashboard, page editor and its preview, image library, userbar",
    )
