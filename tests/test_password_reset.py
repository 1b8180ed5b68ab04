"""Password reset, end to end: request, the worker sends the email, the link, a new password.

The email is queued (hireplan/mail.py) and sent by the worker's own code (`run_tasks`) to a
real SMTP server on loopback (`smtp`, tests/mailserver.py). Nothing on any page tells whether
an account exists.
Throttle: at most 3 reset emails per address and 20 requests per client address per hour.
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hireplan.models import PasswordResetRequest
from hireplan.password_reset import (
    EMAILS_PER_ADDRESS,
    REQUESTS_PER_CLIENT,
    TOO_MANY_FOR_ADDRESS,
    TOO_MANY_FROM_CLIENT,
)
from tests.conftest import PASSWORD

NEW_PASSWORD = "violet kettle marching north 42"
HOME = "127.0.0.2"
SITE = "https://hireplan.example.com"
LINK = re.compile(r"^(https?://\S+/reset/\S+/\S+/)$", re.MULTILINE)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


def request_reset(client: Client, email: str, ip: str = HOME):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def queued() -> int:
    return DBTaskResult.objects.filter(task_path="hireplan.tasks.deliver_email").count()


def login(client: Client, email: str, password: str):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=HOME
    )


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def without_csrf(page: str) -> str:
    return re.sub(r"hx-headers='[^']*'", "", page)


def reset_link(message) -> str:
    [link] = LINK.findall(message.body)
    return link


def test_the_login_page_links_to_the_reset(client, db):
    response = client.get(reverse("login"))
    assert f'href="{reverse("password_reset")}"' in response.text
    assert "Forgot your password?" in response.text


def test_the_reset_pages_are_public_and_in_the_apps_layout(client, db):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert 'class="card auth-card"' in response.text, name
        assert "/static/css/app.css" in response.text, name
    form = client.get(reverse("password_reset")).text
    assert 'maxlength="254"' in form
    assert "at most 3 reset emails to one address per hour" in form
    assert "at most 20 reset requests from one network per hour" in form


def test_it_resets_a_password_end_to_end(smtp, client, manager, run_tasks):
    response = request_reset(client, manager.email)
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    # The request only queued the email: the worker sends it.
    assert smtp.sent() == [] and queued() == 1
    done = client.get(response.url)
    assert "Check your inbox" in done.text

    [row] = run_tasks()
    assert row.status == "SUCCESSFUL"
    [message] = smtp.sent()
    assert message.to == [manager.email]
    assert message.subject == "[Hireplan] Reset your password"
    link = reset_link(message)
    # The link is built from SITE_URL, not from the request's host.
    assert link.startswith(SITE + "/reset/")
    assert "3 days" in message.body

    path = link.removeprefix(SITE)
    landing = client.get(path)
    # Django swaps the token for a session-held one so it never leaks in a Referer header.
    assert landing.status_code == 302 and landing.url.endswith("/set-password/")
    form = client.get(landing.url)
    assert form.status_code == 200 and "Choose a new password" in form.text
    saved = client.post(landing.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert saved.status_code == 302 and saved.url == reverse("password_reset_complete")
    assert "Your password is changed" in client.get(saved.url).text

    old = login(Client(), manager.email, PASSWORD)
    assert old.status_code == 200 and "don’t match an account" in old.text
    fresh = Client()
    assert login(fresh, manager.email, NEW_PASSWORD).status_code == 302
    assert logged_in(fresh)

    # The link works once.
    again = Client().get(path)
    assert again.status_code == 200 and "This link no longer works" in again.text
    assert 'href="/password-reset/"' in again.text


def test_an_unknown_address_gets_the_same_answer_and_no_email(smtp, client, manager, run_tasks):
    known = request_reset(Client(), manager.email)
    unknown = request_reset(client, "nobody@acme.test")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert without_csrf(client.get(unknown.url).text) == without_csrf(Client().get(known.url).text)
    assert queued() == 1
    run_tasks()
    assert [m.to for m in smtp.sent()] == [[manager.email]]


def test_it_matches_the_address_whatever_its_case(smtp, client, manager, run_tasks):
    request_reset(client, manager.email.upper())
    run_tasks()
    [message] = smtp.sent()
    assert message.to == [manager.email]


def test_an_inactive_account_gets_no_email(client, manager, run_tasks):
    manager.is_active = False
    manager.save()
    response = request_reset(client, manager.email)
    assert response.status_code == 302 and queued() == 0


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Enter the email address you log in with."),
        ("not-an-email", "Enter an email address, like name@company.com."),
        ("a" * 250 + "@x.io", "An email address has at most 254 characters."),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(client, db, email, message):
    response = request_reset(client, email)
    assert response.status_code == 200
    assert 'class="field has-error"' in response.text
    assert message in response.text
    assert queued() == 0 and PasswordResetRequest.objects.count() == 0


@pytest.mark.parametrize("uid, token", [("MQ", "bad-token"), ("zzzz", "set-password")])
def test_a_bad_link_gets_a_friendly_page(client, manager, uid, token):
    response = client.get(reverse("password_reset_confirm", args=[uid, token]))
    assert response.status_code == 200
    assert "This link no longer works" in response.text
    assert "Send me a new link" in response.text


def test_a_weak_new_password_gets_a_message_next_to_the_field(smtp, client, manager, run_tasks):
    request_reset(client, manager.email)
    run_tasks()
    landing = client.get(reset_link(smtp.sent()[0]).removeprefix(SITE))
    response = client.post(landing.url, {"new_password1": "12345678", "new_password2": "1234"})
    assert response.status_code == 200
    assert 'class="field has-error"' in response.text
    assert "password fields didn’t match" in response.text
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD)


# ---------------------------------------------------------------------------------- throttle


def test_it_uses_three_per_address_and_twenty_per_client_per_hour():
    assert (EMAILS_PER_ADDRESS, REQUESTS_PER_CLIENT) == (3, 20)


@pytest.mark.parametrize("has_account", [True, False])
def test_it_sends_at_most_three_reset_emails_per_address_per_hour(
    smtp, client, manager, run_tasks, has_account
):
    email = manager.email if has_account else "nobody@acme.test"
    for n in range(EMAILS_PER_ADDRESS):
        # Each from its own client address: the per-address limit holds across networks.
        assert request_reset(client, email, ip=f"127.0.1.{n}").status_code == 302
    refused = request_reset(client, email.upper(), ip="127.0.2.1")
    # The same answer whether or not the address has an account.
    assert refused.status_code == 429
    assert TOO_MANY_FOR_ADDRESS in refused.text
    assert 'class="field has-error"' in refused.text
    run_tasks()
    assert len(smtp.sent()) == (EMAILS_PER_ADDRESS if has_account else 0)
    # Another address is not affected.
    assert request_reset(client, "someone@acme.test", ip="127.0.2.1").status_code == 302


def test_the_address_limit_slides_with_the_hour(smtp, client, manager, run_tasks):
    for _ in range(EMAILS_PER_ADDRESS):
        request_reset(client, manager.email)
    assert request_reset(client, manager.email).status_code == 429
    PasswordResetRequest.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert request_reset(client, manager.email).status_code == 302
    run_tasks()
    assert len(smtp.sent()) == EMAILS_PER_ADDRESS + 1


def test_it_takes_at_most_twenty_requests_per_client_address_per_hour(client, manager):
    for n in range(REQUESTS_PER_CLIENT):
        assert request_reset(client, f"person{n}@acme.test").status_code == 302
    refused = request_reset(client, manager.email)
    assert refused.status_code == 429
    assert TOO_MANY_FROM_CLIENT in refused.text
    assert queued() == 0
    # Refused requests add no rows, so a flood cannot grow the table.
    for _ in range(5):
        request_reset(client, "flood@acme.test")
    assert PasswordResetRequest.objects.count() == REQUESTS_PER_CLIENT
    # Another client address is not affected.
    assert request_reset(client, manager.email, ip="127.0.0.9").status_code == 302
    assert queued() == 1


def test_it_keeps_no_address_and_prunes_rows_older_than_a_day(client, manager):
    request_reset(client, manager.email)
    [row] = PasswordResetRequest.objects.all()
    assert manager.email not in row.email_hash and len(row.email_hash) == 64
    assert row.ip == HOME
    PasswordResetRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    recent = PasswordResetRequest.objects.create(email_hash="x" * 64, ip=HOME)
    request_reset(client, "someone@acme.test")
    assert set(PasswordResetRequest.objects.values_list("pk", flat=True)) >= {recent.pk}
    assert not PasswordResetRequest.objects.filter(pk=row.pk).exists()
    assert PasswordResetRequest.objects.count() == 2


def test_it_counts_the_client_address_the_trusted_proxy_saw(client, db, settings):
    settings.TRUSTED_PROXIES = 1
    for n in range(REQUESTS_PER_CLIENT):
        forwarded = f"10.0.0.{n}, 203.0.113.7"  # the client wrote the first, the proxy the last
        response = client.post(
            reverse("password_reset"),
            {"email": f"person{n}@acme.test"},
            REMOTE_ADDR="10.1.1.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        assert response.status_code == 302
    refused = client.post(
        reverse("password_reset"),
        {"email": "one-more@acme.test"},
        REMOTE_ADDR="10.1.1.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7",
    )
    assert refused.status_code == 429
    assert set(PasswordResetRequest.objects.values_list("ip", flat=True)) == {"203.0.113.7"}


def test_an_unknown_client_address_is_limited_by_the_email_address_alone(client, db):
    for n in range(REQUESTS_PER_CLIENT + 1):
        assert request_reset(client, f"person{n}@acme.test", ip="").status_code == 302
    assert set(PasswordResetRequest.objects.values_list("ip", flat=True)) == {None}
    for _ in range(EMAILS_PER_ADDRESS):
        request_reset(client, "same@acme.test", ip="not an address")
    assert request_reset(client, "same@acme.test", ip="").status_code == 429


def test_it_lifts_the_login_pause_once_a_new_password_is_set(smtp, client, manager, run_tasks):
    for _ in range(5):
        login(Client(), manager.email, "not the password")
    assert login(Client(), manager.email, PASSWORD).status_code == 429
    request_reset(client, manager.email)
    run_tasks()
    landing = client.get(reset_link(smtp.sent()[-1]).removeprefix(SITE))
    client.post(landing.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert login(Client(), manager.email, NEW_PASSWORD).status_code == 302


def test_the_lockout_page_points_to_the_reset(client, manager):
    for _ in range(5):
        login(Client(), manager.email, "not the password")
    page = login(Client(), manager.email, PASSWORD)
    assert page.status_code == 429
    assert f'href="{reverse("password_reset")}"' in page.text
