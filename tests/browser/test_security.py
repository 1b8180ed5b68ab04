"""The Content-Security-Policy in a real browser: no page of the app breaks it."""

import pytest
from playwright.sync_api import Page

from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.django_db(transaction=True)

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_it_keeps_every_step_within_the_policy(page: Page, live_server, engagement, manager):
    page.add_init_script(WATCH)
    log_in(page, live_server.url, manager.email)
    for slug in ["context", "lane", "comp", "jd", "loop", "sourcing", "offer", "review"]:
        response = page.goto(f"{live_server.url}/engagements/{engagement.pk}/{slug}/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], slug
    # htmx itself must work under the policy: a sidebar click swaps the step in.
    page.get_by_role("navigation", name="Plan steps").get_by_role("link", name="Context").click()
    page.get_by_label("Industry").fill("Insurance")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
