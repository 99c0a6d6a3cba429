"""Settings for Chỉ Đạo, read from environment variables with defaults that work on a laptop.

Names follow Django's own settings where one exists; the project's own are prefixed CHIDAO_.
"""

from __future__ import annotations

import os
import secrets
import sys
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


def _key_from_file(path: Path) -> str:
    """The key kept in `path`, written there (random, mode 600) on first use: `make run` stays two commands."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


# SECRET_KEY from the environment, else from the file CHIDAO_SECRET_KEY_FILE names (`make run` names
# var/secret_key), else a public key only for DEBUG and the test suite. Otherwise it stays empty and
# the server refuses to start (chidao/wsgi.py) with a message that says what to set.
if os.environ.get("SECRET_KEY"):
    SECRET_KEY = os.environ["SECRET_KEY"]
elif os.environ.get("CHIDAO_SECRET_KEY_FILE"):
    SECRET_KEY = _key_from_file(Path(os.environ["CHIDAO_SECRET_KEY_FILE"]))
elif DEBUG or "pytest" in sys.modules:
    SECRET_KEY = "chidao-insecure-development-key-change-me"
else:
    SECRET_KEY = ""
CHIDAO_SECRET_KEY_MISSING = not SECRET_KEY
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
    "chidao.guide",
    # Accounts (issue 10): second factor, login lockout, access tokens; "ninja" serves Swagger UI's
    # own static files so /api/v1/docs works on a closed network.
    "chidao.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "ninja",
    "chidao.members",
    "chidao.library",
    "chidao.study",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chidao.members.middleware.PartyMemberScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chidao.accounts.middleware.SessionIdleMiddleware",
    "chidao.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chidao.urls"
WSGI_APPLICATION = "chidao.wsgi.application"
ASGI_APPLICATION = "chidao.asgi.application"

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
                "chidao.accounts.context_processors.installation",
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
# django-axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS.insert(0, "chidao.accounts.backends.LockoutBackend")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "chidao.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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

# The audit chain's HMAC key (chidao/audit/keys.py): from the environment, else generated once
# into this file (mode 600), which `backup` carries so a restore verifies. Separate from SECRET_KEY.
CHIDAO_AUDIT_KEY = os.environ.get("CHIDAO_AUDIT_KEY", "")
CHIDAO_AUDIT_KEY_FILE = Path(os.environ.get("CHIDAO_AUDIT_KEY_FILE", DATA_DIR / "audit.key"))
# The key that seals an open secret vote's tallies (chidao/meetings/seal.py); not in the database.
CHIDAO_BALLOT_KEY = os.environ.get("CHIDAO_BALLOT_KEY", "")
CHIDAO_BALLOT_KEY_FILE = Path(os.environ.get("CHIDAO_BALLOT_KEY_FILE", DATA_DIR / "ballot.key"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
X_FRAME_OPTIONS = "DENY"

# --- Accounts and transport (issue 10; README "Triển khai") -------------------------------------
# Behind HTTPS (a reverse proxy that sets X-Forwarded-Proto): HSTS, secure cookies, redirect to https.
CHIDAO_HTTPS = env_bool("CHIDAO_HTTPS", False)
if CHIDAO_HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("CHIDAO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CHIDAO_HSTS_INCLUDE_SUBDOMAINS", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The proxy's and the monitor's health probe speak plain HTTP on the loopback.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# A signed-in session ends after this many idle minutes (chidao/accounts/middleware.py), and at the
# latest after CHIDAO_SESSION_MAX_HOURS whatever happens.
CHIDAO_SESSION_IDLE_MINUTES = int(os.environ.get("CHIDAO_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = int(os.environ.get("CHIDAO_SESSION_MAX_HOURS", "12")) * 3600
# Requests that do not count as activity: the live meeting's once-a-second state poll (a screen left
# open must not keep a session alive for ever; the panel refresh a moving meeting triggers does count).
CHIDAO_SESSION_PASSIVE_URL_NAMES = ["meeting_state", "meeting_events"]
# Second factor (TOTP + recovery codes, django-otp) for admin, standing office and leaders, waived
# only on a demo installation. Not read from the environment: only the test suite turns it off.
CHIDAO_SECOND_FACTOR_ENFORCED = True
OTP_TOTP_ISSUER = os.environ.get("CHIDAO_SITE_NAME", "Chỉ Đạo")
# Login lockout (django-axes): CHIDAO_LOGIN_FAILURE_LIMIT failures for one username from one address
# lock that pair for CHIDAO_LOGIN_COOLOFF_MINUTES; an administrator can unlock at /tai-khoan/nguoi-dung/.
AXES_FAILURE_LIMIT = int(os.environ.get("CHIDAO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("CHIDAO_LOGIN_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "chidao.accounts.backends.client_ip"
# Behind a reverse proxy: the request header (e.g. X-Real-IP) that carries the client's address.
# Only set it when the app is reachable through the proxy alone, or anyone can claim any address.
CHIDAO_CLIENT_IP_HEADER = os.environ.get("CHIDAO_CLIENT_IP_HEADER", "")
# Content-Security-Policy (django-csp): scripts only from our own static files, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

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
# Several web processes (or machines) and the worker on one database: CHIDAO_CACHE_URL=redis://…
# puts both caches in one Redis, shared by all (figures, follow-the-chair, access checks). A Redis
# that is down costs a logged warning, never a page: the pages answer from the database
# (chidao/core/cache.py). Unset: the in-process memory above, as `make run` wants.
CHIDAO_CACHE_URL = os.environ.get("CHIDAO_CACHE_URL", "").strip()
if CHIDAO_CACHE_URL:
    _redis = {"BACKEND": "chidao.core.cache.SafeRedisCache", "LOCATION": CHIDAO_CACHE_URL,
              "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "chidao"},
        "figures": {**_redis, "KEY_PREFIX": "chidao-figures", "TIMEOUT": 24 * 3600},
    }

TASKS = {"default": {"BACKEND": os.environ.get("CHIDAO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# With EMAIL_HOST set, real SMTP; without it (a laptop's first `make run`), mail is written as files
# into var/mail (CHIDAO_MAIL_DIR) instead of failing against a server that is not there.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = Path(os.environ.get("CHIDAO_MAIL_DIR", DATA_DIR / "mail"))
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
# Days a cell secretary or the standing office has to answer a member's question (handbook).
CHIDAO_QUESTION_ANSWER_DAYS = int(os.environ.get("CHIDAO_QUESTION_ANSWER_DAYS", "10"))

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
