"""Django settings: SQLite in the working directory unless a database URL is given."""

import hashlib
import os
from pathlib import Path

import dj_database_url

from shinchoku import __version__
from shinchoku.ingest.limits import Limits

from .health import DEVELOPMENT_SECRET_KEY, wait_seconds

BASE_DIR = Path(__file__).resolve().parent

DEFAULT_DATABASE_URL = f"sqlite:///{Path.cwd() / 'shinchoku.sqlite3'}"


def database_url() -> str:
    """The database to use: SHINCHOKU_DATABASE_URL, then DATABASE_URL, then the local file."""
    return (
        os.environ.get("SHINCHOKU_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or DEFAULT_DATABASE_URL
    )


def _env(name: str, default: str = "") -> str:
    """SHINCHOKU_NAME, else the plain NAME (SECRET_KEY, ALLOWED_HOSTS …), else the default."""
    return os.environ.get(f"SHINCHOKU_{name}") or os.environ.get(name) or default


def _env_name(name: str) -> str:
    """The variable ``_env(name)`` reads, for a message: SHINCHOKU_NAME unless only NAME is set."""
    plain = os.environ.get(name) and not os.environ.get(f"SHINCHOKU_{name}")
    return name if plain else f"SHINCHOKU_{name}"


# Development default only: a deployment sets SECRET_KEY (serve refuses to start without it
# unless --insecure-dev is given; scripts/run keeps a random one in .secret_key).
SECRET_KEY = _env("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = _env("DEBUG") == "1"
ALLOWED_HOSTS = [h for h in _env("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in _env("CSRF_TRUSTED_ORIGINS").split(",") if o]
SECURE = _env("SECURE") == "1"  # behind HTTPS: secure cookies, HSTS, redirect

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "rules",
    "shinchoku.plan",
    "shinchoku.observations",
    "shinchoku.cycle",
    "shinchoku.registries",
    "shinchoku.council",
    "shinchoku.accounts",
    "shinchoku.audit",
    "shinchoku.web",
    "shinchoku.opendata",
    "shinchoku.api",
]

MIDDLEWARE = [
    "shinchoku.web.middleware.RequestIdMiddleware",  # first: every log line names its request
    "django.middleware.security.SecurityMiddleware",
    "shinchoku.web.middleware.DatabaseBusyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "shinchoku.uploads.handlers.RequestSizeMiddleware",
    "shinchoku.web.plan_prefix.PlanPrefixMiddleware",  # /plans/<slug>/…: before locale
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "shinchoku.registries.visitors.VisitorLanguages",  # zh-hans, ko: visitor pages only
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "shinchoku.web.middleware.StyledErrors",
    "shinchoku.web.middleware.PagesMoved",  # ?page= spelled otherwise: paging.py
]
CSRF_FAILURE_VIEW = "shinchoku.web.middleware.csrf_failure"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling first
    "django.contrib.auth.backends.ModelBackend",
    "rules.permissions.ObjectPermissionBackend",  # accounts.permissions.TABLE
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:after-login"
LOGOUT_REDIRECT_URL = "web:home"

# Login throttling: five failures for a user name from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked.html"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Base map tiles for the registries' maps (GSI by default; empty: no tiles, markers only).
SHINCHOKU_TILE_URL = os.environ.get(
    "SHINCHOKU_TILE_URL", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
)
_TILE_ORIGIN = "/".join(SHINCHOKU_TILE_URL.split("/")[:3]) if "://" in SHINCHOKU_TILE_URL else ""

# Content Security Policy: only our own files (and the tile server's images); no inline
# scripts, no CDN, no web fonts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous request is told 401 (with WWW-Authenticate), not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shinchoku.api.permissions.TablePermission"],
    # DRF's own parsers, JSON with a clear 400 for a body nested too deeply (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "shinchoku.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "shinchoku API",
    "DESCRIPTION": "Plan, evaluation and observations of the municipal plan shinchoku runs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Per process by default; SHINCHOKU_CACHE_DIR shares one file cache between the workers (and
# servers on one disk), so a public report is built once for all of them (`serve` uses
# ./cache). Keys name the database and the release: a folder kept across a switch to another
# database, or an upgrade, never serves the other's pages (`serve` also empties it at start,
# for a database restored from a backup, whose versions repeat).
CACHES = {
    "default": {
        **(
            {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": _env("CACHE_DIR"),
                "OPTIONS": {"MAX_ENTRIES": 10000},  # a page is one entry; 12,750 indicators
            }
            if _env("CACHE_DIR")
            else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        ),
        "KEY_PREFIX": hashlib.sha256(f"{database_url()}|{__version__}".encode()).hexdigest()[:12],
    }
}

ROOT_URLCONF = "shinchoku.urls"
WSGI_APPLICATION = "shinchoku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "shinchoku.web.context_processors.language",
            ]
        },
    }
]

# Connections are kept per worker (one query of start-up cost less on every request).
DATABASES = {
    "default": dj_database_url.parse(database_url(), conn_max_age=600, conn_health_checks=True)
}
# SQLite with several writers (web workers, a CLI import): WAL lets readers go on while one
# writes; every transaction begins IMMEDIATE (takes the write lock at BEGIN, so it waits for it
# instead of failing half-way); a writer waits up to SHINCHOKU_DB_TIMEOUT seconds for the lock,
# then the web answers 503 and the CLI a clear message. An in-memory database cannot use WAL.
# The same seconds bound PostgreSQL's wait for a locked row (locks.py): read here only.
SHINCHOKU_DB_TIMEOUT = wait_seconds(_env_name("DB_TIMEOUT"), _env("DB_TIMEOUT", "5"))
# How long the request that starts the first open-data build waits for it (a small plan's is
# ready well within it; a large plan's /data/ answers 503 until its background build ends).
SHINCHOKU_DATA_WAIT = wait_seconds(_env_name("DATA_WAIT"), _env("DATA_WAIT", "5"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _name = str(DATABASES["default"]["NAME"] or "")
    DATABASES["default"]["OPTIONS"] = {
        "timeout": SHINCHOKU_DB_TIMEOUT,
        "transaction_mode": "IMMEDIATE",
        **(
            {}
            if _name in ("", ":memory:") or "mode=memory" in _name
            else {"init_command": "PRAGMA journal_mode=WAL"}
        ),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "ja"
# Simplified Chinese and Korean serve the visitor pages only (registries/visitors.py).
LANGUAGES = [("ja", "日本語"), ("en", "English"), ("zh-hans", "简体中文"), ("ko", "한국어")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
# Uploaded files (council minutes) live beside the database unless MEDIA_ROOT says otherwise.
MEDIA_ROOT = _env("MEDIA_ROOT", str(Path.cwd() / "media"))
STATIC_ROOT = _env("STATIC_ROOT") or None

# Uploads (docs/observations.md "Limits"). One set of limits for the web and the command line:
# 20 MB a file, 200,000 rows, 100 columns, 10,000 characters a cell, 100 MB expanded XLSX,
# 1,000,000 shared strings, 2,000,000 cells, 2 MB a photo; each can be changed with
# SHINCHOKU_UPLOAD_MAX_ROWS, SHINCHOKU_UPLOAD_MAX_MB, SHINCHOKU_UPLOAD_MAX_PHOTO_MB …
SHINCHOKU_UPLOAD_LIMITS = Limits.from_env(os.environ)
# A file being previewed is kept here until it is confirmed, fails or expires (a day).
SHINCHOKU_UPLOAD_DIR = _env("UPLOAD_DIR", str(Path(MEDIA_ROOT) / "uploads"))
SHINCHOKU_UPLOAD_EXPIRY_HOURS = float(_env("UPLOAD_EXPIRY_HOURS", "24"))
# Every uploaded file streams through the bounded handler: 1 MB in memory, the rest on disk.
FILE_UPLOAD_HANDLERS = ["shinchoku.uploads.handlers.BoundedUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Form fields and JSON bodies (not files): 2.5 MB, 1,000 fields, 10 files a request.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# A confirmed upload of more rows than this is recorded by a background job with a progress
# page (observations/jobs.py); SHINCHOKU_JOBS_INLINE=1 runs jobs inside the request instead.
# Above this many indicators a report is one table row per indicator (core.layout).
SHINCHOKU_REPORT_DETAIL_LIMIT = int(_env("REPORT_DETAIL_LIMIT", "50"))
# Processes that render the reports while `site build` crawls the pages (0: the same one).
SHINCHOKU_SITE_WORKERS = int(_env("SITE_WORKERS", "1"))
SHINCHOKU_BACKGROUND_IMPORT_ROWS = int(_env("BACKGROUND_IMPORT_ROWS", "5000"))
SHINCHOKU_JOBS_INLINE = _env("JOBS_INLINE") == "1"  # only for a deployment that runs collectstatic
# Served by WhiteNoise straight from the apps' static folders: no collectstatic step needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = _env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = _env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(_env("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = _env("DEFAULT_FROM_EMAIL", "shinchoku@localhost")
# Links in e-mails point here (the address people use to reach the workspace).
SITE_URL = _env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Logs go to standard error (gunicorn and systemd keep them); each line names the request it
# belongs to (X-Request-ID), and a 500 leaves its traceback (Django's django.request logger).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "shinchoku.logs.RequestIdFilter"},
        "client_error_line": {"()": "shinchoku.logs.ClientErrorLine"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["stderr"], "level": _env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"level": _env("LOG_LEVEL", "INFO")},
        # a 4xx on one line (status, path, request id), no traceback (logs.ClientErrorLine)
        "django.request": {"filters": ["client_error_line"]},
        "shinchoku": {"level": _env("LOG_LEVEL", "INFO")},
    },
}
