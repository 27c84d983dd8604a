from .base import *

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production-0123456789"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]
# Emails in the runserver console, sent as soon as the request commits, unless a mail server is configured.
if not any(env.str(name, "") for name in ("EMAIL_URL", "EMAIL_BACKEND", "EMAIL_HOST")):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
