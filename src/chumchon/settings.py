"""Django settings for Chumchon, read from the environment (see ``chumchon.conf``).

One settings module for every environment: what differs between a laptop demo, the test suite and
production is said in ``CHUMCHON_*`` variables, documented in docs/deploy.md.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from chumchon.conf import SettingError, env_bool, env_database, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("CHUMCHON_DATA_DIR", Path.cwd() / "var")
DEBUG = env_bool("CHUMCHON_DEBUG", False)
SECRET_KEY = env_str("CHUMCHON_SECRET_KEY", "chumchon-insecure-demo-key-set-CHUMCHON_SECRET_KEY-in-production")
ALLOWED_HOSTS = env_list("CHUMCHON_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CHUMCHON_CSRF_TRUSTED_ORIGINS", [])

# PyThaiNLP must never try the network; its data lives with ours.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_DATA", str(DATA_DIR / "pythainlp"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",  # throttles failed log-ins per user and per address
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "chumchon.core",
    "chumchon.accounts",
    "chumchon.audit",
    "chumchon.areas",
    "chumchon.organizations",
    "chumchon.poverty",
    "chumchon.capital",
    "chumchon.relief",
    "chumchon.plans",
    "chumchon.budgets",
    "chumchon.projects",
    "chumchon.meetings",
    "chumchon.indicators",
    "chumchon.assessment",
    "chumchon.search",
    "chumchon.portal",
    "chumchon.reports",
    "chumchon.api",
    "ninja",  # its templates/static serve Swagger UI locally (no CDN) at /api/docs
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chumchon.core.request_memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chumchon.core.nul.RejectNulMiddleware",
    "chumchon.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "chumchon.audit.middleware.AuditRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chumchon.urls"
WSGI_APPLICATION = "chumchon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chumchon.accounts.context_processors.main_menu",
            ],
            "builtins": ["chumchon.core.templatetags.thai"],
        },
    }
]

DATABASES = {"default": env_database("CHUMCHON_DATABASE_URL", DATA_DIR / "chumchon.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The public portal's page cache (portal.pagecache, docs/deploy.md "Public page cache"): an anonymous page is
# rendered once per (path, language, data version) and shared by every worker on every app server.
# "database" (default) keeps the pages in a table of the main database, so every app server sees the same
# copies and the same data version; "file" keeps them under <data dir>/page-cache (one machine only);
# "none" turns the cache off. CHUMCHON_PUBLIC_CACHE_SECONDS bounds how long a copy is kept even when no
# change is signalled; CHUMCHON_PUBLIC_MAX_AGE is what browsers and proxies are told (Cache-Control).
PUBLIC_CACHE = env_str("CHUMCHON_PUBLIC_CACHE", "database")
PUBLIC_CACHE_SECONDS = env_int("CHUMCHON_PUBLIC_CACHE_SECONDS", 600)
PUBLIC_MAX_AGE = env_int("CHUMCHON_PUBLIC_MAX_AGE", 60)
# Each worker also keeps its last pages and re-reads the data version at most this often (0: every request).
PUBLIC_CACHE_LOCAL_SECONDS = env_int("CHUMCHON_PUBLIC_CACHE_LOCAL_SECONDS", 1)
# Signed-in pages keep their costly fragments per data version (core.fragments) at most this long (0: off);
# the bound covers writes made outside Django, which no data version sees.
FRAGMENT_CACHE_SECONDS = env_int("CHUMCHON_FRAGMENT_CACHE_SECONDS", 300)
_PAGE_CACHES: dict[str, dict[str, object]] = {
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "chumchon_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
    },
    "file": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "page-cache"),
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
    },
    "none": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
if PUBLIC_CACHE not in _PAGE_CACHES:
    raise SettingError("CHUMCHON_PUBLIC_CACHE", PUBLIC_CACHE, "database, file หรือ none", "database, file or none")
CACHES = {
    # Per process: intermediate objects (places, trees) that each worker keeps for itself.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {**_PAGE_CACHES[PUBLIC_CACHE], "TIMEOUT": PUBLIC_CACHE_SECONDS},
}
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses log-ins while an account or address is paused
    "chumchon.accounts.backends.ScopedPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed log-ins (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username, or from
# one address, logging in there is paused for LOGIN_COOLOFF_MINUTES; a success resets the count.
AXES_FAILURE_LIMIT = env_int("CHUMCHON_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("CHUMCHON_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests
AXES_LOCKOUT_CALLABLE = "chumchon.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Behind nginx the client's address is the last hop in X-Forwarded-For (docs/deploy.md).
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("CHUMCHON_BEHIND_PROXY", False) else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if env_bool("CHUMCHON_BEHIND_PROXY", False) else ("REMOTE_ADDR",)
)

# E-mail (password resets, daily digests): SMTP when CHUMCHON_EMAIL_HOST is set; otherwise each
# message is written as a file under <data dir>/mail, so the demo works offline.
EMAIL_HOST = env_str("CHUMCHON_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("CHUMCHON_EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("CHUMCHON_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("CHUMCHON_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("CHUMCHON_EMAIL_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("CHUMCHON_EMAIL_FROM", "chumchon@localhost")
# The address users reach the system at, for the links in e-mails (the daily digest).
SITE_URL = env_str("CHUMCHON_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Thai first; English is the switch. Dates are shown in the Buddhist Era by our own filters
# (Django's th locale prints Gregorian years).
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "chumchon_language"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the installed packages' static folders, so the demo needs no collectstatic.
WHITENOISE_USE_FINDERS = True
# Leaflet's files ship inside django-leaflet; we use the files only (its app would pull in GDAL).
_LEAFLET_SPEC = importlib.util.find_spec("leaflet")
STATICFILES_DIRS = [("leaflet", Path(str(_LEAFLET_SPEC and _LEAFLET_SPEC.origin)).parent / "static" / "leaflet")]
# The project's own static/ (chumchon.css): the ``chumchon`` package itself is not an app, so the
# app-directories finder would not see it.
STATICFILES_DIRS.append(("", PACKAGE_DIR / "static"))
WHITENOISE_AUTOREFRESH = DEBUG

# Background jobs: a real queue in the database (embedded and production alike); workers are
# `chumchon worker` processes on any machine that reaches the database.
TASKS = {
    "default": {
        "BACKEND": env_str("CHUMCHON_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# A running job's worker writes a heartbeat this often; a job not heard from for JOB_STALE_SECONDS
# is failed (its worker or the worker's machine has stopped).
JOB_HEARTBEAT_SECONDS = env_int("CHUMCHON_JOB_HEARTBEAT_SECONDS", 30, minimum=1)
JOB_STALE_SECONDS = env_int("CHUMCHON_JOB_STALE_SECONDS", 600, minimum=60)

# Columnar survey data (Parquet) read by DuckDB.
SURVEY_STORE = env_path("CHUMCHON_SURVEY_STORE", DATA_DIR / "surveys")
# Public pages suppress any count below this (PDPA small-cell rule).
PUBLIC_MIN_COUNT = env_int("CHUMCHON_PUBLIC_MIN_COUNT", 5, minimum=1)

# Upload size limits in MB (core/uploads.py): every uploaded document, photo, evidence or import file;
# survey data files (a province's households and persons) get their own, larger limit.
MAX_UPLOAD_MB = env_int("CHUMCHON_MAX_UPLOAD_MB", 20, minimum=1)
MAX_SURVEY_UPLOAD_MB = env_int("CHUMCHON_MAX_SURVEY_UPLOAD_MB", 500, minimum=1)

# Django's database sessions, read in one statement with the data versions (core.sessions, core.kept).
SESSION_ENGINE = "chumchon.core.sessions"
SESSION_COOKIE_SECURE = env_bool("CHUMCHON_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("CHUMCHON_BEHIND_PROXY", False) else None
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CHUMCHON_LOG_LEVEL", "WARNING")},
}
