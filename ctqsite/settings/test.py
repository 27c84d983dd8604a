import os
import tempfile

from .base import *

SECRET_KEY = "test-only-insecure-key-never-use-in-production-0123456789"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared memory: the concurrency tests open real connections from many threads.
    # One per process, so parallel runs never share it; Django deletes it after the run.
    DATABASES["default"]["TEST"] = {"NAME": Path(tempfile.gettempdir()) / f"ctqsite-test-{os.getpid()}.sqlite3"}
# Each test process has its own caches; tests that need the page cache turn it on (tests/pagecache/test_page_cache.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
PAGE_CACHE_TIMEOUT = 0
PAGE_VIEWS_FLUSH_SECONDS = 0  # each counted view is written at once
VIDEO_STILL_HOSTS = ()  # no test asks YouTube or Vimeo; tests/core/test_video_stills.py serves its own
WAGTAILFRONTENDCACHE = {}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Static files straight from the apps, as in development: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
