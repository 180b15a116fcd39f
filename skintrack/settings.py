"""skintrack settings, read from the environment.

Defaults run locally with no setup: DEBUG on, SQLite in WAL mode beside manage.py, emails
printed to the console. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and, when one
machine is not enough, DATABASE_URL (PostgreSQL).
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is empty: every request would be refused.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# Where links in emails point (the reminder digest, its unsubscribe link), e.g.
# https://skintrack.example. Required in production: emails have no request to read it from.
SITE_URL = os.environ.get("SITE_URL", "" if not DEBUG else "http://127.0.0.1:8000").rstrip("/")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured("SITE_URL is required when DEBUG is off (links in emails).")

INSTALLED_APPS = [
    "skintrack.accounts",
    "skintrack.shelf",
    "skintrack.routines",
    "skintrack.journal",
    "skintrack.guidance",
    "skintrack.learn",
    "skintrack.portability",
    "skintrack.reports",
    "skintrack.push",
    # Before django_tasks_db: our db_worker adds housekeeping to theirs (ops/management).
    "skintrack.ops",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages (padded against BREACH); after WhiteNoise, whose static files come
    # precompressed and never reach it.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "skintrack.accounts.middleware.PrivatePagesMiddleware",
    "skintrack.accounts.middleware.PersonTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # An htmx request whose session expired goes to log in as a whole page (HX-Redirect).
    "skintrack.accounts.middleware.HtmxLoginRedirectMiddleware",
    "skintrack.accounts.middleware.SlidingSessionMiddleware",
    # Last, so it turns a lockout flagged during the view into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "skintrack.urls"
WSGI_APPLICATION = "skintrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default: one file, WAL so readers never wait for the writer, IMMEDIATE
# transactions so two writers queue on the busy timeout instead of failing mid-transaction.
SQLITE_DEFAULT = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
    "OPTIONS": {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    },
    # Tests use a file too, not shared-cache memory: there SQLite locks whole tables and
    # fails at once instead of waiting, so tests of concurrent workers would be flaky.
    "TEST": {"NAME": str(BASE_DIR / ".test-db.sqlite3")},
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {"default": SQLITE_DEFAULT}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes comes first: it refuses a locked-out username+address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sessions carry their person's id, so deleting an account deletes its sessions everywhere.
SESSION_ENGINE = "skintrack.accounts.sessions"
# Sessions slide: each day's first visit renews them for this many days, so a person who
# opens skintrack at least once a month stays logged in (accounts.SlidingSessionMiddleware).
SESSION_COOKIE_AGE = envint("SESSION_IDLE_DAYS", 40) * 24 * 3600
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "journal:today"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    # runserver and the tests serve the source files directly; no collectstatic needed.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


def s3_storage_options(url: str) -> dict:
    """Options for django-storages' S3Storage from STORAGE_URL and the AWS_* variables.

    STORAGE_URL=s3://BUCKET (optionally ?endpoint_url=...&region_name=...&location=...) or
    AWS_STORAGE_BUCKET_NAME=BUCKET; AWS_S3_ENDPOINT_URL for an S3-compatible service (MinIO,
    Ceph...), AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the
    machine's role). Objects are private: the app streams them through its owner-checked views.
    """
    from urllib.parse import parse_qsl, urlsplit

    options = {
        "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "location": os.environ.get("AWS_LOCATION", ""),
    }
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ImproperlyConfigured(f"STORAGE_URL must look like s3://bucket, not {url!r}")
        options["bucket_name"] = parts.netloc
        allowed = {"endpoint_url", "region_name", "location"}
        for key, value in parse_qsl(parts.query):
            if key not in allowed:
                raise ImproperlyConfigured(f"STORAGE_URL: unknown option {key!r}")
            options[key] = value
    options.update(
        default_acl="private",  # never public: photos are served by owner-checked views
        querystring_auth=True,
        file_overwrite=False,  # a name taken gets a new one; nothing is overwritten
        addressing_style="path" if options["endpoint_url"] else None,
    )
    return options


if os.environ.get("STORAGE_URL") or os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_storage_options(os.environ.get("STORAGE_URL", "")),
    }

# A strict policy: nothing inline, nothing from another origin. The only scripts are our
# own files (htmx, app.js) loaded with the request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a TLS-terminating proxy, its headers say the scheme (X-Forwarded-Proto) and the
# client's address (the last X-Forwarded-For entry). Without it both headers are ignored:
# anyone could send them.
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS only in production: plain http is redirected (a load balancer's health check on plain
# http can probe a path in SECURE_REDIRECT_EXEMPT, or send X-Forwarded-Proto: https) and
# browsers are told to use https for a year.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = envlist("SECURE_REDIRECT_EXEMPT", [r"^healthz/?$"])
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = []
# Switched off on purpose (set to 0, not left unset): the deploy check need not remind.
if os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS") and not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")
if os.environ.get("SECURE_HSTS_PRELOAD") and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
if os.environ.get("SECURE_SSL_REDIRECT") and not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# Brute-force limits (django-axes). A username+address pair that fails to log in
# LOGIN_FAILURE_LIMIT times is locked for LOGIN_COOLOFF_MINUTES; the password asked before
# deleting an account counts the same way. A successful log-in clears the failures.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lock ends a fixed time after the last counted failure, so the page can say when.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "skintrack.accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "skintrack.accounts.security.lockout_response"
AXES_ENABLE_ADMIN = False  # `manage.py axes_reset_username NAME` lifts a lock
# Keep no record of successful log-ins (address, browser): the lock needs only failures,
# and those are cleared by a successful log-in or once the cool-off has passed.
AXES_DISABLE_ACCESS_LOG = True
# Password reset: this many requests an hour from one address, and for one email address.
PASSWORD_RESET_LIMIT = envint("PASSWORD_RESET_LIMIT", 3)
# A shared report's six-digit code: this many wrong codes for one link, from anywhere, lock
# the link's code form for SHARE_CODE_COOLOFF_MINUTES.
SHARE_CODE_LIMIT = envint("SHARE_CODE_LIMIT", 5)
SHARE_CODE_COOLOFF_MINUTES = envint("SHARE_CODE_COOLOFF_MINUTES", 15)

# Counters of the rate limits live in the database, so every app process and server shares
# them. The table is created by a migration (accounts 0003).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "skintrack_cache",
    }
}

# Requests larger than this are refused with a 400 before a view sees them; single text
# fields are limited further by their forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
# Uploaded files: up to 2.5 MB stay in memory, larger ones go to a temporary file. The first
# handler refuses a file over its view's limit (10 MB for photos, 50 MB for an import) before
# it is read in full; see skintrack/portability/uploads.py.
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_HANDLERS = [
    "skintrack.portability.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Email: printed to the console unless SMTP is configured (EMAIL_HOST set).
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": envint("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", True),
                "timeout": envint("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    # In production this is a mistake, but not one worth refusing to start for: the deploy
    # check says so as a warning (skintrack.W001) instead of Django's error.
    SILENCED_SYSTEM_CHECKS.append("mail.E001")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "skintrack <noreply@localhost>")

# Background work: Django's tasks framework, stored in the project's own database and run by
# `python manage.py db_worker` (any number of them, on any number of machines).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task still "running" this long after it started lost its worker (killed, machine gone):
# a worker's housekeeping puts it back in the queue, or marks it failed after its third try.
TASK_STALLED_AFTER = envint("TASK_STALLED_AFTER", 30 * 60)
TASK_MAX_ATTEMPTS = envint("TASK_MAX_ATTEMPTS", 3)
# Seconds between two rounds of a worker's housekeeping (digests due, lost tasks, old exports).
TASK_HOUSEKEEPING_EVERY = envint("TASK_HOUSEKEEPING_EVERY", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
