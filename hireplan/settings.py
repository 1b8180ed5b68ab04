"""Hireplan settings, read from the environment.

Development: DEBUG=1 (set by `make run`). Production: DEBUG unset or 0, and SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL and CSRF_TRUSTED_ORIGINS set; see README "Production".
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
# The guide's facts as data; the engine validates the folder at start-up (hireplan/checks.py).
REFERENCE_DIRECTORY = BASE_DIR / "fixtures" / "reference"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# A production start without a real key must fail loudly, not run with a guessable one.
DEV_SECRET_KEY = "django-insecure-hireplan-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEV_SECRET_KEY
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of 50 or more characters when DEBUG is off. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hireplan",
    "lanes",
    "comp",
    "jd",
    "loops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Login throttling (see below).
    "axes",
    # The task queue's table (see TASKS below).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # A database that cannot be reached gives a friendly 503 page (docs/reliability.md).
    "hireplan.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Turns a throttled login into the lockout page; axes wants it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hireplan.urls"
WSGI_APPLICATION = "hireplan.wsgi.application"

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
                "hireplan.context_processors.navigation",
                "hireplan.context_processors.brand",
            ],
            "builtins": [
                "django_htmx.templatetags.django_htmx",
                "hireplan.templatetags.hireplan_tags",
            ],
        },
    },
]


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url and not url.startswith("sqlite"):
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    name = url.removeprefix("sqlite:///") if url else str(BASE_DIR / "db.sqlite3")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        # Concurrent web use: WAL lets readers run beside a writer; IMMEDIATE takes the write
        # lock at BEGIN so two saves queue on the busy timeout instead of failing mid-way.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "hireplan.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# ---- Login throttling with django-axes ---------------------------------------------------------
# Five failed logins for one email from one client address lock that pair out for 15 minutes
# (registration/lockout.html says so). Attempts live in the database, so every app
# server sees the same count. A successful login clears the count.
AUTHENTICATION_BACKENDS = [
    "hireplan.middleware.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hireplan.middleware.lockout_response"  # registration/lockout.html
# Behind TRUSTED_PROXIES load balancers, the client address is the one they add to
# X-Forwarded-For (see docs/deployment.md); otherwise it is the connection's address.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "hireplan.middleware.client_ip"
# ---- end of login throttling ------------------------------------------------------------------

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
# One date format everywhere ("4 Jan 2027"): hireplan/formats/en/formats.py.
FORMAT_MODULE_PATH = ["hireplan.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Stored PDF briefs. Several app servers share them by pointing MEDIA_ROOT at shared storage
# or by setting another storage backend here.
MEDIA_URL = "media/"
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

# Development prints email to the console; production sends through SMTP_* (or MAILER_BACKEND).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "MAILER_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {}
        if DEBUG
        else {
            "host": os.environ.get("SMTP_HOST", "localhost"),
            "port": int(os.environ.get("SMTP_PORT", "587")),
            "username": os.environ.get("SMTP_USER", ""),
            "password": os.environ.get("SMTP_PASSWORD", ""),
            "use_tls": env_bool("SMTP_USE_TLS", True),
            # A mail server that accepts the connection and never answers holds a worker
            # this long per try, not forever (hireplan/tasks.py retries later).
            "timeout": float(os.environ.get("SMTP_TIMEOUT", "10")),
        },
    }
}
# Background work (email, briefs rendered ahead) is queued in the app's own database and run
# by `manage.py db_worker`; any number of workers on any number of machines share the queue
# (hireplan/tasks.py, docs/deployment.md "Workers").
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Seconds between tries of an email the mail server refused or never answered: five tries in
# all over about two and a half hours (Hireplan's rule, hireplan/tasks.py).
EMAIL_RETRY_DELAYS = [
    int(seconds) for seconds in os.environ.get("EMAIL_RETRY_SECONDS", "60,300,1800,7200").split(",")
]
# Links in emails point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hireplan <hireplan@localhost>")

# No inline script anywhere: htmx and the app's few lines of JS load from our static files.
# Inline styles stay allowed for SVG charts and htmx's indicator styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A load balancer probes /healthz on the app port over plain HTTP: it must get the 200 or 503,
# not the redirect to HTTPS (docs/deployment.md, "Health checks").
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
if not DEBUG:
    # TLS is assumed in production; a proxy that terminates it must set X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a decision about the domain, taken once it is on the browsers' preload
        # list (docs/deployment.md); until then `check --deploy` at release must still pass, so
        # only its preload warning is silenced, and only while preload is off.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every layout step at INFO; only its warnings matter to us.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The worker's task log once, not again through Django's own "django" console handler.
        "django.tasks": {"handlers": ["console"], "propagate": False},
    },
}

# ---- django-axes logs every routine login at INFO; its warnings
# (repeated failures, lockouts) are the ones worth reading.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
