"""Never lose a word, in real Chromium: what the hiring manager types is kept as a draft on
the server (hireplan/drafts.py, static/js/app.js), restored when they come back, even in a new
browser, and the page asks before leaving only when something would be lost."""

import pytest
from playwright.sync_api import Browser, Page, expect

from hireplan.models import StepDraft
from tests.browser.support import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def open_context(page: Page, base: str, engagement, email: str) -> None:
    page.goto(f"{base}/engagements/{engagement.pk}/context/")
    expect(page.get_by_role("heading", name="Context", level=2)).to_be_visible()


def sidebar(page: Page, title: str):
    return page.locator("#progress").get_by_role("link", name=title)


def test_a_change_survives_a_sidebar_click_and_comes_back(
    page: Page, live_server, engagement, manager
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    log_in(page, live_server.url, manager.email)
    open_context(page, live_server.url, engagement, manager.email)
    page.get_by_label("Industry").fill("Payments infrastructure")
    # At once, before the draft's one-second pause is up: the guard sends it, then goes.
    sidebar(page, "Compensation").click()
    expect(page.get_by_role("heading", name="Compensation", level=2)).to_be_visible()
    sidebar(page, "Context").click()
    expect(page.get_by_label("Industry")).to_have_value("Payments infrastructure")
    expect(page.locator("#draft-notice")).to_contain_text("Unsaved changes from")
    assert dialogs == []  # the draft held the change: nothing to ask
    engagement.refresh_from_db()
    assert engagement.answers["context"]["industry"] == "Fintech"  # kept, not saved

    # Back and forward come back to it too.
    page.go_back()
    expect(page.get_by_role("heading", name="Compensation", level=2)).to_be_visible()
    page.go_forward()
    expect(page.get_by_label("Industry")).to_have_value("Payments infrastructure")


def test_a_draft_survives_closing_the_browser_and_can_be_discarded(
    browser: Browser, live_server, engagement, manager
):
    base = live_server.url
    first = browser.new_context()
    page = first.new_page()
    log_in(page, base, manager.email)
    open_context(page, base, engagement, manager.email)
    page.get_by_label("Industry").fill("Health records")
    expect(page.locator("#draft-status")).to_contain_text("Draft kept at")
    first.close()  # as a crash would: no save, no goodbye

    second = browser.new_context()
    page = second.new_page()
    log_in(page, base, manager.email)
    open_context(page, base, engagement, manager.email)
    expect(page.get_by_label("Industry")).to_have_value("Health records")
    notice = page.locator("#draft-notice")
    expect(notice).to_contain_text("restored")

    notice.get_by_role("button", name="Discard them").click()
    expect(page.get_by_text("Unsaved changes discarded")).to_be_visible()
    expect(page.get_by_label("Industry")).to_have_value("Fintech")
    expect(page.locator("#draft-notice")).to_have_count(0)
    assert not StepDraft.objects.exists()
    page.reload()
    expect(page.get_by_label("Industry")).to_have_value("Fintech")
    second.close()


def test_it_asks_before_leaving_only_when_something_is_unsaved(
    page: Page, live_server, engagement, manager
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    log_in(page, live_server.url, manager.email)
    open_context(page, live_server.url, engagement, manager.email)

    # Nothing typed (a click gives the page the user activation a prompt needs): no question.
    page.get_by_role("heading", name="Context", level=2).click()
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert dialogs == []


def test_it_asks_when_the_last_keystrokes_are_not_kept_yet(
    page: Page, live_server, engagement, manager
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    log_in(page, live_server.url, manager.email)
    open_context(page, live_server.url, engagement, manager.email)
    page.get_by_label("Industry").fill("Logistics")
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)  # at once: the draft is not kept yet
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Industry")).to_have_value("Logistics")  # dismissed: still here

    # Once the draft holds the change, closing asks nothing.
    expect(page.locator("#draft-status")).to_contain_text("Draft kept at")
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert dialogs == ["beforeunload"]
    assert StepDraft.objects.get().data["industry"] == ["Logistics"]


def test_fixed_errors_clear_as_they_are_fixed(page: Page, live_server, engagement, manager):
    log_in(page, live_server.url, manager.email)
    open_context(page, live_server.url, engagement, manager.email)
    page.get_by_label("Role title").fill("")
    page.get_by_label("Industry").fill("")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator("#form-errors")
    expect(summary).to_contain_text("2 answers")
    title = page.get_by_label("Role title")
    expect(title).to_have_attribute("aria-invalid", "true")

    title.fill("Senior ML Engineer, Ranking")
    expect(title).not_to_have_attribute("aria-invalid", "true")
    expect(summary).to_contain_text("1 answer marked")
    expect(page.get_by_label("Industry")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Industry").fill("Retail")
    expect(summary).to_have_count(0)
    expect(page.locator("#step-form .has-error")).to_have_count(0)


def test_it_asks_before_the_sidebar_leaves_changes_it_could_not_keep(
    page: Page, live_server, engagement, manager
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server.url, manager.email)
    open_context(page, live_server.url, engagement, manager.email)
    page.route("**/unsaved/", lambda route: route.abort())  # Hireplan out of reach
    page.get_by_label("Industry").fill("Insurance")
    # The question comes once the draft has failed to go: wait for it, not for the click.
    with page.expect_event("dialog"):
        sidebar(page, "Compensation").click()
    assert len(dialogs) == 1 and "could not be kept" in dialogs[0]
    expect(page.get_by_label("Industry")).to_have_value("Insurance")  # stayed: nothing lost
    expect(page.get_by_role("heading", name="Context", level=2)).to_be_visible()
