"""Pathmaker settings: one module, driven by environment variables.

With nothing set, Pathmaker runs on a SQLite file under ./var so the demo needs
no other service. Production sets DATABASE_URL (PostgreSQL), PATHMAKER_SECRET_KEY,
PATHMAKER_QUEUE_URL (Redis, for the background worker) and PATHMAKER_CACHE_URL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from pathmaker.lib.env import ConfigurationError, env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("PATHMAKER_DATA_DIR", str(Path.cwd() / "var"))).resolve()
# The data folder holds the SQLite database, uploads and the secret key: the server's user's only.
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
DATA_DIR.chmod(0o700)

DEBUG = env_bool("PATHMAKER_DEBUG", False)


def _secret_key() -> str:
    configured = env_str("PATHMAKER_SECRET_KEY")
    if configured:
        return configured
    # A quick-start install keeps a generated key beside its data, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("PATHMAKER_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
# Behind an HTTPS proxy: the public origins forms are posted from (https://pathmaker.example.org).
# PATHMAKER_CSRF_TRUSTED_ORIGINS is the older name of the same setting.
CSRF_TRUSTED_ORIGINS = env_list("PATHMAKER_TRUSTED_ORIGINS", env_list("PATHMAKER_CSRF_TRUSTED_ORIGINS", []))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "ninja",
    "pathmaker.components",
    "pathmaker.accounts",
    "pathmaker.rostering",
    "pathmaker.frameworks",
    "pathmaker.evidence",
    "pathmaker.mastery",
    "pathmaker.profiles",
    "pathmaker.goals",
    "pathmaker.inventories",
    "pathmaker.portfolios",
    "pathmaker.conferences",
    "pathmaker.resources",
    "pathmaker.pacing",
    "pathmaker.paths",
    "pathmaker.grouping",
    "pathmaker.scheduling",
    "pathmaker.reports",
    "pathmaker.access",
    "pathmaker.audit",
    "pathmaker.jobs",
    "pathmaker.portal",
    "pathmaker.api",
    "pathmaker.demo",
    "pathmaker.benchmarks",
]

MIDDLEWARE = [
    "pathmaker.portal.middleware.RequestBodyLimitMiddleware",
    "pathmaker.portal.middleware.NulCharacterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pathmaker.audit.actor.ActorMiddleware",  # after auth: request.actor, the one actor of the request
    "pathmaker.audit.middleware.DeniedAccessAuditMiddleware",  # after auth: records who was refused
    "pathmaker.portal.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pathmaker.portal.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "pathmaker.urls"
WSGI_APPLICATION = "pathmaker.wsgi.application"

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
                "pathmaker.portal.context.navigation",
            ],
            # `day`, `number` and `role_name` (pathmaker.components.display) on every page, the one way to
            # write them; `{% breadcrumbs %}` and `{% crumb %}` (pathmaker.components), the one trail.
            # `web_link`: a stored link reaches an href only when it is an http(s) address.
            "builtins": [
                "pathmaker.components.templatetags.display",
                "pathmaker.components.templatetags.components",
                "pathmaker.portal.templatetags.links",
            ],
        },
    }
]

SQLITE_PATH = DATA_DIR / "pathmaker.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=env_int("PATHMAKER_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages keep reading while an import writes; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # SQLite creates its file (and the -wal/-shm files, which copy its mode) world-readable: create it
    # 0600 first, and tighten one an earlier version left readable.
    _sqlite_file = Path(DATABASES["default"]["NAME"])
    if DATABASES["default"]["NAME"] != ":memory:" and _sqlite_file.parent.is_dir():
        os.close(os.open(_sqlite_file, os.O_CREAT | os.O_WRONLY, 0o600))
        for _part in (_sqlite_file, Path(f"{_sqlite_file}-wal"), Path(f"{_sqlite_file}-shm")):
            if _part.exists() and _part.stat().st_mode & 0o077:
                _part.chmod(0o600)
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ConfigurationError(
        "DATABASE_URL must point at PostgreSQL (postgres://...) or SQLite (sqlite:///...)"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Django's, refusing accounts whose rostered person is deactivated (at login and on every request).
AUTHENTICATION_BACKENDS = ["pathmaker.accounts.backends.RosterBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# --- accounts ---
# Login throttling (pathmaker/accounts/throttle.py): wrong passwords allowed per account and per client
# address (a school's students share one address: keep that limit high) before logins from it are
# refused for PATHMAKER_LOGIN_LOCKOUT_MINUTES after the last failure.
PATHMAKER_LOGIN_FAILURES_PER_ACCOUNT = env_int("PATHMAKER_LOGIN_FAILURES_PER_ACCOUNT", 10)
PATHMAKER_LOGIN_FAILURES_PER_ADDRESS = env_int("PATHMAKER_LOGIN_FAILURES_PER_ADDRESS", 100)
PATHMAKER_LOGIN_LOCKOUT_MINUTES = env_int("PATHMAKER_LOGIN_LOCKOUT_MINUTES", 15)
# API tokens expire this many days after they are made.
PATHMAKER_API_TOKEN_DAYS = env_int("PATHMAKER_API_TOKEN_DAYS", 90)
for _name in (
    "PATHMAKER_LOGIN_FAILURES_PER_ACCOUNT",
    "PATHMAKER_LOGIN_FAILURES_PER_ADDRESS",
    "PATHMAKER_LOGIN_LOCKOUT_MINUTES",
    "PATHMAKER_API_TOKEN_DAYS",
):
    if globals()[_name] < 1:
        raise ConfigurationError(f"{_name} must be 1 or more")
# E-mail (password reset links): printed to the console unless an SMTP host is set.
PATHMAKER_EMAIL_HOST = env_str("PATHMAKER_EMAIL_HOST").strip()
if PATHMAKER_EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = PATHMAKER_EMAIL_HOST
    EMAIL_PORT = env_int("PATHMAKER_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("PATHMAKER_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_str("PATHMAKER_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("PATHMAKER_EMAIL_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("PATHMAKER_EMAIL_FROM", "pathmaker@localhost")
# A password reset link works for this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env_int("PATHMAKER_PASSWORD_RESET_HOURS", 24) * 3600

# --- security ---
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("PATHMAKER_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Secure cookies mean the site is served over HTTPS: tell browsers to never use plain HTTP again.
SECURE_HSTS_SECONDS = env_int("PATHMAKER_HSTS_SECONDS", 31536000) if SESSION_COOKIE_SECURE else 0
# A signed-in session ends after this many minutes without a request (sliding: each request renews it).
PATHMAKER_SESSION_IDLE_MINUTES = env_int("PATHMAKER_SESSION_IDLE_MINUTES", 30)
if PATHMAKER_SESSION_IDLE_MINUTES < 1:
    raise ConfigurationError("PATHMAKER_SESSION_IDLE_MINUTES must be 1 or more (minutes)")
# Behind an HTTPS proxy: the header it sets on requests that came in over HTTPS, as NAME=VALUE
# (X-Forwarded-Proto=https). Only set it when the proxy always sets or strips that header.
_proxy_ssl_header = env_str("PATHMAKER_PROXY_SSL_HEADER").strip()
if _proxy_ssl_header:
    _name, _sep, _value = _proxy_ssl_header.partition("=")
    if not (_sep and _name.strip() and _value.strip()):
        raise ConfigurationError(
            f"PATHMAKER_PROXY_SSL_HEADER={_proxy_ssl_header!r} must be NAME=VALUE, e.g. X-Forwarded-Proto=https"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_"), _value.strip())
# The header a trusted proxy puts the client's address in (X-Forwarded-For, X-Real-IP), for the audit
# log. Empty: the address of the connection (REMOTE_ADDR), since any client can send such a header.
PATHMAKER_CLIENT_IP_HEADER = env_str("PATHMAKER_CLIENT_IP_HEADER").strip()
# Content-Security-Policy (django-csp): scripts, styles and everything else from this site only, so no
# inline script, event handler, style attribute or javascript: link runs even if one were injected.
CONTENT_SECURITY_POLICY = {
    # Our own static files: a browser opening an image directly styles its viewer page inline.
    "EXCLUDE_URL_PREFIXES": ["/static/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Request bodies: small everywhere, larger only on the routes that take uploads (see
# pathmaker/portal/middleware.py); a body over its route's cap is refused with 413 before it is read.
PATHMAKER_MAX_REQUEST_BYTES = env_int("PATHMAKER_MAX_REQUEST_BYTES", 2 * 1024 * 1024)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("PATHMAKER_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up when it is missing
WHITENOISE_USE_FINDERS = True  # the demo serves static files without a collectstatic step
MEDIA_ROOT = DATA_DIR / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The form fields of a request (files not counted): far more than any page or API batch sends.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
PATHMAKER_MAX_IMPORT_UPLOAD_BYTES = env_int("PATHMAKER_MAX_IMPORT_UPLOAD_BYTES", 500 * 1024 * 1024)
# The largest CASE package a district uploads on the frameworks page (publishers' packages run to a few MB).
PATHMAKER_MAX_CASE_UPLOAD_BYTES = env_int("PATHMAKER_MAX_CASE_UPLOAD_BYTES", 20 * 1024 * 1024)
# The CSV text a roster zip may expand to, in bytes (256 MiB): a small zip that
# expands to gigabytes is refused while it is read, not after it has filled the memory.
PATHMAKER_IMPORT_MAX_EXPANDED_BYTES = env_int("PATHMAKER_IMPORT_MAX_EXPANDED_BYTES", 256 * 1024 * 1024)

_cache_url = env_str("PATHMAKER_CACHE_URL")
if _cache_url.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
elif _cache_url in {"", "file"}:
    # Shared by the web process and the worker, and never blocked by a long import transaction.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
elif _cache_url == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ConfigurationError("PATHMAKER_CACHE_URL must be redis://..., file or locmem")

_queue_url = env_str("PATHMAKER_QUEUE_URL")
if _queue_url.startswith("redis://"):
    HUEY = {"huey_class": "huey.RedisHuey", "name": "pathmaker", "url": _queue_url, "immediate": False}
elif _queue_url in {"", "sqlite"}:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "pathmaker",
        "filename": str(DATA_DIR / "queue.sqlite3"),
        "immediate": False,
    }
elif _queue_url == "immediate":
    # Tests: a task runs at the moment it is enqueued, in the same process.
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "pathmaker", "immediate": True}
else:
    raise ConfigurationError("PATHMAKER_QUEUE_URL must be redis://..., sqlite or immediate")

# Rostering safety: refuse a sync that would deactivate more than this share of a school's students.
PATHMAKER_MAX_DEACTIVATION_SHARE = env_float(
    "PATHMAKER_MAX_DEACTIVATION_SHARE", 0.2, minimum=0.0, maximum=1.0
)
# The public address of this Pathmaker, for the URIs of frameworks written here (CASE).
PATHMAKER_BASE_URL = env_str("PATHMAKER_BASE_URL", "http://127.0.0.1:8000")
# The CASE endpoints answer without a login (frameworks are published material, not student data).
PATHMAKER_CASE_API_PUBLIC = env_bool("PATHMAKER_CASE_API_PUBLIC", True)
# Competencies a school may add to a district course (beyond those the district chose).
PATHMAKER_MAX_SCHOOL_COMPETENCIES_PER_COURSE = env_int("PATHMAKER_MAX_SCHOOL_COMPETENCIES_PER_COURSE", 2)
# The score range used when a competency has no proficiency scale.
PATHMAKER_DEFAULT_SCALE_RANGE = (1.0, 4.0)
# Course credit: this share of the course's competencies proficient, and none below this level.
PATHMAKER_CREDIT_MIN_SHARE = env_float("PATHMAKER_CREDIT_MIN_SHARE", 0.8, minimum=0.0, maximum=1.0)
PATHMAKER_CREDIT_FLOOR = env_float("PATHMAKER_CREDIT_FLOOR", 2.0)
# Courses for this grade and up grant course credit (high school); younger students get no credit lines.
PATHMAKER_CREDIT_FROM_GRADE = env_int("PATHMAKER_CREDIT_FROM_GRADE", 9)
# Do self- and peer-assessments count toward mastery? (They are always shown.)
PATHMAKER_SELF_PEER_COUNT = env_bool("PATHMAKER_SELF_PEER_COUNT", False)
# Roles allowed to see student demographics (used for equity reporting).
PATHMAKER_DEMOGRAPHICS_ROLES = env_list("PATHMAKER_DEMOGRAPHICS_ROLES", ["district_admin", "school_leader"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PATHMAKER_LOG_LEVEL", "WARNING")},
}

# --- conferences ---
# Paper size of the student-led conference packet PDF: "letter" (US) or "a4".
PATHMAKER_CONFERENCE_PAPER = env_str("PATHMAKER_CONFERENCE_PAPER", "letter").strip().lower()
if PATHMAKER_CONFERENCE_PAPER not in {"letter", "a4"}:
    raise ConfigurationError(
        f"PATHMAKER_CONFERENCE_PAPER={PATHMAKER_CONFERENCE_PAPER!r} must be letter or a4"
    )

# --- portfolios ---
# Student portfolio files: kept under random names in this folder (created on the first upload), never
# under STATIC or any public URL, and served only through the access rule.
PATHMAKER_PORTFOLIO_DIR = Path(env_str("PATHMAKER_PORTFOLIO_DIR", str(DATA_DIR / "portfolio"))).resolve()
# The largest file a student may add to their portfolio, in bytes (10 MiB).
PATHMAKER_PORTFOLIO_MAX_BYTES = env_int("PATHMAKER_PORTFOLIO_MAX_BYTES", 10 * 1024 * 1024)
# The kinds of file the portfolio takes. A district may narrow the list, never widen it (HTML and SVG,
# which can carry scripts, are always refused).
PATHMAKER_PORTFOLIO_TYPES = env_list(
    "PATHMAKER_PORTFOLIO_TYPES",
    ["pdf", "png", "jpeg", "gif", "webp", "text", "mp3", "mp4", "docx", "pptx", "xlsx", "odt"],
)
# --- resources ---
# Files in the resource library: checked like portfolio files (the same types), kept under random names
# in this folder, served only through the library's access rule.
PATHMAKER_RESOURCE_DIR = Path(env_str("PATHMAKER_RESOURCE_DIR", str(DATA_DIR / "resources"))).resolve()
PATHMAKER_RESOURCE_MAX_BYTES = env_int("PATHMAKER_RESOURCE_MAX_BYTES", 25 * 1024 * 1024)
# Uploads: no form takes more than a few files; files and folders Django writes are the server's own.
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# --- goals ---
# An active goal counts as "stalled" on the advisor's page when the student has not checked in on it
# for this many days (counted from the last check-in, or from when the goal became active).
PATHMAKER_GOAL_STALLED_DAYS = env_int("PATHMAKER_GOAL_STALLED_DAYS", 21)
if PATHMAKER_GOAL_STALLED_DAYS < 1:
    raise ConfigurationError("PATHMAKER_GOAL_STALLED_DAYS must be 1 or more (days without a check-in)")
# --- paths ---
# A student counts as "stuck" on a section's progress page when they have finished at least this many
# steps of one playlist and their level in its competency has not risen since before the first of them.
PATHMAKER_STUCK_STEPS = env_int("PATHMAKER_STUCK_STEPS", 3)
if PATHMAKER_STUCK_STEPS < 1:
    raise ConfigurationError("PATHMAKER_STUCK_STEPS must be 1 or more (playlist steps finished)")
# Reports split by a demographic field withhold every cell describing fewer students than this
# (and enough others that none can be worked out from the totals: reports/suppression.py).
PATHMAKER_MIN_CELL = env_int("PATHMAKER_MIN_CELL", 10)
if PATHMAKER_MIN_CELL < 2:
    raise ConfigurationError("PATHMAKER_MIN_CELL must be 2 or more (students in a published cell)")
