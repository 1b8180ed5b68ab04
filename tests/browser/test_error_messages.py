"""Failed htmx requests in real Chromium (issue 18): htmx swaps nothing in for an error answer,
so static/js/app.js says what happened in an alert in the page, and what was typed stays."""

import re

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from tests.browser.test_journeys import log_in
from tests.test_jd_lint import SOUND

pytestmark = pytest.mark.django_db(transaction=True)

TEN_MB = 10 * 1024 * 1024
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""
# A JD pasted from somewhere with far too much in it: 10 MB, set in one go as a paste would.
PASTE = """(n) => {
  const editor = document.getElementById("id_jd_markdown");
  editor.value = "# Senior ML Engineer\\n\\n" + "We want a senior ML engineer. ".repeat(n);
  editor.dispatchEvent(new Event("input", { bubbles: true }));
  return editor.value.length;
}"""


@pytest.fixture
def planned(engagement) -> Engagement:
    engagement.answers = {**engagement.answers, "lane": SOUND["lane"], "comp": SOUND["comp"]}
    engagement.saved_at_version = {"context": 1, "lane": 1, "comp": 1}
    engagement.save()
    return engagement


def open_jd_step(page: Page, base: str, engagement: Engagement, email: str) -> None:
    page.add_init_script(WATCH_CSP)
    log_in(page, base, email)
    page.goto(f"{base}/engagements/{engagement.pk}/jd/")
    expect(page.get_by_role("heading", name="Job description", level=2)).to_be_visible()


def test_it_says_an_oversized_jd_was_too_much_and_keeps_the_text(
    page: Page, live_server, planned, manager
):
    open_jd_step(page, live_server.url, planned, manager.email)
    editor = page.get_by_role("textbox", name="Job description")
    # The live check posts the text first: that answer is a 413 too, and says so without
    # taking the focus from the editor.
    editor.focus()
    with page.expect_response(re.compile(r"/jd/preview/$")) as preview:
        length = page.evaluate(PASTE, TEN_MB // 30 + 1)
    assert length > TEN_MB
    assert preview.value.status == 413
    expect(page.get_by_role("alert")).to_contain_text("more than we accept in one go")
    expect(editor).to_be_focused()

    with page.expect_response(re.compile(r"/jd/$")) as answer:
        page.get_by_role("button", name="Save and continue").click()
    assert answer.value.status == 413
    alert = page.get_by_role("alert").filter(has_text="more than we accept in one go")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Nothing was saved. Your work on the page is still there")
    expect(alert).to_contain_text("shorten the text and try again")
    expect(alert).to_be_focused()  # a failed save, like the form's own error summary
    # It sits in the step's form, above the fields, and the step was not replaced.
    assert page.locator("#step-form > #request-error").count() == 1
    expect(page.get_by_role("heading", name="Job description", level=2)).to_be_visible()
    # The text is all still there.
    assert editor.evaluate("el => el.value.length") == length
    assert editor.evaluate("el => el.value.startsWith('# Senior ML Engineer')")
    assert page.url.endswith(f"/engagements/{planned.pk}/jd/")
    planned.refresh_from_db()
    assert "jd" not in planned.answers
    assert page.evaluate("window.__csp") == []

    # Shortened, the server answers again and the alert goes.
    editor.fill("# Senior ML Engineer\n\nYou will own the search ranking model in production.")
    with page.expect_response(re.compile(r"/jd/$")) as answer:
        page.get_by_role("button", name="Save and continue").click()
    assert answer.value.status == 200
    expect(page.locator("#request-error")).to_have_count(0)


def test_it_says_so_when_the_server_fails_or_cannot_be_reached(
    page: Page, live_server, planned, manager
):
    open_jd_step(page, live_server.url, planned, manager.email)
    editor = page.get_by_role("textbox", name="Job description")
    with page.expect_response(re.compile(r"/jd/preview/$")):
        editor.fill("# Senior ML Engineer\n\nWhat I typed before the server failed.")
    save = page.get_by_role("button", name="Save and continue")
    step_url = re.compile(rf"/engagements/{planned.pk}/jd/$")

    def failing(route):
        if route.request.method != "POST":
            return route.continue_()
        return route.fulfill(status=502, body="Bad gateway", content_type="text/plain")

    page.route(step_url, failing)
    save.click()
    alert = page.get_by_role("alert").filter(has_text="Something went wrong on our side")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Your work on the page is still there: try again in a moment")
    expect(editor).to_have_value(re.compile("What I typed before the server failed"))

    page.unroute(step_url)
    page.route(
        step_url,
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    save.click()
    alert = page.get_by_role("alert").filter(has_text="Hireplan could not be reached")
    expect(alert).to_be_visible()
    expect(page.locator("#request-error")).to_have_count(1)  # one message, the latest
    expect(editor).to_have_value(re.compile("What I typed before the server failed"))
