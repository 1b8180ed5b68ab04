"""Login throttling (django-axes) and the login-related security settings.

Five failed logins for one email from one client address pause that pair for 15 minutes;
a success clears the count; the pause touches nobody else. Client addresses here are
loopback ones: the test client sends nothing over the network, REMOTE_ADDR is just a label.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from hireplan.middleware import client_ip
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
ATTACKER = "127.0.0.2"
ELSEWHERE = "127.0.0.3"


def attempt(client: Client, email: str, password: str, ip: str = ATTACKER, **extra):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip, **extra
    )


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, email: str, times: int, ip: str = ATTACKER):
    responses = [attempt(client, email, "wrong password", ip) for _ in range(times)]
    return responses[-1]


def test_it_uses_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_it_locks_out_after_five_failures_even_with_the_right_password(manager):
    client = Client()
    fourth = fail(client, manager.email, 4)
    assert fourth.status_code == 200
    assert "don’t match an account" in fourth.text
    fifth = attempt(client, manager.email, "wrong password")
    assert fifth.status_code == 429
    right = attempt(client, manager.email, PASSWORD)
    assert right.status_code == 429
    assert not logged_in(client)
    page = right.text
    assert "Too many attempts" in page
    assert "After 5 logins that did not match" in page
    assert "paused for 15 minutes" in page
    assert right["Retry-After"] == "900"
    assert reverse("login") in page  # a way back, not a dead end


def test_it_pauses_only_that_email_from_that_address(manager, other_manager):
    fail(Client(), manager.email, 5)
    other_address = Client()
    assert attempt(other_address, manager.email, PASSWORD, ip=ELSEWHERE).status_code == 302
    assert logged_in(other_address)
    other_person = Client()
    assert attempt(other_person, other_manager.email, PASSWORD).status_code == 302
    assert logged_in(other_person)


def test_it_lets_the_person_back_in_once_the_pause_is_over(manager):
    client = Client()
    fail(client, manager.email, 5)
    assert attempt(client, manager.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = attempt(client, manager.email, PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_it_clears_the_count_after_a_successful_login(manager):
    client = Client()
    fail(client, manager.email, 4)
    assert attempt(client, manager.email, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert fail(client, manager.email, 4).status_code == 200  # a fresh count: 4 of 5
    assert attempt(client, manager.email, PASSWORD).status_code == 302


def test_it_counts_every_failure_in_the_database(manager):
    """Two app servers share one database, so a guesser cannot spread tries over them."""
    first, second = Client(), Client()  # as if served by two processes: no shared memory
    fail(first, manager.email, 3)
    fail(second, manager.email, 2)
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert attempt(Client(), manager.email, PASSWORD).status_code == 429


def test_it_still_lets_code_log_in_without_a_request(manager):
    # The test client's login() (and a shell) has no client address to throttle.
    assert Client().login(username=manager.email, password=PASSWORD)
    assert not Client().login(username=manager.email, password="wrong password")


def test_it_reads_the_client_address_behind_trusted_proxies(settings):
    factory = RequestFactory()
    spoofed = "203.0.113.9, 127.0.0.7"  # the client wrote the first entry; the proxy the last
    request = factory.post("/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=spoofed)
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request) == "127.0.0.1"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request) == "127.0.0.7"
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXIES = 3  # fewer entries than proxies: fall back to the connection
    assert client_ip(request) == "127.0.0.1"


def test_it_throttles_by_the_forwarded_address_behind_a_proxy(settings, manager):
    settings.TRUSTED_PROXIES = 1
    client = Client()
    for n in range(5):
        # A guesser varying the part of the header they control gains nothing.
        forwarded = f"127.0.1.{n}, {ATTACKER}"
        attempt(client, manager.email, "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    blocked = attempt(
        client, manager.email, PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER
    )
    assert blocked.status_code == 429
    # Someone else behind the same load balancer is not locked out with them.
    colleague = attempt(
        Client(), manager.email, PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE
    )
    assert colleague.status_code == 302


def production_settings() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "hireplan.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a" * 20 + "Zq9-x_Lm3" * 5,
        "ALLOWED_HOSTS": "hireplan.example.com",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({n: getattr(s, n) for n in ["
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SESSION_COOKIE_SAMESITE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SESSION_ENGINE', 'AXES_HANDLER']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_keeps_sessions_and_cookies_secure_when_debug_is_off():
    values = production_settings()
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31536000
    # Sessions and login attempts live in the database, shared by every app server.
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert values["AXES_HANDLER"] == "axes.handlers.database.AxesDatabaseHandler"


def test_it_marks_the_session_cookie_secure_and_http_only(settings, manager):
    # The test settings serve plain HTTP; production's values (checked above) switched back on.
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()
    response = client.post(
        reverse("login"), {"username": manager.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
