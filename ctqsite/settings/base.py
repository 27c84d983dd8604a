"""Settings shared by every environment, safe for production by default.

Secrets and hosts come from the environment; dev.py and test.py add
conveniences on top. See README.md for the variables.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def search_backend(url, database_engine):
    """The search backend: the database's by default, or OpenSearch/Elasticsearch from SEARCH_URL.

    SEARCH_URL is "<backend>+<http|https>://host:port", where <backend> is one of
    modelsearch's: opensearch2, opensearch3, elasticsearch7, elasticsearch8, elasticsearch9.
    Each backend is the module of search/backends/ named after modelsearch's.
    """
    if not url:
        databases = {"django.db.backends.postgresql": "postgres", "django.db.backends.sqlite3": "sqlite"}
        if database_engine not in databases:
            raise ImproperlyConfigured(
                f"The site search runs on SQLite or PostgreSQL; on {database_engine}, set SEARCH_URL."
            )
        return {"BACKEND": f"search.backends.{databases[database_engine]}"}
    backend, _, address = url.partition("+")
    if backend not in {"opensearch2", "opensearch3", "elasticsearch7", "elasticsearch8", "elasticsearch9"}:
        raise ImproperlyConfigured(f"SEARCH_URL names an unknown search backend: {backend!r}")
    return {
        "BACKEND": f"search.backends.{backend}",
        "URLS": [address],
        "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "ctqsite_"),
        "TIMEOUT": 5,
    }


def cache_settings(redis_url, page_cache_dir, key_prefix="ctq"):
    """Caches: Redis shared by every instance when REDIS_URL is set, else this machine's own.

    The "pages" cache holds whole anonymous page responses (pagecache/). Without Redis both are
    directories, not process memory, shared by every gunicorn worker: one publish invalidates a
    page for all of them, and rate limits (protection.ratelimit) count all their requests.
    """
    if redis_url:
        redis = {
            # Django's Redis cache behind protection.cache's wrapper: an outage answers as an empty cache.
            "BACKEND": "protection.cache.FaultTolerantCache",
            "LOCATION": redis_url,
            # Fail fast and carry on uncached when Redis is down or slow: RedisCache passes these to
            # redis-py's connection pool, and redis-py 8 retries nothing unless asked to.
            "OPTIONS": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
            },
        }
        return {"default": {**redis, "KEY_PREFIX": key_prefix}, "pages": {**redis, "KEY_PREFIX": f"{key_prefix}-pages"}}
    return {
        "default": {
            "BACKEND": "protection.cache.FaultTolerantCache",
            "LOCATION": str(Path(page_cache_dir) / "default"),
            "OPTIONS": {"BACKEND": "protection.cache.SharedFileCache"},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(page_cache_dir),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }


def frontend_cache_settings(environ):
    """wagtail.contrib.frontend_cache backends, from the environment; none (off) by default."""
    backends = {}
    if environ.get("FRONTEND_CACHE_PURGE_URL"):
        backends["http"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": environ["FRONTEND_CACHE_PURGE_URL"],
        }
    if environ.get("CLOUDFLARE_API_TOKEN"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": environ["CLOUDFLARE_API_TOKEN"],
            "ZONEID": environ.get("CLOUDFLARE_ZONE_ID", ""),
        }
    if environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": environ["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    return backends


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The site's own apps, lowest layer first: each imports only the apps listed before it
# (docs/architecture.md; tests/test_architecture.py checks it). Ours come first in INSTALLED_APPS:
# their templates win, and page types are listed (search filters, the admin's Content menu) in this order.
PROJECT_APPS = [
    "taxonomy",
    "core",
    "outbox",
    "protection",
    "stories",
    "webinars",
    "playbook",
    "assessment",
    "formpages",
    "home",
    "search",
    "editorial",
    "pagecache",
    "devtools",
]
INSTALLED_APPS = [
    *PROJECT_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Hashed, compressed static files straight from the worker, before anything else runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "protection.security.PermissionsPolicyMiddleware",
    "protection.security.SiteCSPMiddleware",
    # Inside the header middleware, so its 503 page carries them too.
    "protection.availability.DatabaseUnavailableMiddleware",
    # Cached anonymous pages are answered here, before sessions, CSRF and the database; inside the
    # header middleware, so cached pages carry the security headers too.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Sign-in lockout (protection/signin.py): old passwords through authenticate(), then axes's lockout page, last.
    "protection.signin.OldPasswordMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ctqsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "ctqsite.wsgi.application"

# SQLite is the embedded default; PostgreSQL in production via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent
    # writers queue instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL full-text search.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (cached for a year by browsers) with gzip/brotli copies made by collectstatic.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads on S3-compatible storage, shared by every instance (pip install -e ".[s3]").
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Credentials come from the usual AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables or the instance role.
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None  # the bucket's own policy decides who can read
    AWS_QUERYSTRING_AUTH = False  # public image URLs, so cached pages never carry expiring signatures
# Images and their renditions from MEDIA_ROOT, by the app itself (ctqsite/urls.py); never documents, which only
# Wagtail's view serves (it checks the collection's privacy). On where uploads are files on this machine, so one
# machine needs nothing in front; SERVE_MEDIA=0 where a web server serves them (docs/deploy.md).
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)
if SERVE_MEDIA and AWS_STORAGE_BUCKET_NAME:
    raise ImproperlyConfigured("SERVE_MEDIA serves files from MEDIA_ROOT, but uploads are on S3 here: leave it unset.")

# Request size limits. Complex page editors post many fields (Wagtail's project template
# default); bodies other than uploaded files stop at 2.5 MB (a 400 page beyond that); uploads
# are limited per type below and by the web server's body limit (docs/deploy.md).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# --- Email (README: environment variables; docs/deploy.md) -----------------------------------------
# django-environ reads the email variables only, for now; the rest of this file parses its own.
# Backends that deliver nothing over the network: the only ones production lets run inside a request.
LOCAL_EMAIL_BACKENDS = {
    f"django.core.mail.backends.{name}.EmailBackend" for name in ("console", "dummy", "filebased", "locmem")
}
SEPARATE_EMAIL_VARIABLES = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
]


def email_settings(env):
    """Django's EMAIL_* settings from EMAIL_URL, or else from the separate variables (never both).

    EMAIL_URL is django-environ's: smtp+tls://user:password@host:587 (STARTTLS; so is smtps://),
    smtp+ssl://user:password@host:465 (TLS from the start), smtp://host:25, consolemail://,
    dummymail://; the user name and password percent-encoded. A variable set to nothing is unset.
    """

    def read(name, default, cast=env.str):
        return cast(name) if env.str(name, default="").strip() else default

    if read("EMAIL_URL", ""):
        if given := [name for name in SEPARATE_EMAIL_VARIABLES if read(name, "")]:
            raise ImproperlyConfigured(f"Set EMAIL_URL or {', '.join(given)}, not both.")
        parsed = env.email_url("EMAIL_URL")
        config = {
            "EMAIL_BACKEND": parsed["EMAIL_BACKEND"],
            "EMAIL_HOST": parsed["EMAIL_HOST"] or "localhost",
            "EMAIL_PORT": parsed["EMAIL_PORT"],
            "EMAIL_HOST_USER": parsed["EMAIL_HOST_USER"] or "",
            "EMAIL_HOST_PASSWORD": parsed["EMAIL_HOST_PASSWORD"] or "",
            "EMAIL_USE_TLS": parsed.get("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": parsed.get("EMAIL_USE_SSL", False),
        }
        if parsed["EMAIL_FILE_PATH"]:
            config["EMAIL_FILE_PATH"] = parsed["EMAIL_FILE_PATH"]
    else:
        config = {
            "EMAIL_BACKEND": read("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
            "EMAIL_HOST": read("EMAIL_HOST", "localhost"),
            "EMAIL_PORT": read("EMAIL_PORT", None, env.int),
            "EMAIL_HOST_USER": read("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": read("EMAIL_HOST_PASSWORD", ""),
            # env_bool, not django-environ's bool: a mistyped value must not turn encryption off unnoticed.
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
        }
    if config["EMAIL_USE_TLS"] and config["EMAIL_USE_SSL"]:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS (STARTTLS, port 587) and EMAIL_USE_SSL (port 465) exclude each other."
        )
    if config["EMAIL_PORT"] is None:
        config["EMAIL_PORT"] = 465 if config["EMAIL_USE_SSL"] else 587 if config["EMAIL_USE_TLS"] else 25
    # Seconds each step of a conversation with the mail server may take before the send fails (and is retried).
    config["EMAIL_TIMEOUT"] = read("EMAIL_TIMEOUT", 10.0, env.float)
    return config


email_config = email_settings(environ.Env())
# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL,
# EMAIL_TIMEOUT (and EMAIL_FILE_PATH for filemail://).
globals().update(email_config)
# Seconds a worker holds an owed email while sending it (outbox): if it dies mid-send, the
# retry commands send the email again once this has passed. Longer than any send can take: a send
# is about a dozen exchanges with the mail server, each allowed EMAIL_TIMEOUT.
EMAIL_LEASE_SECONDS = 20 * email_config["EMAIL_TIMEOUT"]
# --- end of email ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Collective Leadership <hello@example.org>")
# Days after a webinar ends before purge_registration_data removes registrants' personal data.
WEBINAR_REGISTRATION_RETENTION_DAYS = int(os.environ.get("WEBINAR_REGISTRATION_RETENTION_DAYS", "365"))
# Days without a new answer (or closing/reopening) before purge_abandoned_assessments deletes a team assessment.
SELF_ASSESSMENT_RETENTION_DAYS = int(os.environ.get("SELF_ASSESSMENT_RETENTION_DAYS", "180"))
# Rate limits (protection.ratelimit), so many per window of seconds from one address: team self-assessments
# started, and answer sheets sent alone or as a member (a school's staff answering together share one address).
SELF_ASSESSMENT_TEAM_RATE_LIMIT = int(os.environ.get("SELF_ASSESSMENT_TEAM_RATE_LIMIT", "10"))
SELF_ASSESSMENT_TEAM_RATE_LIMIT_WINDOW = int(os.environ.get("SELF_ASSESSMENT_TEAM_RATE_LIMIT_WINDOW", "3600"))
SELF_ASSESSMENT_ANSWER_RATE_LIMIT = int(os.environ.get("SELF_ASSESSMENT_ANSWER_RATE_LIMIT", "60"))
SELF_ASSESSMENT_ANSWER_RATE_LIMIT_WINDOW = int(os.environ.get("SELF_ASSESSMENT_ANSWER_RATE_LIMIT_WINDOW", "600"))

# Form pages (README: Forms). Days purge_form_submissions keeps a submission.
FORM_SUBMISSION_RETENTION_DAYS = int(os.environ.get("FORM_SUBMISSION_RETENTION_DAYS", "365"))
# Spam defence: form posts accepted from one address per window; the fewest seconds a person
# takes between the form appearing and sending it, and the most before it must be sent again
# (so a stamp is not reusable for ever). Both times hold for the webinar registration form too.
FORM_RATE_LIMIT = int(os.environ.get("FORM_RATE_LIMIT", "20"))
FORM_RATE_LIMIT_WINDOW = int(os.environ.get("FORM_RATE_LIMIT_WINDOW", "600"))
FORM_MIN_FILL_SECONDS = float(os.environ.get("FORM_MIN_FILL_SECONDS", "3"))
FORM_MAX_AGE_SECONDS = int(os.environ.get("FORM_MAX_AGE_SECONDS", "86400"))
# Proxies in front of the site that append the visitor's address to X-Forwarded-For; 0 means
# the site is reached directly and REMOTE_ADDR is the visitor.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# The other rate limits (protection.ratelimit), each so many per window of seconds from one address:
# webinar sign-ups and searches (results pages and suggestions).
REGISTRATION_RATE_LIMIT = int(os.environ.get("REGISTRATION_RATE_LIMIT", "10"))
REGISTRATION_RATE_LIMIT_WINDOW = int(os.environ.get("REGISTRATION_RATE_LIMIT_WINDOW", "600"))
# Confirmations and links sent to one email address (any webinar) per window, counted in the
# database (webinars.registration): nobody can fill a stranger's inbox through the form.
REGISTRATION_EMAIL_LIMIT = int(os.environ.get("REGISTRATION_EMAIL_LIMIT", "10"))
REGISTRATION_EMAIL_LIMIT_WINDOW = int(os.environ.get("REGISTRATION_EMAIL_LIMIT_WINDOW", "86400"))
SEARCH_RATE_LIMIT = int(os.environ.get("SEARCH_RATE_LIMIT", "300"))
SEARCH_RATE_LIMIT_WINDOW = int(os.environ.get("SEARCH_RATE_LIMIT_WINDOW", "60"))

# --- Sign-in lockout (django-axes; protection/signin.py, docs/security.md) ---------------------------
# Checked inside authenticate(), so every login view is covered; failures are rows in the database,
# shared by every worker and instance (a cache would forget them in a Redis outage or, per worker,
# count each worker's own).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# LOGIN_FAILURE_LIMIT failures lock an account (from unfamiliar addresses) and an address (for every
# account) for LOGIN_FAILURE_LIMIT_WINDOW seconds after the last of them.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(seconds=int(os.environ.get("LOGIN_FAILURE_LIMIT_WINDOW", "900")))
AXES_LOCKOUT_PARAMETERS = "protection.signin.lockout_parameters"
# Guesses during a lockout are refused unchecked and do not extend it: the lock ends on time, and an
# attacker can only renew it by waiting for the end, never hold it by hammering.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Never reset on success: signing in to one's own account would wipe the address's count of guesses
# at everyone else's.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "protection.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "protection.signin.lockout_response"
# Days purge_sign_in_records keeps sign-in records (user names and addresses); successful sign-ins
# that recent make their address a familiar one (protection.signin.lockout_parameters).
SIGN_IN_RETENTION_DAYS = int(os.environ.get("SIGN_IN_RETENTION_DAYS", "30"))
# Password reset emails asked for from one address, and sent to one email address, per window.
PASSWORD_RESET_RATE_LIMIT = int(os.environ.get("PASSWORD_RESET_RATE_LIMIT", "10"))
PASSWORD_RESET_RATE_LIMIT_WINDOW = int(os.environ.get("PASSWORD_RESET_RATE_LIMIT_WINDOW", "3600"))
PASSWORD_RESET_EMAIL_RATE_LIMIT = int(os.environ.get("PASSWORD_RESET_EMAIL_RATE_LIMIT", "3"))
PASSWORD_RESET_EMAIL_RATE_LIMIT_WINDOW = int(os.environ.get("PASSWORD_RESET_EMAIL_RATE_LIMIT_WINDOW", "3600"))

# --- HTTPS and security headers (docs/security.md) ---------------------------------------------
# HTTPS_ONLY=false only for a production-settings server on plain HTTP on a private machine
# (benchmarks): it drops the redirect to HTTPS, HSTS and the Secure flag on cookies.
HTTPS_ONLY = env_bool("HTTPS_ONLY", True)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
if TRUSTED_PROXY_COUNT:
    # The proxy terminates TLS and says so; trusted only when a proxy is declared to be there.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The public site loads nothing from elsewhere: videos are links out (core/blocks/media.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        # Not 'none': the page editor's preview frames the site.
        "frame-ancestors": [SELF],
    }
}
# Under /admin/ (protection.security.SiteCSPMiddleware): what Wagtail's admin needs, no more. Its
# page editor still has inline scripts and style attributes; tests/browser/test_csp.py checks.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [SELF],
    }
}
# Browser features no page uses (protection.security.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
}

REDIS_URL = os.environ.get("REDIS_URL", "")
# CACHE_KEY_PREFIX keeps sites or environments sharing one Redis apart.
CACHES = cache_settings(
    REDIS_URL, os.environ.get("PAGE_CACHE_DIR") or BASE_DIR / ".page-cache", os.environ.get("CACHE_KEY_PREFIX", "ctq")
)
# Seconds a process skips a cache server after it failed (protection.cache), instead of waiting for its
# timeout on every call; then one call tries it again.
CACHE_BREAK_SECONDS = 5
# Seconds an anonymous page stays in the server's page cache; 0 turns the page cache off.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))
# Cache-Control max-age of cacheable pages: how long a browser may reuse its own copy.
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
# s-maxage for a CDN, sent only when one is purged on publish (WAGTAILFRONTENDCACHE below).
PAGE_CACHE_CDN_MAX_AGE = int(os.environ.get("PAGE_CACHE_CDN_MAX_AGE", "600"))
WAGTAILFRONTENDCACHE = frontend_cache_settings(os.environ)
# Wagtail caches rendition lookups here. Every image comes in several sizes and three formats, so a listing
# writes dozens of entries: kept apart, they never push the default cache's entries out.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "OPTIONS": {"MAX_ENTRIES": 10_000},
}


def tasks_settings(backend):
    """TASKS for TASKS_BACKEND: "database" queues tasks (emails, index updates, CDN purges) for
    `manage.py db_worker`, a process of its own; "immediate" runs them inside the request that
    queues them, after commit."""
    if backend not in {"immediate", "database"}:
        raise ImproperlyConfigured(f"TASKS_BACKEND must be 'immediate' or 'database', not {backend!r}.")
    if backend == "database":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# The worker by default: email is never sent inside a request (production refuses "immediate" with a
# mail server; dev and tests run tasks at once).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or "database"
TASKS = tasks_settings(TASKS_BACKEND)

# Wagtail
WAGTAIL_SITE_NAME = "Collective Leadership"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": search_backend(os.environ.get("SEARCH_URL", ""), DATABASES["default"]["ENGINE"])}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents go through Wagtail's view (privacy checked, nosniff, "default-src 'none'") and always
# download, never open in the site's origin; an upload must match its extension (protection/uploads.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "protection.uploads.DocumentForm"
# A file that only starts like an image is a form error, not a 500 (protection/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "protection.uploads.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
# Nor for collections: private means signed in (protection/signin.py still limits any shared password left).
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
# No avatars from a third party in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No call home from the admin for new releases (pip-audit in CI covers security releases).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Review emails: publishers hear of each submission, editors of each approval or request for changes.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
# Superusers are not reviewers: only the Publishers group is asked to review.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False


def require_secret_key(key, name="SECRET_KEY"):
    """Refuse to start production with a missing or guessable key (Django's own test of weak keys)."""
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        raise ImproperlyConfigured(f"{name} must be set to a random string of at least 50 characters.")
    return key
