"""Tracker settings.

Everything configurable is read from the environment here, once, through
django-environ. Nothing else in the project reads ``os.environ``.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_flag(name, default):
    """A boolean from the environment; a value that is neither true nor false refuses to start."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_number(name, default, minimum=0, maximum=None, cast=int):
    """A number from the environment, within bounds; anything else refuses to start, naming the variable."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = cast(raw.strip())
    except ValueError:
        kind = "a whole number" if cast is int else "a number"
        raise ImproperlyConfigured(f"{name}={raw!r} is not {kind}") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
        raise ImproperlyConfigured(f"{name}={raw!r} is out of range (use a number {bounds})")
    return value


def env_choice(name, default, choices):
    value = env.str(name, default=default).strip()
    if value.upper() not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of {', '.join(choices)}")
    return value.upper()


DEBUG = env_flag("DEBUG", True)
SECRET_KEY = env.str("SECRET_KEY", default="").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").strip().rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    # Links in emails are built on it: without a scheme they would not open.
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://")
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True
LANGUAGE_CODE = "en-gb"
USE_I18N = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_filters",
    "axes",
    "tracker.accounts",
    "tracker.sources",
    "tracker.recommendations",
    "tracker.evidence",
    "tracker.jobs",
    "tracker.digests",
    "tracker.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns locked-out logins into a clear page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
                "tracker.accounts.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'tracker.sqlite3'}"),
}
if not DATABASES["default"].get("ENGINE"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not a database URL we can use (e.g. postgres://user:pass@host:5432/tracker or sqlite:////path)"
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: five tries per username and address, then a one-hour cool-off.
AXES_FAILURE_LIMIT = env_number("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_number("AXES_COOLOFF_HOURS", 1.0, cast=float)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email: the console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env_number("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_number("EMAIL_TIMEOUT", 30, minimum=1)
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tracker <tracker@localhost>")

# Celery: with no broker configured, tasks run in-process (eagerly), and a job started from a page runs in a
# thread of its own so that no page waits for it (JOBS_IN_THREAD; the tests turn it off to run jobs inline).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
JOBS_IN_THREAD = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# The queue tasks go to when nothing names one (a deployment sharing a broker may give Tracker its own).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Redis hands a task that no worker acknowledged to another worker after this visibility timeout. A worker holds
# a task with a countdown unacknowledged until it runs (the digest's last retry waits four hours), so the timeout
# must be longer than the longest countdown plus the longest task, or that task would run twice. Jobs left by a
# worker that died are recovered long before that, by the requeue-stalled-jobs task below.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 60 * 60}
# Background jobs: a running job that has not reported progress for JOB_STALLED_AFTER_SECONDS has lost its worker,
# as has a queued one that no worker took within JOB_QUEUED_STALLED_AFTER_SECONDS; every
# JOB_REQUEUE_EVERY_SECONDS such jobs are queued again, each at most JOB_MAX_RESTARTS times, after which they fail
# for a person to retry.
JOB_STALLED_AFTER_SECONDS = env_number("JOB_STALLED_AFTER_SECONDS", 300, minimum=1)
JOB_QUEUED_STALLED_AFTER_SECONDS = env_number("JOB_QUEUED_STALLED_AFTER_SECONDS", 900, minimum=1)
JOB_REQUEUE_EVERY_SECONDS = env_number("JOB_REQUEUE_EVERY_SECONDS", 60, minimum=1)
JOB_MAX_RESTARTS = env_number("JOB_MAX_RESTARTS", 3, minimum=0, maximum=100)
CELERY_BEAT_SCHEDULE = {
    "requeue-stalled-jobs": {
        "task": "tracker.jobs.tasks.requeue_stalled_jobs",
        "schedule": JOB_REQUEUE_EVERY_SECONDS,
    },
    "flag-stale-recommendations": {
        "task": "tracker.jobs.tasks.flag_stale_recommendations",
        "schedule": crontab(hour=6, minute=0),
    },
    "send-weekly-digests": {
        "task": "tracker.digests.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
}

# Product rules that a deployment may tune.
STALE_AFTER_DAYS = env_number("STALE_AFTER_DAYS", 30, minimum=1)
UPLOAD_MAX_BYTES = env_number("UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
# Fetching a document from a link: the whole transfer's time limit, and whether addresses on this machine or a
# private network may be fetched (off: an editor's link must not reach the servers behind Tracker).
FETCH_TIMEOUT_SECONDS = env_number("FETCH_TIMEOUT_SECONDS", 30, minimum=1, maximum=600)
FETCH_ALLOW_PRIVATE_ADDRESSES = env_flag("FETCH_ALLOW_PRIVATE_ADDRESSES", False)

if not DEBUG:
    SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]),
    },
}
