"""A hiring manager in real Chromium: with JavaScript (htmx) and without it."""

import re

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from tests.browser.support import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill_context(page: Page, title: str) -> None:
    page.get_by_label("Role title").fill(title)
    page.get_by_label("Company stage").select_option("series_b")
    page.get_by_label("Industry").fill("Fintech")
    page.get_by_label("None: nobody runs ML in production yet").check()
    page.get_by_role("group", name=re.compile("first ML hire")).get_by_label("Yes").check()


def start_plan_with_errors_then_fix(page: Page, base: str, title: str) -> Engagement:
    page.get_by_role("link", name="Start a hiring plan").first.click()
    expect(page.get_by_role("heading", name="Start a hiring plan")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    expect(page.get_by_text("Give the role a title.")).to_be_visible()
    assert not Engagement.objects.exists()
    fill_context(page, title)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Lane and scope")).to_be_visible()
    engagement = Engagement.objects.get(title=title)
    expect(page).to_have_url(f"{base}/engagements/{engagement.pk}/lane/")
    return engagement


def test_it_starts_and_resumes_a_plan_with_javascript(page: Page, live_server, manager):
    base = live_server.url
    log_in(page, base, manager.email)
    engagement = start_plan_with_errors_then_fix(page, base, "ML Engineer, Fraud")
    expect(page.get_by_text("Context saved")).to_be_visible()
    expect(page.locator(".progress-item.is-done")).to_have_count(1)
    # The sidebar moves between steps without a page load, and back returns to the step.
    steps = page.get_by_role("navigation", name="Plan steps")
    steps.get_by_role("link", name="Compensation").click()
    expect(page).to_have_url(f"{base}/engagements/{engagement.pk}/comp/")
    expect(page.get_by_role("heading", name="Compensation", level=2)).to_be_visible()
    page.go_back()
    expect(page).to_have_url(f"{base}/engagements/{engagement.pk}/lane/")
    page.reload()
    expect(page.get_by_role("heading", name="Lane and scope")).to_be_visible()
    # Leave and come back later: the plan is listed and reopens at the current step.
    page.goto(f"{base}/")
    page.get_by_role("link", name="ML Engineer, Fraud").click()
    expect(page).to_have_url(f"{base}/engagements/{engagement.pk}/lane/")
    steps.get_by_role("link", name="Context").click()
    expect(page.get_by_label("Role title")).to_have_value("ML Engineer, Fraud")


def test_it_starts_a_plan_with_javascript_off(browser, live_server, manager):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, manager.email)
    engagement = start_plan_with_errors_then_fix(page, base, "ML Engineer, Search")
    expect(page.get_by_text("Context saved.")).to_be_visible()
    steps = page.get_by_role("navigation", name="Plan steps")
    steps.get_by_role("link", name="Compensation").click()
    expect(page).to_have_url(f"{base}/engagements/{engagement.pk}/comp/")
    context.close()


def test_it_never_shows_a_plan_to_a_recruiter_of_another_company(
    page: Page, live_server, engagement, other_recruiter
):
    log_in(page, live_server.url, other_recruiter.email)
    expect(page.get_by_text(engagement.title)).to_have_count(0)
    response = page.goto(f"{live_server.url}/engagements/{engagement.pk}/context/")
    assert response.status == 404
    expect(page.get_by_text("We couldn’t find that page")).to_be_visible()


def test_it_moves_focus_to_the_errors_then_to_the_next_step(page: Page, live_server, manager):
    log_in(page, live_server.url, manager.email)
    page.goto(f"{live_server.url}/engagements/new/")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#form-errors")).to_be_focused()
    fill_context(page, "ML Engineer, Focus")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#step-heading")).to_be_focused()
    expect(page.locator("#step-heading")).to_have_text("Lane and scope")
