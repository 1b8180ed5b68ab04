"""Test settings: production settings (DEBUG off) with a throwaway key and plain HTTP."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-" + "k3y-n0t-for-production-" * 3)
os.environ.setdefault("DEBUG", "0")

from hireplan.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: concurrency tests need WAL and real locking across connections.
    # One per process, so two test runs on one machine never share (and break) a database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"hireplan-test-{os.getpid()}.sqlite3")
    }
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Hashing demo passwords with PBKDF2 would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Serve static files from the app folders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
