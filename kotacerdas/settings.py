"""Settings for kotacerdas, read from the environment (see .env.example).

DEBUG is off unless DJANGO_DEBUG=1; without debug, DJANGO_SECRET_KEY and DATABASE_URL are required so a
misconfigured server stops at start-up instead of running with a default secret or an empty database.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"

_database_url = os.environ.get("DATABASE_URL", "")
if not _database_url:
    if not DEBUG:
        raise ImproperlyConfigured("DATABASE_URL is required when DJANGO_DEBUG is off.")
    _database_url = f"sqlite:///{BASE_DIR / 'var' / 'kotacerdas.sqlite3'}"
# Health checks: a connection the database dropped (restart, failover) is replaced at the next request.
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock at BEGIN, so two simultaneous submissions wait instead of failing "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # django-ninja serves its Swagger UI files locally only when it is installed as an app (no CDN).
    "ninja",
    # Our apps, in dependency order (see docs/architecture.md).
    "kotacerdas.core",
    "kotacerdas.accounts",
    "kotacerdas.regions",
    "kotacerdas.framework",
    "kotacerdas.programmes",
    "kotacerdas.bimtek",
    "kotacerdas.masterplans",
    "kotacerdas.evaluations",
    "kotacerdas.scheduling",
    "kotacerdas.monitoring",
    "kotacerdas.implementation",
    "kotacerdas.letters",
    "kotacerdas.news",
    "kotacerdas.portal",
    "kotacerdas.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from each app server, compressed and cached, before any other work.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kotacerdas.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # An id beyond any column's range is a 404, not a database error.
    "kotacerdas.core.middleware.BoundedUrlIntegersMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into our lockout page.
    "axes.middleware.AxesMiddleware",
    # After it, so its process_exception runs first: a lost database gets a 503 page that needs no database.
    "kotacerdas.core.middleware.DatabaseUnavailableMiddleware",
    # A deletion refused by protected rows answers 409 naming them, never 500 (core/deletion.py).
    "kotacerdas.core.deletion.ProtectedDeletionMiddleware",
]

ROOT_URLCONF = "kotacerdas.urls"
CSRF_FAILURE_VIEW = "kotacerdas.core.views.csrf_failure"
WSGI_APPLICATION = "kotacerdas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kotacerdas.core.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling: five failures for one e-mail address from one client lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form's field is called "username" (Django's AuthenticationForm) even though it holds an e-mail.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kotacerdas" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "var" / "static")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Uploaded files: a directory (DJANGO_MEDIA_ROOT, shared by every app server and worker) or, with
# DJANGO_MEDIA_STORAGE=s3, a private bucket of an S3-compatible service (AWS S3, MinIO, ...); docs/deployment.md.
# Either way every download goes through the app's permission checks; nothing links to the bucket directly.
MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if not os.environ.get("DJANGO_MEDIA_S3_BUCKET"):
        raise ImproperlyConfigured("DJANGO_MEDIA_S3_BUCKET is required when DJANGO_MEDIA_STORAGE is 's3'.")
    _s3_options = {
        "bucket_name": os.environ["DJANGO_MEDIA_S3_BUCKET"],
        # Key prefix inside the bucket ("" = the whole bucket), so one bucket can serve several sites.
        "location": os.environ.get("DJANGO_MEDIA_S3_PREFIX", "").strip("/"),
        "endpoint_url": os.environ.get("DJANGO_MEDIA_S3_ENDPOINT_URL") or None,  # MinIO and other services
        "region_name": os.environ.get("DJANGO_MEDIA_S3_REGION") or None,
        # "path" (bucket in the URL's path) for most MinIO set-ups; empty lets boto3 choose.
        "addressing_style": os.environ.get("DJANGO_MEDIA_S3_ADDRESSING_STYLE") or None,
        # URLs on this host (a CDN or proxy in front of the bucket) are NOT signed: it must guard access itself.
        "custom_domain": os.environ.get("DJANGO_MEDIA_S3_CUSTOM_DOMAIN") or None,
        # Private objects: no ACL is sent, so every object keeps the private bucket's policy. The media include
        # unpublished masterplan documents, evidence files and drafts' images.
        "default_acl": None,
        # Signed URLs that expire (the app itself hands out none: it streams every file after its checks).
        "querystring_auth": True,
        "querystring_expire": int(os.environ.get("DJANGO_MEDIA_S3_URL_SECONDS", "300")),
        "signature_version": "s3v4",
        # A new upload never replaces an object of the same name (the name gets a suffix, as on disk).
        "file_overwrite": False,
        # A file read from the bucket is buffered in memory up to this size, in a temporary file beyond it.
        "max_memory_size": 5 * 1024 * 1024,
    }
    # Without keys, boto3 finds credentials itself (AWS_* variables, an instance or pod role).
    if os.environ.get("DJANGO_MEDIA_S3_ACCESS_KEY_ID"):
        _s3_options["access_key"] = os.environ["DJANGO_MEDIA_S3_ACCESS_KEY_ID"]
        _s3_options["secret_key"] = os.environ.get("DJANGO_MEDIA_S3_SECRET_ACCESS_KEY", "")
    _media_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
else:
    raise ImproperlyConfigured("DJANGO_MEDIA_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or not env_bool("DJANGO_STATIC_MANIFEST", True)
            # Hashed names (cached for a year by browsers) and gzip/brotli copies that WhiteNoise serves.
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Mail: console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kotacerdas <no-reply@kotacerdas.local>")

# Security headers. Strict transport and secure cookies whenever we are not in debug.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = (not DEBUG) and env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips it from clients).
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG

# No inline scripts or styles anywhere: every page works under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Background work: a database queue served by `manage.py db_worker`; the immediate backend runs a task inline.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Automatic scheduling (CP-SAT): solver threads per run, and a ceiling on any event's time limit.
SCHEDULING_WORKERS = int(os.environ.get("SCHEDULING_WORKERS", "2"))
SCHEDULING_MAX_SECONDS = int(os.environ.get("SCHEDULING_MAX_SECONDS", "120"))

# The cache holds the API's and the public forms' rate-limit counts, the public pages, the scoring board and
# derived parts of pages. With REDIS_URL (redis://host:port/db) it is that Redis, shared by every app server, and
# sessions are read from it too (written through to the database, so a restarted Redis signs nobody out).
# Without it: local memory, which counts per process, or with several app servers and no Redis
# DJANGO_CACHE=database, one table for every process (made by `manage.py createcachetable`).
REDIS_URL = os.environ.get("REDIS_URL", "")
DJANGO_CACHE = os.environ.get("DJANGO_CACHE", "locmem")
if REDIS_URL:
    _xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _xdist_worker.startswith("gw"):
        # Parallel test processes each empty the cache before every test (tests/conftest.py), and emptying a Redis
        # cache empties its whole database: each process gets its own, the URL's number plus its own.
        _url = urlsplit(REDIS_URL)
        _db = int(_url.path.lstrip("/") or 0) + int(_xdist_worker[2:])
        REDIS_URL = urlunsplit(_url._replace(path=f"/{_db}"))
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DJANGO_CACHE == "database":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kotacerdas_cache"}
    }
elif DJANGO_CACHE == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("DJANGO_CACHE must be 'locmem' or 'database'.")
# Each process's own memory, for what is kept under a key that names the state it was derived from ({% statepart %},
# a frozen masterplan's summary: core.cache.render_once_per_state): never stale, and a page reads several.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kotacerdas-local",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# Public pages for anonymous visitors are rendered once per this many seconds and then served from the cache
# (kotacerdas/core/cache.py); 0 turns it off. Off in development, so an edit shows at once.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "0" if DEBUG else "60"))

# The live scoring board is rendered once per state of the event's sheets and shared by the secretariat for at
# most this many seconds, its own refresh period (kotacerdas/evaluations/board.board_html); 0 = off.
SCORING_BOARD_CACHE_SECONDS = int(os.environ.get("SCORING_BOARD_CACHE_SECONDS", "0" if DEBUG else "10"))

# Open data API (kotacerdas/api, docs/api.md): requests a minute per client address without a token, and per
# token. The address is REMOTE_ADDR unless NINJA_NUM_PROXIES trusted proxies put it in X-Forwarded-For.
API_RATE_LIMIT_ANONYMOUS = int(os.environ.get("API_RATE_LIMIT_ANONYMOUS", "120"))
API_RATE_LIMIT_TOKEN = int(os.environ.get("API_RATE_LIMIT_TOKEN", "600"))
# Failed token attempts per client address in five minutes before the API answers 429 (token guessing).
API_AUTH_FAILURES = int(os.environ.get("API_AUTH_FAILURES", "20"))
NINJA_NUM_PROXIES = int(os.environ.get("NINJA_NUM_PROXIES", "0"))
# Public comments and feedback: the request header that holds the client address behind a trusted proxy
# (e.g. HTTP_X_REAL_IP); empty means REMOTE_ADDR. See kotacerdas/news/protection.py.
NEWS_CLIENT_IP_HEADER = os.environ.get("NEWS_CLIENT_IP_HEADER", "")

# Uploads: spreadsheets only, and small. Checked again per form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Logs go to standard error; DJANGO_LOG_FORMAT=json writes one JSON object a line (for a log collector).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "kotacerdas.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("DJANGO_LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
