"""Production: what only makes sense on the public site over HTTPS, on top of base.py."""

from .base import *


def require_secret_key(key, name="SECRET_KEY"):
    """Refuse to start production with a missing or guessable key (Django's own test of weak keys)."""
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        raise ImproperlyConfigured(f"{name} must be set to a random string of at least 50 characters.")
    return key


SECRET_KEY = require_secret_key(SECRET_KEY)
# Old keys, newest first, still accepted for sessions and signed links while a new key rolls out.
SECRET_KEY_FALLBACKS = [
    require_secret_key(key, "SECRET_KEY_FALLBACKS") for key in env.list("SECRET_KEY_FALLBACKS", default=[])
]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")
# Links in admin emails: the site's first host unless set.
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}")

# HTTPS_ONLY=false only for a production-settings server on plain HTTP on a private machine
# (benchmarks): it drops the redirect to HTTPS, HSTS and the Secure flag on cookies.
HTTPS_ONLY = env.bool("HTTPS_ONLY", True)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Hashed names (cached for a year by browsers) with gzip/brotli copies made by collectstatic.
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", 600)
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", 0.0 if WAGTAILFRONTENDCACHE else 1.0)

# Tasks (emails, index updates, CDN purges) go to `manage.py db_worker`, a process of its own. Email is
# never sent inside a request: with "immediate" a hung mail server would hold the visitor's sign-up until
# gunicorn killed the worker, and the email with it (docs/deploy.md). Only backends that deliver nothing
# over the network may run in the request (benchmarks).
TASKS_BACKEND = env.str("TASKS_BACKEND", "database")
TASKS = tasks_settings(TASKS_BACKEND)
LOCAL_EMAIL_BACKENDS = {
    f"django.core.mail.backends.{name}.EmailBackend" for name in ("console", "dummy", "filebased", "locmem")
}
if TASKS_BACKEND == "immediate" and EMAIL_BACKEND not in LOCAL_EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        "TASKS_BACKEND=immediate would send email inside web requests: use TASKS_BACKEND=database and run "
        "`manage.py db_worker` beside the web server (docs/deploy.md)."
    )
