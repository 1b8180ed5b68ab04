"""The offer step in real Chromium: the offer plan saves without a candidate, and grants and
competing offers are added and removed in place, with htmx and with JavaScript off."""

import copy

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from tests.browser.support import after_focus_settles, log_in
from tests.engine.support import SOUND

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def planned(engagement) -> Engagement:
    for slug in ("lane", "comp", "jd", "loop", "sourcing"):
        engagement.answers[slug] = copy.deepcopy(SOUND[slug])
        engagement.saved_at_version[slug] = 1
    engagement.save()
    return engagement


def test_it_completes_the_plan_without_a_candidate(page: Page, live_server, manager, planned):
    log_in(page, live_server.url, manager.email)
    page.goto(f"{live_server.url}/engagements/{planned.pk}/offer/")
    expect(page.get_by_role("heading", name="The offer plan")).to_be_visible()
    candidate = page.locator("#offer-candidate")
    expect(candidate).to_contain_text("optional until you have a finalist")
    expect(candidate).to_contain_text("No grants entered.")
    page.get_by_label("Who signs off the offer").fill("Head of engineering")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Review", exact=True)).to_be_visible()
    saved = Engagement.objects.get(pk=planned.pk).answers["offer"]
    assert saved["current_grants"] == [] and saved["competing_offers"] == []
    assert saved["approvers"] == "Head of engineering"
    # Nothing on the review step asks for the candidate's part.
    expect(page.locator("#step")).not_to_contain_text("Offer: not saved")


def rows_in_place(page: Page, base: str, engagement: Engagement, *, js: bool) -> None:
    page.goto(f"{base}/engagements/{engagement.pk}/offer/")
    grants = page.locator(".grant-row")
    offers = page.locator(".competing-row")
    expect(grants).to_have_count(0)

    page.get_by_role("button", name="+ Add a grant").click()
    expect(grants).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="Grant 1 added")).to_be_visible()
    value = grants.first.get_by_label("Grant's total value today, $")
    expect(value).to_be_focused()
    if js:
        after_focus_settles(page)
    value.fill("240,000")
    grants.first.get_by_label("Vests over, years").fill("4")
    grants.first.get_by_label("Vests", exact=True).select_option("quarterly")
    grants.first.get_by_label("Vesting start").fill("2025-03-11")
    grants.first.get_by_label("Cliff, months").fill("12")

    for name in ("Late-stage fintech", "Series C marketplace", "Public SaaS"):
        page.get_by_role("button", name="+ Add an offer").click()
        row = offers.last
        expect(row.get_by_label("Offer from")).to_be_focused()
        if js:
            after_focus_settles(page)
        row.get_by_label("Offer from").fill(name)
        row.get_by_label("Base, $").fill("265000")
    expect(offers).to_have_count(3)
    # What was typed in the grant survived three round trips.
    expect(grants.first.get_by_label("Grant's total value today, $")).to_have_value("240,000")

    page.get_by_role("button", name="Remove offer 2").click()
    expect(offers).to_have_count(2)
    expect(page.get_by_role("status").filter(has_text="Offer 2 removed")).to_be_visible()
    expect(page.get_by_role("button", name="+ Add an offer")).to_be_focused()
    labels = [row.get_by_label("Offer from").input_value() for row in offers.all()]
    assert labels == ["Late-stage fintech", "Public SaaS"]
    assert "offer" not in Engagement.objects.get(pk=engagement.pk).answers

    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Review", exact=True)).to_be_visible()
    saved = Engagement.objects.get(pk=engagement.pk).answers["offer"]
    assert [offer["label"] for offer in saved["competing_offers"]] == labels
    assert saved["current_grants"] == [
        {
            "value_usd": 240_000,
            "vesting_years": 4,
            "schedule": "quarterly",
            "vesting_start": "2025-03-11",
            "cliff_months": 12,
            "vested_usd": None,
        }
    ]


def test_it_adds_and_removes_rows_with_javascript(page: Page, live_server, manager, planned):
    log_in(page, live_server.url, manager.email)
    rows_in_place(page, live_server.url, planned, js=True)


def test_it_adds_and_removes_rows_with_javascript_off(browser, live_server, manager, planned):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, manager.email)
    rows_in_place(page, live_server.url, planned, js=False)
    context.close()
