"""A forgotten password, in Chromium: from the login page's link to the emailed link (sent by
the task worker to a real SMTP server on loopback) to a new password and a login with it; each
page scanned with axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Membership, Organization, User
from tests.browser.test_accessibility import Scanner
from tests.conftest import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)

OLD_PASSWORD = "an old password nobody remembers"
NEW_PASSWORD = "a brand new passphrase 42"


def test_it_resets_a_forgotten_password_in_the_browser(page: Page, live_server, settings, smtp):
    settings.SITE_URL = live_server.url
    acme = Organization.objects.create(name="Acme", slug="acme")
    user = User.objects.create_user(
        username="ada@acme.test", email="ada@acme.test", password=OLD_PASSWORD
    )
    Membership.objects.create(user=user, organization=acme, role="hiring_manager")
    scanner = Scanner(page, live_server.url)

    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    scanner.scan("reset request")
    page.get_by_label("Email").fill("ada@acme.test")
    page.get_by_role("button", name="Send the reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Check your inbox"))
    scanner.scan("reset sent")

    # The request only queued the email; the worker sends it.
    assert smtp.sent() == []
    run_queued_tasks()
    [message] = smtp.sent()
    assert message.to == ["ada@acme.test"]
    [link] = re.findall(r"https?://\S+/reset/\S+/", message.body)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Choose a new password"))
    scanner.scan("new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("password", re.IGNORECASE)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("password is changed"))
    scanner.scan("password changed")

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("ada@acme.test")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/")
    scanner.assert_clean(at_least=4)
