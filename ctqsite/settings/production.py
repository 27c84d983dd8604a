from .base import *  # noqa: F401,F403

SECRET_KEY = require_secret_key(SECRET_KEY)
# Old keys, newest first, still accepted for sessions and signed links while a new key rolls out.
SECRET_KEY_FALLBACKS = [require_secret_key(key, "SECRET_KEY_FALLBACKS") for key in env_list("SECRET_KEY_FALLBACKS")]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")
# Links in admin emails: the site's first host unless set.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
