"""Pathmaker settings: one module, driven by environment variables.

With nothing set, Pathmaker runs on a SQLite file under ./var so the demo needs
no other service. Production sets DATABASE_URL (PostgreSQL), PATHMAKER_SECRET_KEY,
PATHMAKER_QUEUE_URL (Redis, for the background worker) and PATHMAKER_CACHE_URL.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from pathmaker.lib.env import ConfigurationError, env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("PATHMAKER_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

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
ALLOWED_HOSTS = env_list("PATHMAKER_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("PATHMAKER_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "ninja",
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
    "pathmaker.access",
    "pathmaker.audit",
    "pathmaker.jobs",
    "pathmaker.portal",
    "pathmaker.api",
    "pathmaker.benchmarks",
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
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ConfigurationError(
        "DATABASE_URL must point at PostgreSQL (postgres://...) or SQLite (sqlite:///...)"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("PATHMAKER_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

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
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PATHMAKER_MAX_IMPORT_UPLOAD_BYTES = env_int("PATHMAKER_MAX_IMPORT_UPLOAD_BYTES", 500 * 1024 * 1024)

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
    raise ConfigurationError(f"PATHMAKER_CONFERENCE_PAPER={PATHMAKER_CONFERENCE_PAPER!r} must be letter or a4")

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
