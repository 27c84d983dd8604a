from .base import *

SECRET_KEY = require_secret_key(SECRET_KEY)
# Old keys, newest first, still accepted for sessions and signed links while a new key rolls out.
SECRET_KEY_FALLBACKS = [require_secret_key(key, "SECRET_KEY_FALLBACKS") for key in env_list("SECRET_KEY_FALLBACKS")]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")
# Links in admin emails: the site's first host unless set.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
# Email is never sent inside a request: with "immediate" a hung mail server would hold the visitor's
# sign-up until gunicorn killed the worker, and the email with it (docs/deploy.md).
if TASKS_BACKEND == "immediate" and EMAIL_BACKEND not in LOCAL_EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        "TASKS_BACKEND=immediate would send email inside web requests: use TASKS_BACKEND=database and run "
        "`manage.py db_worker` beside the web server (docs/deploy.md)."
    )
