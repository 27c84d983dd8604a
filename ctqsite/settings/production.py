from .base import *  # noqa: F401,F403

SECRET_KEY = require_secret_key(SECRET_KEY)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")
