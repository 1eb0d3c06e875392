"""Settings for Talent Ladder.

Every deployment knob is read from the environment through the small typed helpers
below. With nothing set the app runs on a laptop: a SQLite file, Celery in eager
mode and the local-memory cache. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and REDIS_URL (see README).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-only-insecure-key-change-me"


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Defaults favour a developer's laptop; production must say DEBUG=0 (checked by
# workforce.checks, which refuses the development secret key without DEBUG).
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "csp",
    "axes",
    "django_celery_beat",
    "workforce.apps.WorkforceConfig",
    "pathways",
    "actionplans",
    "traineeships",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "workforce.security.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "workforce.middleware.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Late, so its "access ended" page passes back through every middleware above (headers, CSP).
    "workforce.middleware.AccessEndedMiddleware",
    # Last, as django-axes requires: it turns a lockout flagged during sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workforce.urls"
WSGI_APPLICATION = "workforce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workforce.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The training compliance queries (workforce/compliance.py) hold a correlated subquery per
    # required course, so their estimated cost passes PostgreSQL's JIT threshold, and compiling
    # them took longer than running them (2.3 of 2.7 s for 15,000 staff, bench/run.py).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and result backend -----------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # A Redis that cannot be reached is a cache miss, logged, not a server error (workforce/cache.py);
    # the timeouts keep a Redis that does not answer from holding a page for long.
    CACHES = {
        "default": {
            "BACKEND": "workforce.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    # Room for every indicator's three years of monthly figures (reports/series.py); the default
    # 300 entries would be culled before a page had read them back.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker the app still works on a laptop: tasks run inline.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Our tasks are idempotent, so a task lost with its worker is redelivered, not dropped.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
# Redis redelivers unacknowledged tasks after the visibility timeout; it must outlast the
# hard time limit or a slow task would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 4}
CELERY_RESULT_EXPIRES = 60 * 60 * 24
# Sending work while Redis is down fails within about a second instead of the default's retries
# (the run row stays queued and the sweep below sends it once Redis is back).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.3,
}
# Recovering runs (workforce/run_recovery.py). A worker executing a run touches its row every
# RUN_HEARTBEAT_SECONDS; a run whose row has not been touched for RUN_LOST_AFTER_SECONDS lost its
# worker and may be claimed again, without waiting for the visibility timeout above. The sweep
# (a beat task every minute, and at worker start) sends runs left queued or lost again.
RUN_HEARTBEAT_SECONDS = env_int("RUN_HEARTBEAT_SECONDS", 15)
RUN_LOST_AFTER_SECONDS = env_int("RUN_LOST_AFTER_SECONDS", 90)
# A run whose worker was lost this many times is failed rather than tried again.
RUN_MAX_ATTEMPTS = env_int("RUN_MAX_ATTEMPTS", 3)
# Test-only: a job pauses this many seconds when it reports progress at this stage, so a fault
# test can stop its worker mid-way (workforce/tests/test_faults_worker.py). Refused without DEBUG.
RUN_TEST_PAUSE_STAGE = env("RUN_TEST_PAUSE_STAGE")
RUN_TEST_PAUSE_SECONDS = env_int("RUN_TEST_PAUSE_SECONDS", 0)
CELERY_TASK_TRACK_STARTED = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat reads what to send when from the database (django-celery-beat: the admin's "Periodic tasks"),
# so schedules are data: the report schedules' tick and the weekly digest are rows made by
# migrations, and an operator can move them without a release.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Authentication and sessions --------------------------------------------------------
# django-axes watches every sign-in: its backend refuses a locked-out username or address
# before the model backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# NCSC guidance favours length over composition rules: 12 characters by default.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 12)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Shared hospital PCs: a session ends after 30 minutes without a request. It is saved again (its
# end pushed back) at most once a minute, not on every request (workforce.middleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for one username, or
# from one address, further tries from either are refused for LOGIN_LOCKOUT_MINUTES (each
# refused try starts the wait again). Failures are kept in the database, so every web node
# sees them; `manage.py axes_reset_username NAME` lifts a lock early.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "workforce.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "workforce.security.client_ip"
AXES_VERBOSE = False  # no banner on every manage.py command; failures and lockouts are still logged
# The address only comes from X-Forwarded-For behind a proxy we trust to set it; otherwise
# anyone could pick a fresh address for every guess.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)

# --- Security (HTTPS assumptions on unless DEBUG) ---------------------------------------
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Every script and stylesheet is a static file (no inline code, no inline style attributes),
# so the policy allows only our own origin; htmx's own <style> injection is switched off by
# the htmx-config meta tag in base.html.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the app never uses are switched off for every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# /health/ gives its details to a monitor presenting this token as `Authorization: Bearer`.
HEALTH_TOKEN = env("HEALTH_TOKEN")

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# Beat's crontabs ("Monday 07:00") are read in the organisation's time, not UTC.
CELERY_TIMEZONE = TIME_ZONE
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y"]

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads and generated files go through the storage API. FILE_STORAGE picks where they live:
# "local" (the embedded default: files under MEDIA_ROOT, right for one machine) or "database"
# (workforce/storage.py: the bytes in PostgreSQL, which every web node and worker reaches; the
# choice for several machines, see README "Running on several machines"). STORAGE_BACKEND, a dotted
# path, overrides both for a storage of one's own (e.g. S3 through django-storages).
FILE_STORAGES = {
    "local": "django.core.files.storage.FileSystemStorage",
    "database": "workforce.storage.DatabaseStorage",
}
FILE_STORAGE = env("FILE_STORAGE").strip().lower() or "local"
if FILE_STORAGE not in FILE_STORAGES:
    raise ImproperlyConfigured(
        f"FILE_STORAGE must be one of {', '.join(FILE_STORAGES)}, not {FILE_STORAGE!r}"
    )
STORAGES = {
    "default": {"BACKEND": env("STORAGE_BACKEND", FILE_STORAGES[FILE_STORAGE])},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Evidence files people attach (a development plan's activities): bytes, checked before saving.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Traineeships' diversity figures: counts from 1 to this less one are shown as "*" (NHS
# statistics' small-number rule; 8 hides 1 to 7).
TRAINEESHIPS_SUPPRESS_BELOW = env_int("TRAINEESHIPS_SUPPRESS_BELOW", 8)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email ---------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "talent-ladder@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Emails link back to the app (a scheduled report's download, the reminder settings): where
# people reach it, without a trailing slash. Emails are sent by workers, which have no request.
SITE_URL = env("SITE_URL", "http://localhost:8000").rstrip("/")

# --- Forms, lists --------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# crispy gives a widget its class name as a CSS class; LongSelect (workforce/widgets.py,
# a faster Select for hundreds of options) keeps the "select" every other select has.
CRISPY_CLASS_CONVERTERS = {"longselect": "select"}
PAGE_SIZE = min(env_int("PAGE_SIZE", 25), 200)
# The plan page (actionplans/plan_tree.py): a plan showing up to this many actions renders open,
# as a whole; a bigger one opens collapsed, each priority loading its actions when opened, this
# many at a time (a row is 1-2 KB of HTML: a page stays well under 200 KB).
PLAN_PAGE_OPEN_UP_TO = env_int("PLAN_PAGE_OPEN_UP_TO", 60)
PLAN_PRIORITY_PAGE_SIZE = min(max(env_int("PLAN_PRIORITY_PAGE_SIZE", 50), 1), 200)
# The applicant board (traineeships/views/recruitment_board.py): each stage's column shows this many
# cards, then "Show all" (a card with its move form is 1-1.5 KB: ten columns of 10 stay well under
# 200 KB however an intake's applicants are spread).
APPLICANT_BOARD_COLUMN_SIZE = min(max(env_int("APPLICANT_BOARD_COLUMN_SIZE", 10), 1), 200)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# Training compliance (workforce.compliance): how long a new starter has before a required
# course they have never done counts against them, and how soon before its expiry a
# completion shows as "expiring".
TRAINING_GRACE_MONTHS = env_int("TRAINING_GRACE_MONTHS", 3)
# Indicator figures of past periods are kept in the database (workforce/figure_store.py). A page
# works out those missing or stale for up to this many seconds (a large trust's three years of
# training compliance take about 30), leaving the rest to the background refresh; at most one
# refresh is queued per INDICATOR_REFRESH_GAP_SECONDS.
INDICATOR_INLINE_SECONDS = float(os.environ.get("INDICATOR_INLINE_SECONDS", "2"))
INDICATOR_REFRESH_GAP_SECONDS = env_int("INDICATOR_REFRESH_GAP_SECONDS", 300)
# Today's figures (the matrix's counts, the home headline) are cached until a write commits
# (workforce/figure_cache.py), and at most this long. Off without Redis: a per-process cache
# would not hear of another process's writes.
FIGURE_CACHE_SECONDS = env_int("FIGURE_CACHE_SECONDS", 600 if REDIS_URL else 0)
# load_demo ends by rendering last month's board pack (reports/pack_demo.py); 0 skips it.
DEMO_BOARD_PACK = env_bool("DEMO_BOARD_PACK", True)
TRAINING_EXPIRING_DAYS = env_int("TRAINING_EXPIRING_DAYS", 60)
# Traineeships retention (traineeships/retention.py): applicants who did not start lose their
# personal details this many months after their intake's recruitment closed.
TRAINEESHIPS_RETENTION_MONTHS = env_int("TRAINEESHIPS_RETENTION_MONTHS", 12)
