"""Settings, read from the environment with plain defaults.

DEBUG is off unless asked for, and then SECRET_KEY is required. With DEBUG=1 and nothing else (as
`make demo` and the tests run) the platform is the embedded demo: SQLite, Celery tasks run eagerly,
e-mails printed on the console. Production sets SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
(PostgreSQL) and REDIS_URL (see README.md and docker-compose.yml).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Off unless asked for: `make demo` and the test settings ask for it, production never does.
DEBUG = env_bool("DEBUG", False)

# Keys anyone can read (in this file, in .env.example) sign nothing outside the local demo.
DEMO_SECRET_KEY = "insecure-demo-key-only-for-the-embedded-default"  # noqa: S105
PUBLISHED_SECRET_KEYS = {DEMO_SECRET_KEY, "change-me-to-a-long-random-string"}
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (DEBUG=1 runs the local demo)."
        )
    if SECRET_KEY in PUBLISHED_SECRET_KEYS:
        raise ImproperlyConfigured(
            "SECRET_KEY is a published example key; set a long random one when DEBUG is off."
        )
SECRET_KEY = SECRET_KEY or DEMO_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "csp",
    "guardian",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rse_platform.accounts",
    "rse_platform.tenants",
    "rse_platform.files",
    "rse_platform.mail",
    "rse_platform.web",
    "companies",
    "programmes",
    "clubs",
    "diagnostics",
    "action_plans",
    "labels",
    "directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "rse_platform.limits.RequestBodyLimitMiddleware",
    "rse_platform.limits.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rse_platform.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rse_platform.accounts.middleware.PlatformAdminMiddleware",
    "rse_platform.tenants.middleware.TenantMiddleware",
]

ROOT_URLCONF = "rse_platform.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rse_platform.tenants.context_processors.tenant",
            ],
        },
    },
]

# Widgets render with the project's templates too (templates/web/forms/: check lists).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "rse_platform.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The home keeps what it computes from a tenant's rows (figure panels, each person's to-dos)
# until a row of the tenant is written (rse_platform/tenants/generations.py). Every process must
# see the writes of the others: on by default with Redis, and under DEBUG (one runserver
# process); off with a cache local to each process, as several gunicorn workers would have.
KEEP_TENANT_FIGURES = env_bool("KEEP_TENANT_FIGURES", bool(REDIS_URL) or DEBUG)

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# No open sign-up: people join through a manager's invitation (see tenants.services).
ACCOUNT_ADAPTER = "rse_platform.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[RSE] "
# Failed logins are counted three ways, so that an attacker slows down without locking the real
# person out: per address and account (5 in 5 minutes, then 429 for that address only; see
# accounts.adapter), per address whatever the account (30 in 5 minutes: password spraying, yet
# loose enough for a workshop room behind one address), per account whatever the address (20 in
# 15 minutes: only an attack from several addresses reaches it; allauth also counts wrong TOTP
# codes there). Sign-ins of any outcome: 30 a minute per address (LOGIN_RATE_LIMIT; the scale
# benchmark's load test signs 50 people in from one address).
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("LOGIN_RATE_LIMIT", "30/m/ip"),
    "login_failed": "30/5m/ip,20/15m/key",
    "login_failed_from_address": "5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Plateforme RSE"

# django-guardian: per-object grants; no anonymous user row is needed.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))
INVITATION_REMINDER_AFTER_DAYS = int(os.environ.get("INVITATION_REMINDER_AFTER_DAYS", "3"))

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# fr-FR from Django's own formats; English as en-GB (28 November 2026, 28/11/2026).
FORMAT_MODULE_PATH = ["rse_platform.formats"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
# A request body may carry one upload plus its form; anything bigger is answered 413 before it
# is read (the proxy should refuse it first: nginx `client_max_body_size`).
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + 1024 * 1024
# Form fields without files (Django answers 400 beyond): no form of the platform comes close.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Uploads above this are spooled to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- E-mail -------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Plateforme RSE <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How many times the mailer tries an e-mail before leaving it failed (see rse_platform/mail).
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "5"))

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Security (production) ----------------------------------------------------------------
# Content-Security-Policy (django-csp): only the platform's own files run or style a page; no
# inline script, handler or style attribute (behaviour lives in static/js/app.js, looks in CSS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Stored and generated files (rse_platform/files) ---------------------------------------
# Behind nginx the file views answer with "X-Accel-Redirect: <prefix><stored name>" and nginx
# sends the bytes from an `internal` location (deploy/nginx.conf); empty: Django streams them.
FILES_ACCEL_REDIRECT_PREFIX = os.environ.get("FILES_ACCEL_REDIRECT_PREFIX", "")
if FILES_ACCEL_REDIRECT_PREFIX and not (
    FILES_ACCEL_REDIRECT_PREFIX.startswith("/") and FILES_ACCEL_REDIRECT_PREFIX.endswith("/")
):
    raise ImproperlyConfigured("FILES_ACCEL_REDIRECT_PREFIX must start and end with '/'.")
# An uploaded zip (an office file) is refused when it would inflate beyond these.
UPLOAD_ZIP_MAX_RATIO = 50
UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# A generated document still waiting or rendering after this many seconds counts as failed.
GENERATED_DOCUMENT_TIMEOUT = int(os.environ.get("GENERATED_DOCUMENT_TIMEOUT", "600"))
