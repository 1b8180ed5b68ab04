"""A read-only link in Chromium: the recruiter makes it, a stranger's browser opens it, the
recruiter revokes it and the stranger is turned away."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from hireplan.models import Engagement
from tests.browser.support import log_in
from tests.browser.test_accessibility import Scanner

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_recruiter_shares_a_plan_and_takes_it_back(
    page: Page, browser: Browser, live_server, settings, complete: Engagement, recruiter
):
    base = live_server.url
    settings.SITE_URL = base  # links name the site's address; here, the test server's
    log_in(page, base, recruiter.email)
    page.goto(f"{base}/review/{complete.pk}/")
    panel = page.get_by_role("region", name="Read-only links")
    panel.get_by_label("Works for").fill("7")
    panel.get_by_role("button", name="Make a read-only link").click()
    message = page.locator(".messages .alert-share-link")
    expect(message).to_contain_text("Copy it now")
    match = re.search(rf"{re.escape(base)}/shared/[\w-]+/", message.inner_text())
    assert match, message.inner_text()
    link = match.group(0)
    expect(panel.locator(".share-item")).to_have_count(1)
    expect(panel.locator(".share-item")).to_contain_text("not opened yet")

    stranger = browser.new_context()  # no session: a client without an account
    try:
        client_page = stranger.new_page()
        client_page.goto(link)
        expect(client_page.locator(".page-head h1")).to_have_text(complete.title)
        expect(client_page.get_by_text("Read-only hiring plan")).to_be_visible()
        expect(client_page.get_by_role("heading", name="Compensation")).to_be_visible()
        expect(
            client_page.get_by_role("link", name="Download the brief (PDF, Letter)")
        ).to_be_visible()
        expect(client_page.get_by_role("link", name="Log out")).to_have_count(0)
        axe = Scanner(client_page, base)
        axe.scan("the shared plan")

        page.reload()
        expect(panel.locator(".share-item")).to_contain_text("opened 1 time")
        expect(page.locator(".messages")).to_have_count(0)  # the link is not shown again
        panel.get_by_role("button", name=re.compile("^Revoke")).click()
        expect(page.locator(".messages")).to_contain_text("Link revoked")
        expect(panel.locator(".share-item")).to_contain_text("Revoked")

        response = client_page.goto(link)
        assert response is not None and response.status == 404
        expect(client_page.get_by_role("heading", level=1)).to_have_text(
            "This link does not open anything"
        )
        expect(client_page.locator("body")).not_to_contain_text(complete.title)
        expect(client_page.locator("body")).not_to_contain_text("Acme")
        axe.scan("a link that opens nothing")
        axe.assert_clean(at_least=2)
    finally:
        stranger.close()
