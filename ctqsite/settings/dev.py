from .base import *

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production-0123456789"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]
# Emails in the runserver console, sent as soon as the request commits, unless a mail server is configured.
if not any(os.environ.get(name) for name in ("EMAIL_URL", "EMAIL_BACKEND", "EMAIL_HOST")):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or "immediate"
TASKS = tasks_settings(TASKS_BACKEND)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# Off unless asked for, so template and code changes show at once.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "0"))
# Plain HTTP here: no redirect to HTTPS, cookies without the Secure flag (HSTS goes only on HTTPS responses).
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
