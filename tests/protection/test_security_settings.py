"""Production settings pass Django's deployment check and refuse weak keys; every response carries
the security headers, with the strict policy on the public site and the admin's under /admin/."""

import json
import secrets

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client, override_settings
from wagtail.models import Page, get_page_models

from core.video import PLAYER_HOSTS
from protection.spam import SALT as SPAM_STAMP_SALT
from tests.utils import GOOD_KEY, run_production

pytestmark = pytest.mark.django_db


def test_the_production_settings_pass_the_deployment_check_with_no_warnings(figure):
    result = run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    figure("manage.py check --deploy --fail-level WARNING (production settings)", "0 warnings")


def test_the_deployment_check_fails_without_https():
    result = run_production(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY, HTTPS_ONLY="false"
    )
    assert result.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert warning in result.stderr


SETTINGS_PROBE = "import ctqsite.settings.production as s; print(len(s.SECRET_KEY_FALLBACKS), s.WAGTAILADMIN_BASE_URL)"


@pytest.mark.parametrize(
    "env, message",
    [
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "a" * 60}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "django-insecure-" + GOOD_KEY}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": GOOD_KEY, "SECRET_KEY_FALLBACKS": "old-and-short"}, "SECRET_KEY_FALLBACKS must be set"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        ({"SECRET_KEY": GOOD_KEY, "HTTPS_ONLY": "maybe"}, "HTTPS_ONLY must be true or false"),
    ],
)
def test_production_refuses_to_start_with_a_missing_or_weak_key_or_no_hosts(env, message):
    result = run_production("-c", SETTINGS_PROBE, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_takes_old_keys_for_rotation_and_links_emails_to_the_first_host():
    old_keys = f"{secrets.token_urlsafe(64)},{secrets.token_urlsafe(64)}"
    result = run_production("-c", SETTINGS_PROBE, SECRET_KEY=GOOD_KEY, SECRET_KEY_FALLBACKS=old_keys)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "https://www.example.org"]


def test_form_stamps_signed_with_the_old_key_still_pass_while_it_is_a_fallback():
    old, new = secrets.token_urlsafe(64), secrets.token_urlsafe(64)
    with override_settings(SECRET_KEY=old):
        token = signing.dumps(42, salt=SPAM_STAMP_SALT)
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[old]):
        assert signing.loads(token, salt=SPAM_STAMP_SALT) == 42
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[]), pytest.raises(signing.BadSignature):
        signing.loads(token, salt=SPAM_STAMP_SALT)


# --- Headers on every response ------------------------------------------------------------------

HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]


@pytest.fixture(scope="module")
def production_https_settings():
    """The HTTPS settings production.py adds (base.py, so the test settings, has none), as production reads them."""
    probe = "import json, sys, ctqsite.settings.production as s; print(json.dumps({n: getattr(s, n) for n in sys.argv[1:]}))"
    result = run_production("-c", probe, *HTTPS_SETTINGS, SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def production_https(production_https_settings):
    with override_settings(**production_https_settings):
        yield


def public_urls():
    """One live page of every page type, and every other kind of public response."""
    urls = {}
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().public().order_by("path").first()
        assert page is not None, f"the demo site has no live {model.__name__}"
        urls[model.__name__] = page.url
    urls.update(
        {
            "search results": "/search/?query=leadership",
            "search suggestions": "/search/suggest/?query=lead",
            "sitemap": "/sitemap.xml",
            "subscribe": "/subscribe/",
            "not found": "/no-such-page/",
            "health": "/health/",
        }
    )
    return urls


def assert_security_headers(response, public=True):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
    )
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == "'self'" and policy["object-src"] == "'none'"
    assert "'unsafe-eval'" not in policy["script-src"]
    if public:
        assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'" and policy["img-src"] == "'self'"
        # Frames from the two video players only, loaded when a visitor clicks a video (core/video.py).
        assert policy["frame-src"] == " ".join(PLAYER_HOSTS)
    return policy


def test_every_page_type_and_public_response_carries_the_security_headers(client, figure, production_https):
    urls = public_urls()
    covered = 0
    for name, url in urls.items():
        response = client.get(url, secure=True)
        assert response.status_code in {200, 404}, (name, url, response.status_code)
        assert_security_headers(response)
        covered += 1
    page_types = len(get_page_models()) - 1
    figure(
        "security headers (HSTS, XFO, nosniff, Referrer-Policy, COOP, Permissions-Policy, strict CSP)",
        f"{page_types} of {page_types} page types; "
        f"{covered} of {len(urls)} responses with search, sitemap, subscribe, 404, health",
    )


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/", "/django-admin/login/"])
def test_the_admin_has_its_own_enforced_policy_that_lets_the_preview_frame_the_site(
    admin_client, path, production_https
):
    response = admin_client.get(path, secure=True)
    assert response.status_code in {200, 302}
    policy = assert_security_headers(response, public=False)
    # Wagtail's page editor needs inline scripts and styles (tests/protection/test_csp_browser.py); nothing off the site.
    assert policy["script-src"] == "'self' 'unsafe-inline'" and policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["frame-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert "Content-Security-Policy-Report-Only" not in response


def test_errors_and_refusals_carry_the_headers_too(client, production_https):
    with override_settings(SEARCH_RATE_LIMIT=0):
        refused = client.get("/search/?query=x", secure=True)
    assert refused.status_code == 429
    assert_security_headers(refused)


def test_plain_http_is_redirected_to_https_in_production_settings(production_https):
    response = Client().get("/", headers={"host": "testserver"})
    assert response.status_code == 301 and response["Location"] == "https://testserver/"


def test_dev_and_test_settings_serve_plain_http_without_switching_anything_off():
    """base.py has no HTTPS settings for dev.py and test.py to undo: plain HTTP is simply not redirected."""
    response = Client().get("/no-such-page/", headers={"host": "testserver"})
    assert response.status_code == 404 and "Strict-Transport-Security" not in response
    for module in ["ctqsite/settings/dev.py", "ctqsite/settings/test.py"]:
        source = (settings.BASE_DIR / module).read_text()
        assert not any(name in source for name in HTTPS_SETTINGS), module
