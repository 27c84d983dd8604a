"""Settings every environment shares: dev.py adds the conveniences, test.py tunes for speed, and
production.py adds what only makes sense there (HTTPS, required secrets, the task worker).

Every environment variable is read through `env` below; docs/settings.md lists them all.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


class Env(environ.Env):
    """django-environ's reader, stricter: a variable set to nothing is unset, a value is taken as written
    (no "$OTHER" references: a password may start with $), list items are trimmed, and a value of the
    wrong type stops the start naming the variable (django-environ reads any unknown word as false)."""

    TYPES = {bool: "true or false", int: "a whole number", float: "a number"}
    BOOLEANS = {"1", "true", "yes", "on", "0", "false", "no", "off"}

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        value = self.ENVIRON.get(var, "")
        if not value.strip():
            if default is self.NOTSET:
                raise ImproperlyConfigured(f"Set the {var} environment variable.")
            return self.parse_value(default, cast) if parse_default and default is not None else default
        try:
            if cast is bool and value.strip().lower() not in self.BOOLEANS:
                raise ValueError(value)
            return self.parse_value(value, cast)
        except ValueError as error:
            raise ImproperlyConfigured(f"{var} must be {self.TYPES.get(cast, 'valid')}, not {value!r}.") from error

    @classmethod
    def parse_value(cls, value, cast):
        if cast is list:
            return [item.strip() for item in value.split(",") if item.strip()]
        return super().parse_value(value, cast)


env = Env()


def search_backend(url, database_engine, index_prefix):
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
        "INDEX_PREFIX": index_prefix,
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
            # add() atomic across the workers: one of them takes a stale page's render lock.
            "BACKEND": "protection.cache.SharedFileCache",
            "LOCATION": str(page_cache_dir),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }


def media_storage(bucket, endpoint_url=None, region=None, custom_domain=None):
    """STORAGES["default"] for uploads in an S3-compatible bucket (protection.storage.MediaStorage).

    endpoint_url names a service other than AWS (MinIO, R2); custom_domain a CDN in front of the bucket,
    whose address then goes in image URLs.
    """
    return {
        "BACKEND": "protection.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,
            "region_name": region,
            "custom_domain": custom_domain,
            # A second upload of team.png is stored beside the first, never over it.
            "file_overwrite": False,
            # No ACL of the objects' own: the bucket's policy opens the image folders alone (docs/deploy.md).
            "default_acl": None,
            # Unsigned image URLs, so cached pages never carry expiring signatures; documents are never
            # linked in the bucket at all (Wagtail's view streams them).
            "querystring_auth": False,
        },
    }


def media_origin(storage):
    """Where the browser fetches images from: the CDN, the S3-compatible endpoint, or AWS's bucket address."""
    options = storage["OPTIONS"]
    if options["custom_domain"]:
        return f"https://{options['custom_domain']}"
    if options["endpoint_url"]:
        address = urlsplit(options["endpoint_url"])
        return f"{address.scheme}://{address.netloc}"
    return f"https://{options['bucket_name']}.s3.amazonaws.com"


def frontend_cache_settings():
    """wagtail.contrib.frontend_cache backends, from the environment; none (off) by default."""
    backends = {}
    if purge_url := env.str("FRONTEND_CACHE_PURGE_URL", ""):
        backends["http"] = {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": purge_url}
    if token := env.str("CLOUDFLARE_API_TOKEN", ""):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": token,
            "ZONEID": env.str("CLOUDFLARE_ZONE_ID", ""),
        }
    if distribution := env.str("CLOUDFRONT_DISTRIBUTION_ID", ""):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": distribution,
        }
    return backends


DEBUG = False
# Required in production (production.py); dev.py and test.py have keys of their own.
SECRET_KEY = env.str("SECRET_KEY", "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

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
    "subscriptions",
    "storyshare",
    "comments",
    "search",
    "editorial",
    "pagecache",
    "pageviews",
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
    "django.contrib.humanize",  # intcomma: "More than 1,000 results"
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Hashed, compressed static files straight from the worker, before anything else runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped for clients that accept it, cached ones too (the page cache keeps them plain);
    # Django's GZipMiddleware pads each response against BREACH, and CSRF tokens are masked per request.
    "django.middleware.gzip.GZipMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "protection.security.SiteCSPMiddleware",
    # Inside the header middleware, so its 503 page carries them too.
    "protection.availability.DatabaseUnavailableMiddleware",
    # Outside the page cache, so the pages it serves are counted too.
    "pageviews.middleware.PageViewMiddleware",
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
DATABASES = {"default": env.db_url("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].update(CONN_MAX_AGE=env.int("CONN_MAX_AGE", 0), CONN_HEALTH_CHECKS=True)
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
STATIC_ROOT = Path(env.str("STATIC_ROOT", str(BASE_DIR / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "protection.storage.LocalMediaStorage"},
    # Straight from the apps' folders, so a change shows at once; production.py serves collected, hashed copies.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads on S3-compatible storage (AWS S3, MinIO, R2), shared by every instance: protection/storage.py.
# Credentials come from the usual AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables or the instance role.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = media_storage(
        AWS_STORAGE_BUCKET_NAME,
        endpoint_url=env.str("AWS_S3_ENDPOINT_URL", None),
        region=env.str("AWS_S3_REGION_NAME", None),
        custom_domain=env.str("AWS_S3_CUSTOM_DOMAIN", None),
    )
# Images and their renditions from MEDIA_ROOT, by the app itself (ctqsite/urls.py); never documents, which only
# Wagtail's view serves (it checks the collection's privacy). On where uploads are files on this machine, so one
# machine needs nothing in front; SERVE_MEDIA=0 where a web server serves them (docs/deploy.md).
SERVE_MEDIA = env.bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)
if SERVE_MEDIA and AWS_STORAGE_BUCKET_NAME:
    raise ImproperlyConfigured("SERVE_MEDIA serves files from MEDIA_ROOT, but uploads are on S3 here: leave it unset.")

# Request size limits. Complex page editors post many fields (Wagtail's project template
# default); bodies other than uploaded files stop at 2.5 MB (a 400 page beyond that); uploads
# are limited per type below and by the web server's body limit (docs/deploy.md).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# --- Email (docs/settings.md; docs/deploy.md) ------------------------------------------------------
SEPARATE_EMAIL_VARIABLES = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
]


def email_settings():
    """Django's EMAIL_* settings from EMAIL_URL, or else from the separate variables (never both).

    EMAIL_URL is django-environ's: smtp+tls://user:password@host:587 (STARTTLS; so is smtps://),
    smtp+ssl://user:password@host:465 (TLS from the start), smtp://host:25, consolemail://,
    dummymail://; the user name and password percent-encoded.
    """
    if env.str("EMAIL_URL", ""):
        if given := [name for name in SEPARATE_EMAIL_VARIABLES if env.str(name, "")]:
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
            "EMAIL_BACKEND": env.str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
            "EMAIL_HOST": env.str("EMAIL_HOST", "localhost"),
            "EMAIL_PORT": env.int("EMAIL_PORT", None),
            "EMAIL_HOST_USER": env.str("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": env.str("EMAIL_HOST_PASSWORD", ""),
            # Env.bool refuses a mistyped value, so it never turns encryption off unnoticed.
            "EMAIL_USE_TLS": env.bool("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": env.bool("EMAIL_USE_SSL", False),
        }
    if config["EMAIL_USE_TLS"] and config["EMAIL_USE_SSL"]:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS (STARTTLS, port 587) and EMAIL_USE_SSL (port 465) exclude each other."
        )
    if config["EMAIL_PORT"] is None:
        config["EMAIL_PORT"] = 465 if config["EMAIL_USE_SSL"] else 587 if config["EMAIL_USE_TLS"] else 25
    # Seconds each step of a conversation with the mail server may take before the send fails (and is retried).
    config["EMAIL_TIMEOUT"] = env.float("EMAIL_TIMEOUT", 10.0)
    return config


email_config = email_settings()
# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL,
# EMAIL_TIMEOUT (and EMAIL_FILE_PATH for filemail://).
globals().update(email_config)
# Seconds a worker holds an owed email while sending it (outbox): if it dies mid-send, the
# retry commands send the email again once this has passed. Longer than any send can take: a send
# is about a dozen exchanges with the mail server, each allowed EMAIL_TIMEOUT.
EMAIL_LEASE_SECONDS = 20 * email_config["EMAIL_TIMEOUT"]
# --- end of email ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Collective Leadership <hello@example.org>")
# Days after a webinar ends before purge_registration_data removes registrants' personal data.
WEBINAR_REGISTRATION_RETENTION_DAYS = env.int("WEBINAR_REGISTRATION_RETENTION_DAYS", 365)
# Days without a new answer (or closing/reopening) before purge_abandoned_assessments deletes a team assessment.
SELF_ASSESSMENT_RETENTION_DAYS = env.int("SELF_ASSESSMENT_RETENTION_DAYS", 180)
# Rate limits (protection.ratelimit), so many per window of seconds from one address: team self-assessments
# started, and answer sheets sent alone or as a member (a school's staff answering together share one address).
SELF_ASSESSMENT_TEAM_RATE_LIMIT = env.int("SELF_ASSESSMENT_TEAM_RATE_LIMIT", 10)
SELF_ASSESSMENT_TEAM_RATE_LIMIT_WINDOW = env.int("SELF_ASSESSMENT_TEAM_RATE_LIMIT_WINDOW", 3600)
SELF_ASSESSMENT_ANSWER_RATE_LIMIT = env.int("SELF_ASSESSMENT_ANSWER_RATE_LIMIT", 60)
SELF_ASSESSMENT_ANSWER_RATE_LIMIT_WINDOW = env.int("SELF_ASSESSMENT_ANSWER_RATE_LIMIT_WINDOW", 600)
# Days before a plan task's due date that its owner is reminded (send_plan_reminders), if they gave an address.
PLAN_REMINDER_DAYS = env.int("PLAN_REMINDER_DAYS", 3)
# New rounds of a team's self-assessment opened from one address (the team workspace's progress page).
SELF_ASSESSMENT_ROUND_RATE_LIMIT = env.int("SELF_ASSESSMENT_ROUND_RATE_LIMIT", 10)
SELF_ASSESSMENT_ROUND_RATE_LIMIT_WINDOW = env.int("SELF_ASSESSMENT_ROUND_RATE_LIMIT_WINDOW", 3600)

# Form pages (docs/forms.md). Days purge_form_submissions keeps a submission.
FORM_SUBMISSION_RETENTION_DAYS = env.int("FORM_SUBMISSION_RETENTION_DAYS", 365)
# Spam defence: form posts accepted from one address per window; the fewest seconds a person
# takes between the form appearing and sending it, and the most before it must be sent again
# (so a stamp is not reusable for ever). Both times hold for the webinar registration form too.
FORM_RATE_LIMIT = env.int("FORM_RATE_LIMIT", 20)
FORM_RATE_LIMIT_WINDOW = env.int("FORM_RATE_LIMIT_WINDOW", 600)
FORM_MIN_FILL_SECONDS = env.float("FORM_MIN_FILL_SECONDS", 3.0)
FORM_MAX_AGE_SECONDS = env.int("FORM_MAX_AGE_SECONDS", 86400)
# Comments on roundtable posts (docs/comments.md). Days after a post's first publish that it takes
# comments; whether an address with an approved comment is published at once (otherwise every
# comment waits for a moderator); comments from one address per window; the most links one may hold;
# days purge_comments keeps rejected and spam comments; days a commenter's delete link works.
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", 90)
COMMENTS_TRUST_APPROVED_AUTHORS = env.bool("COMMENTS_TRUST_APPROVED_AUTHORS", False)
COMMENT_RATE_LIMIT = env.int("COMMENT_RATE_LIMIT", 5)
COMMENT_RATE_LIMIT_WINDOW = env.int("COMMENT_RATE_LIMIT_WINDOW", 600)
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", 2)
COMMENTS_REFUSED_RETENTION_DAYS = env.int("COMMENTS_REFUSED_RETENTION_DAYS", 30)
COMMENTS_DELETE_LINK_DAYS = env.int("COMMENTS_DELETE_LINK_DAYS", 30)
# Proxies in front of the site that append the visitor's address to X-Forwarded-For; 0 means
# the site is reached directly and REMOTE_ADDR is the visitor.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 0)
# The other rate limits (protection.ratelimit), each so many per window of seconds from one address:
# webinar sign-ups and searches (results pages and suggestions).
REGISTRATION_RATE_LIMIT = env.int("REGISTRATION_RATE_LIMIT", 10)
REGISTRATION_RATE_LIMIT_WINDOW = env.int("REGISTRATION_RATE_LIMIT_WINDOW", 600)
# Confirmations and links sent to one email address (any webinar) per window, counted in the
# database (webinars.registration): nobody can fill a stranger's inbox through the form.
REGISTRATION_EMAIL_LIMIT = env.int("REGISTRATION_EMAIL_LIMIT", 10)
REGISTRATION_EMAIL_LIMIT_WINDOW = env.int("REGISTRATION_EMAIL_LIMIT_WINDOW", 86400)
# Email subscriptions (docs/subscriptions.md): subscribe posts from one address per window; subscribers
# written per transaction when a new page goes out; days before an unconfirmed address is forgotten.
SUBSCRIBE_RATE_LIMIT = env.int("SUBSCRIBE_RATE_LIMIT", 10)
SUBSCRIBE_RATE_LIMIT_WINDOW = env.int("SUBSCRIBE_RATE_LIMIT_WINDOW", 600)
SUBSCRIPTION_BATCH_SIZE = env.int("SUBSCRIPTION_BATCH_SIZE", 200)
UNCONFIRMED_SUBSCRIBER_DAYS = env.int("UNCONFIRMED_SUBSCRIBER_DAYS", 7)
SEARCH_RATE_LIMIT = env.int("SEARCH_RATE_LIMIT", 300)
SEARCH_RATE_LIMIT_WINDOW = env.int("SEARCH_RATE_LIMIT_WINDOW", 60)
# Seconds the database backends remember a search's ranked ids and counts, and a list of suggestions
# (search/remembered.py); any change to what search may show retires them sooner. 0 turns it off.
SEARCH_RESULTS_CACHE_SECONDS = 300
# django-ratelimit lets a request through when the cache cannot count it: an outage locks nobody out.
RATELIMIT_FAIL_OPEN = True

# --- Sign-in lockout (django-axes; protection/signin.py, docs/security.md) ---------------------------
# Checked inside authenticate(), so every login view is covered; failures are rows in the database,
# shared by every worker and instance (a cache would forget them in a Redis outage or, per worker,
# count each worker's own).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# LOGIN_FAILURE_LIMIT failures lock an account (from unfamiliar addresses) and an address (for every
# account) for LOGIN_FAILURE_LIMIT_WINDOW seconds after the last of them.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(seconds=env.int("LOGIN_FAILURE_LIMIT_WINDOW", 900))
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
SIGN_IN_RETENTION_DAYS = env.int("SIGN_IN_RETENTION_DAYS", 30)
# Password reset emails asked for from one address, and sent to one email address, per window.
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", 10)
PASSWORD_RESET_RATE_LIMIT_WINDOW = env.int("PASSWORD_RESET_RATE_LIMIT_WINDOW", 3600)
PASSWORD_RESET_EMAIL_RATE_LIMIT = env.int("PASSWORD_RESET_EMAIL_RATE_LIMIT", 3)
PASSWORD_RESET_EMAIL_RATE_LIMIT_WINDOW = env.int("PASSWORD_RESET_EMAIL_RATE_LIMIT_WINDOW", 3600)

# --- Security headers (docs/security.md) ---------------------------------------------------------
# Plain HTTP allowed; production.py turns HTTPS on (redirect, HSTS, Secure cookies, core/site_url.py strict).
HTTPS_ONLY = False
if TRUSTED_PROXY_COUNT:
    # The proxy terminates TLS and says so; trusted only when a proxy is declared to be there.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The public site loads nothing from elsewhere before a visitor asks: a video is a link until it is
# clicked, then its host's player is framed from one of these (core/video.py PLAYER_HOSTS).
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
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        # Not 'none': the page editor's preview frames the site.
        "frame-ancestors": [SELF],
    }
}
# Under /admin/ (protection.security.SiteCSPMiddleware): what Wagtail's admin needs, no more. Its
# page editor still has inline scripts and style attributes; tests/protection/test_csp_browser.py checks.
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
if AWS_STORAGE_BUCKET_NAME:
    # Images come from the bucket or its CDN, on the site and in the admin.
    for policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):
        policy["DIRECTIVES"]["img-src"].append(media_origin(STORAGES["default"]))
# Browser features no page uses (django-permissions-policy).
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

REDIS_URL = env.str("REDIS_URL", "")
# CACHE_KEY_PREFIX keeps sites or environments sharing one Redis apart.
CACHES = cache_settings(
    REDIS_URL, env.str("PAGE_CACHE_DIR", str(BASE_DIR / ".page-cache")), env.str("CACHE_KEY_PREFIX", "ctq")
)
# Seconds a process skips a cache server after it failed (protection.cache), instead of waiting for its
# timeout on every call; then one call tries it again.
CACHE_BREAK_SECONDS = 5
# Seconds an anonymous page stays in the server's page cache; 0 turns the page cache off, as here unless
# asked for (template and code changes show at once). production.py turns it on.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", 0)
# Seconds a stored page is kept past that (or past a change that made it stale), to be served while one
# worker re-renders it; and the longest that re-render may hold its lock before another worker tries.
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", 300)
PAGE_CACHE_RENDER_LOCK_SECONDS = 30
# Seconds a worker serves a page it found fresh from its own memory, without asking the cache again;
# 0 asks every time. A publish on another instance shows there that much later (a browser may keep its
# copy for PAGE_CACHE_MAX_AGE anyway); production.py turns it on unless a CDN is purged on publish, which
# could fetch the old copy again in that second and keep it for PAGE_CACHE_CDN_MAX_AGE.
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", 0.0)
# Where a video's still comes from when the editor gives no poster (core/video_stills.py): the hosts'
# oEmbed endpoints, and the only hosts ever asked (their thumbnails included).
VIDEO_OEMBED_ENDPOINTS = {"youtube": "https://www.youtube.com/oembed", "vimeo": "https://vimeo.com/api/oembed.json"}
VIDEO_STILL_HOSTS = ("www.youtube.com", "vimeo.com", "i.ytimg.com", "i.vimeocdn.com")
VIDEO_STILL_TIMEOUT = 5
# Seconds a web worker keeps the page views it counted before writing them (pageviews/counting.py).
PAGE_VIEWS_FLUSH_SECONDS = env.int("PAGE_VIEWS_FLUSH_SECONDS", 30)
# Cache-Control max-age of cacheable pages: how long a browser may reuse its own copy.
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", 60)
# s-maxage for a CDN, sent only when one is purged on publish (WAGTAILFRONTENDCACHE below).
PAGE_CACHE_CDN_MAX_AGE = env.int("PAGE_CACHE_CDN_MAX_AGE", 600)
WAGTAILFRONTENDCACHE = frontend_cache_settings()
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


# At once here; production.py queues them for the worker by default, so email is never sent inside a request.
TASKS_BACKEND = env.str("TASKS_BACKEND", "immediate")
TASKS = tasks_settings(TASKS_BACKEND)

# Broken links (editorial.links, `manage.py check_links`): seconds to wait for each website, how many
# are asked at once, and the hosts that may be asked although they resolve to a private or loopback
# address (none: a link must not make the checker probe the site's own network).
LINK_CHECK_TIMEOUT = 5
LINK_CHECK_CONCURRENCY = 4
LINK_CHECK_ALLOWED_HOSTS = []

# Wagtail
WAGTAIL_SITE_NAME = "Collective Leadership"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": search_backend(
        env.str("SEARCH_URL", ""), DATABASES["default"]["ENGINE"], env.str("SEARCH_INDEX_PREFIX", "ctqsite_")
    )
}
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
