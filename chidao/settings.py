"""Settings for Chỉ Đạo, read from environment variables with defaults that work on a laptop.

Names follow Django's own settings where one exists; the project's own are prefixed CHIDAO_.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The fallback key only serves a laptop's `make run`; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "chidao-insecure-development-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "chidao.core",
    "chidao.audit",
    "chidao.orgs",
    "chidao.directives",
    "chidao.reporting",
    "chidao.indicators",
    "chidao.resources",
    "chidao.supervision",
    "chidao.documents",
    "chidao.exchange",
    "chidao.meetings",
    "chidao.api",
    "chidao.demo",
    "django_tasks",
    "django_tasks_db",
    "chidao.notifications",
    "chidao.rounds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "chidao.urls"
WSGI_APPLICATION = "chidao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "chidao" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chidao.core.context_processors.navigation",
            ],
        },
    },
]

DATA_DIR = Path(os.environ.get("CHIDAO_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'chidao.sqlite3'}",
        conn_max_age=int(os.environ.get("CHIDAO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the single writer; IMMEDIATE transactions take the write lock
    # up front so two writers queue (busy timeout) instead of failing half-way with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = None if not DEBUG else 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"
# Django's model backend, loading the person's unit with them (chidao/orgs/backends.py). Django's
# own stays listed second: sessions opened before this backend existed name it, and stay valid.
AUTHENTICATION_BACKENDS = ["chidao.orgs.backends.UnitModelBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["chidao.formats"]
LOCALE_PATHS = [BASE_DIR / "chidao" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "chidao" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("CHIDAO_MANIFEST_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Evidence and documents live outside the web root and are only served through a view that
# checks permission per object.
CHIDAO_FILES_DIR = Path(os.environ.get("CHIDAO_FILES_DIR", DATA_DIR / "files"))
CHIDAO_MAX_UPLOAD_BYTES = int(os.environ.get("CHIDAO_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = CHIDAO_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
X_FRAME_OPTIONS = "DENY"

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "chidao@localhost")

# Background work (DESIGN §5): Django's task API on the database backend, run by
# `manage.py run_worker` (started beside the web server by `make run`).
# Figures of the read-heavy pages, cached per state of the data (chidao/core/figures.py): the key
# names today's date and the audit chain's head, so an entry is never stale. In-process memory: each
# gunicorn worker computes a state once; nothing to install or run beside the web server.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chidao-default"},
    "figures": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "chidao-figures",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
CHIDAO_FIGURES_CACHE = env_bool("CHIDAO_FIGURES_CACHE", True)

TASKS = {"default": {"BACKEND": os.environ.get("CHIDAO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# Reminders: N days before a deadline; escalation to the unit head and the leaders M days after.
CHIDAO_REMIND_DAYS_BEFORE = int(os.environ.get("CHIDAO_REMIND_DAYS_BEFORE", "3"))
CHIDAO_ESCALATE_AFTER_DAYS = int(os.environ.get("CHIDAO_ESCALATE_AFTER_DAYS", "3"))
# A reporting round takes late submissions this many days after its due date, then closes.
CHIDAO_ROUND_GRACE_DAYS = int(os.environ.get("CHIDAO_ROUND_GRACE_DAYS", "10"))
# Links in e-mails point here.
CHIDAO_SITE_URL = os.environ.get("CHIDAO_SITE_URL", "http://127.0.0.1:8000")

CHIDAO_SITE_NAME = os.environ.get("CHIDAO_SITE_NAME", "Chỉ Đạo")
# Indicator traffic lights: achievement (percent of target) at or above ON_TRACK is on track, at or
# above AT_RISK is at risk, below is off track. Disbursement warning: the year's disbursement rate
# trails the share of the year that has passed by more than this many percentage points.
CHIDAO_INDICATOR_ON_TRACK = int(os.environ.get("CHIDAO_INDICATOR_ON_TRACK", "90"))
CHIDAO_INDICATOR_AT_RISK = int(os.environ.get("CHIDAO_INDICATOR_AT_RISK", "70"))
CHIDAO_DISBURSEMENT_MARGIN = int(os.environ.get("CHIDAO_DISBURSEMENT_MARGIN", "15"))
CHIDAO_DEFAULT_DIRECTIVE = os.environ.get("CHIDAO_DEFAULT_DIRECTIVE", "57-NQ/TW")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CHIDAO_LOG_LEVEL", "WARNING")},
}

# Official documents (chidao.documents): the committee's layout and header. Unset ones fall back to
# the Đà Nẵng committee's wording in chidao/documents/conf.py.
for _name in (
    "CHIDAO_DOCUMENT_LAYOUT",  # state (Nghị định 30/2020/NĐ-CP) or party (Hướng dẫn 36-HD/VPTW)
    "CHIDAO_ISSUER_PARENT",
    "CHIDAO_ISSUER_NAME",
    "CHIDAO_NUMBER_SUFFIX",
    "CHIDAO_PLACE",
    "CHIDAO_SIGNER_TITLE",
    "CHIDAO_SIGNER_NAME",
    "CHIDAO_DOCX_TEMPLATE_DIR",
    "CHIDAO_EXCHANGE_SITE",
):
    if os.environ.get(_name):
        globals()[_name] = os.environ[_name]
if os.environ.get("CHIDAO_IMPORT_MAX_ROWS"):
    CHIDAO_IMPORT_MAX_ROWS = int(os.environ["CHIDAO_IMPORT_MAX_ROWS"])

# Exchange push (chidao.exchange.transport): hosts that may be reached over http:// or at a private
# address (comma-separated; empty = https to public addresses only), and the key that encrypts push
# tokens at rest (a Fernet key; unset = a key file made in the data directory on first use).
CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS", "").split(",") if h.strip()
]
CHIDAO_EXCHANGE_KEY = os.environ.get("CHIDAO_EXCHANGE_KEY", "")
# Limits checked before an uploaded .xlsx/.docx is read (chidao.core.office); defaults there.
for _name in ("MEMBERS", "UNCOMPRESSED", "RATIO", "ROWS", "COLUMNS", "CELLS", "MERGED_RANGES", "MERGED_CELLS"):
    if os.environ.get(f"CHIDAO_OFFICE_MAX_{_name}"):
        globals()[f"CHIDAO_OFFICE_MAX_{_name}"] = int(os.environ[f"CHIDAO_OFFICE_MAX_{_name}"])
