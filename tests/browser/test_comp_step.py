"""The compensation step in real Chromium: live advice and chart with htmx, and without it."""

import re

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from tests.browser.support import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def choose_senior_remote(page: Page) -> None:
    page.get_by_role("radio", name="Senior").check()
    page.get_by_label("Where the role is based").select_option("national")
    page.get_by_role("radio", name="Remote").check()


def fill_band(page: Page, low: str, high: str) -> None:
    page.get_by_label("Bottom of the band").fill(low)
    page.get_by_label("Top of the band").fill(high)


def test_it_updates_the_band_chart_and_advice_as_the_user_types(
    page: Page, live_server, manager, engagement
):
    base = live_server.url
    log_in(page, base, manager.email)
    page.goto(f"{base}/engagements/{engagement.pk}/comp/")
    expect(page.get_by_role("heading", name="Compensation")).to_be_visible()
    # The chart is folded away (issue 22): open it as a reader would. It stays open as the
    # live preview redraws the panel (static/js/app.js remembers the disclosure).
    page.get_by_text("The band against the benchmarks (chart)").click()
    expect(page.get_by_role("img", name=re.compile("Base salary"))).to_be_visible()
    live = page.locator("#live")
    choose_senior_remote(page)
    expect(page.get_by_role("img", name=re.compile("Base salary"))).to_be_visible()
    expect(live.locator("#recommended-band")).to_contain_text("$230,000–$340,000")

    # Questions that only apply to some answers appear when they do.
    office_days = page.get_by_label("Office days a week")
    expect(office_days).to_be_hidden()
    page.get_by_role("radio", name="Hybrid").check()
    expect(office_days).to_be_visible()
    page.get_by_role("radio", name="Remote").check()
    expect(office_days).to_be_hidden()

    fill_band(page, "230000", "340000")
    expect(live.locator("#placement-verdict")).to_contain_text("matches the recommendation")
    proposed = live.locator('rect[data-bar="proposed"]')
    fair_x = proposed.get_attribute("x")
    expect(live.locator("#finding-compunderpriced")).to_have_count(0)

    # 20% under the recommendation: the risk appears and the proposed bar moves left.
    fill_band(page, "180k", "$276,000")
    expect(live.locator("#finding-compunderpriced")).to_contain_text("20.0% under")
    expect(live.locator("#placement-verdict")).to_contain_text("Underpriced")
    expect(proposed).not_to_have_attribute("x", fair_x)
    assert float(proposed.get_attribute("x")) < float(fair_x)
    expect(proposed).to_have_attribute("fill", "#9a5b00")
    engagement.refresh_from_db()
    assert "comp" not in engagement.answers  # previews never save

    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(f"{base}/engagements/{engagement.pk}/jd/")
    expect(page.get_by_text("Compensation saved")).to_be_visible()
    engagement.refresh_from_db()
    assert engagement.answers["comp"]["band_low_usd"] == 180_000

    page.goto(f"{base}/engagements/{engagement.pk}/comp/")
    expect(page.get_by_label("Bottom of the band")).to_have_value("180,000")
    expect(page.locator("#finding-compunderpriced")).to_be_visible()


def test_it_shows_errors_by_their_fields_and_saves_nothing(
    page: Page, live_server, manager, engagement
):
    base = live_server.url
    log_in(page, base, manager.email)
    page.goto(f"{base}/engagements/{engagement.pk}/comp/")
    choose_senior_remote(page)
    fill_band(page, "250000", "200000")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#form-errors")).to_be_focused()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    top = page.get_by_label("Top of the band")
    expect(top).to_have_attribute("aria-invalid", "true")
    expect(top).to_have_accessible_description(re.compile("swap them"))
    engagement.refresh_from_db()
    assert "comp" not in engagement.answers


def test_it_works_with_javascript_off(browser, live_server, manager, engagement):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, manager.email)
    page.goto(f"{base}/engagements/{engagement.pk}/comp/")
    choose_senior_remote(page)
    fill_band(page, "lots", "276000")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    expect(page.get_by_text("Enter a whole number of dollars, e.g. 185000.")).to_be_visible()
    engagement.refresh_from_db()
    assert "comp" not in engagement.answers

    fill_band(page, "180k", "$276,000")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(f"{base}/engagements/{engagement.pk}/jd/")
    expect(page.get_by_text("Compensation saved.")).to_be_visible()

    # Reloading the step shows the advice and chart for the saved answers.
    page.goto(f"{base}/engagements/{engagement.pk}/comp/")
    expect(page.locator("#finding-compunderpriced")).to_be_visible()
    expect(page.locator("#recommended-band")).to_contain_text("$230,000–$340,000")
    expect(page.locator('rect[data-bar="proposed"]')).to_have_attribute("fill", "#9a5b00")
    expect(page.get_by_label("Top of the band")).to_have_value("276,000")
    context.close()


def test_it_is_read_only_for_the_recruiter(page: Page, live_server, recruiter, engagement):
    Engagement.objects.filter(pk=engagement.pk).update(
        answers={
            **engagement.answers,
            "comp": {"level": "senior", "metro": "national", "arrangement": "remote"},
        }
    )
    base = live_server.url
    log_in(page, base, recruiter.email)
    page.goto(f"{base}/engagements/{engagement.pk}/comp/")
    expect(page.get_by_role("radio", name="Senior")).to_be_disabled()
    expect(page.locator("#recommended-band")).to_contain_text("$230,000–$340,000")
    expect(page.get_by_role("button", name="Save and continue")).to_have_count(0)
