"""Settings for the benchmark suite: production settings (DEBUG off) plus the floor view.

The bench sets DATABASE_URL, MEDIA_ROOT and BENCH_STATIC_ROOT to its own temporary folder
before Django starts; nothing here touches the development database or media.
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-only-" + "n0t-a-production-k3y-" * 3)
os.environ.setdefault("DEBUG", "0")

from hireplan.settings import *  # noqa: F403
from hireplan.settings import BASE_DIR, TEMPLATES

# The app's URLs plus the floor view, served through the very same middleware stack.
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]
# collectstatic writes here (whitenoise's compressed, hashed copies), as in production.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", BASE_DIR / "staticfiles"))
if os.environ.get("BENCH_COLLECTSTATIC", "1") == "0":
    # `--short`: no collectstatic; whitenoise serves the app folders as the test settings do.
    STORAGES = {
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = True
# Requests arrive as HTTPS (the test client's secure=True, or X-Forwarded-Proto under
# gunicorn), so the SSL redirect and secure cookies stay on exactly as in production.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
