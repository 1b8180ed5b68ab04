"""Project-level promises: settings safety, migrations, health check, demo data."""

import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from hireplan.models import Engagement, Membership, User

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "a" * 20 + "Zq9-x_Lm3" * 5


def run_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    ours = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean["DJANGO_SETTINGS_MODULE"] = "hireplan.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "key", ["", "short", "django-insecure-" + "x" * 60, "a" * 60], ids=str.__len__
)
def test_it_refuses_a_production_start_without_a_real_secret_key(key):
    result = run_django({"DEBUG": "0", "SECRET_KEY": key}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_passes_the_deploy_check_when_production_variables_are_set():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "hireplan.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://hireplan.example.com",
        "SECURE_HSTS_PRELOAD": "1",
    }
    result = run_django(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_starts_in_development_without_a_key():
    result = run_django({"DEBUG": "1"}, "check")
    assert result.returncode == 0, result.stderr


def test_it_has_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_it_reports_health_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_reports_503_when_the_database_is_unreachable(client, db):
    with mock.patch("hireplan.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_it_loads_the_demo_data_idempotently(client, db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert User.objects.count() == 4
    assert Engagement.objects.count() == 5
    assert set(Engagement.objects.values_list("status", flat=True)) >= {
        "draft",
        "in_review",
        "changes_requested",
        "approved",
    }
    recruiter = User.objects.get(email="recruiter@staffing.example")
    assert recruiter.memberships.filter(role=Membership.Role.RECRUITER).count() == 2
    assert User.objects.get(email="admin@staffing.example").is_superuser
    assert client.login(username="manager@acme.example", password="hireplan-demo")
    home = client.get("/").text
    assert "Senior ML Engineer, Ranking" in home
    assert "Applied LLM Engineer" not in home  # Globex's plan


def test_it_refuses_a_post_without_the_csrf_token(engagement, manager):
    from django.test import Client

    from tests.conftest import context_post

    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    url = f"/engagements/{engagement.pk}/context/"
    response = client.post(url, context_post(industry="Changed"), HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Fintech"
    # Every page hands htmx the token in a header for its requests.
    page = client.get(url).text
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


def test_it_sends_a_policy_that_allows_no_inline_script(client, engagement, manager):
    client.force_login(manager)
    policy = client.get(f"/engagements/{engagement.pk}/context/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_it_runs_every_other_test_on_a_machine_without_chromium(tmp_path):
    """With Chromium missing, only the browser journeys are skipped, and the run says so."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["HIREPLAN_CHROMIUM"] = str(tmp_path / "no-chromium")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-rs",
            "tests/browser/test_journeys.py",
            "tests/test_fields.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = result.stdout
    assert result.returncode == 0, out[-2000:]
    skipped = int(re.search(r"browser journeys: (\d+) SKIPPED", out)[1])
    ran = int(re.search(r"the other (\d+) tests run", out)[1])
    assert skipped > 0 and ran > 0
    assert f"{ran} passed, {skipped} skipped" in out
    assert "Chromium is not installed" in out
