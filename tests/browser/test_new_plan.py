"""The new-plan page in real Chromium: advice before the plan exists, live with htmx and on
request without JavaScript; and the findings line that leads a phone to the advice panel."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from hireplan.models import Engagement
from tests.browser.support import log_in
from tests.conftest import CONTEXT_ANSWERS, with_steps

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
F2_TITLE = "The first ML engineer as contract-to-hire"


def first_hire(page: Page, answer: str) -> None:
    page.get_by_role("group", name=re.compile("first ML hire")).get_by_label(answer).check()


def fill_the_rest(page: Page, title: str) -> None:
    page.get_by_label("Role title").fill(title)
    page.get_by_label("Company stage").select_option("series_b")
    page.get_by_label("Industry").fill("Fintech")
    page.get_by_label("None: nobody runs ML in production yet").check()


def test_it_warns_of_contract_to_hire_live_before_the_plan_exists(page: Page, live_server, manager):
    base = live_server.url
    log_in(page, base, manager.email)
    page.goto(f"{base}/engagements/new/")
    before = Engagement.objects.count()
    panel = page.locator("#live")
    expect(panel.get_by_text("Answer the questions")).to_be_visible()

    # Two answers are enough: the warning holds whatever the others turn out to be.
    first_hire(page, "Yes")
    page.get_by_label("Contract-to-hire").check()
    finding = panel.locator("#finding-fitdirect_first_hire")
    expect(finding).to_be_visible()
    expect(finding).to_contain_text(F2_TITLE)
    expect(finding.get_by_role("link", name="F2")).to_be_visible()
    expect(panel.get_by_text("4 questions still open")).to_be_visible()

    # The panel follows each answer: not the first hire, no warning; the first again, back.
    first_hire(page, "No")
    expect(finding).to_have_count(0)
    expect(panel.get_by_text("Answer the questions")).to_be_visible()
    first_hire(page, "Yes")
    expect(finding).to_be_visible()

    # Every answer given: the same warning, and nothing is left open.
    fill_the_rest(page, "ML Engineer, Payments")
    expect(panel.get_by_text("questions still open")).to_have_count(0)
    expect(finding).to_be_visible()
    page.get_by_label("Direct hire").check()
    expect(finding).to_have_count(0)
    expect(panel.get_by_text("Nothing to flag here")).to_be_visible()
    expect(panel.get_by_text("Answer the questions")).to_have_count(0)

    # All of it without saving: still the new-plan page, and no plan was created.
    expect(page).to_have_url(f"{base}/engagements/new/")
    assert Engagement.objects.count() == before
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Lane and scope")).to_be_visible()
    assert Engagement.objects.count() == before + 1


def test_it_warns_of_contract_to_hire_without_javascript(browser: Browser, live_server, manager):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, manager.email)
    page.goto(f"{base}/engagements/new/")
    first_hire(page, "Yes")
    page.get_by_label("Contract-to-hire").check()
    page.get_by_role("button", name="Check the advice").click()
    expect(page.locator("#finding-fitdirect_first_hire")).to_contain_text(F2_TITLE)
    # Nothing saved; what was answered is kept and what is missing is marked.
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    expect(page.get_by_text("Give the role a title.")).to_be_visible()
    expect(page.get_by_label("Contract-to-hire")).to_be_checked()
    assert not Engagement.objects.exists()
    # A save with an answer missing comes back with the warning too.
    page.get_by_label("Role title").fill("ML Engineer, Risk")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Name the industry, for example fintech.")).to_be_visible()
    expect(page.locator("#finding-fitdirect_first_hire")).to_be_visible()
    assert not Engagement.objects.exists()
    # Complete, the plan is created, warning or not.
    fill_the_rest(page, "ML Engineer, Risk")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Lane and scope")).to_be_visible()
    engagement = Engagement.objects.get()
    assert engagement.answers["context"]["hire_type"] == "contract_to_hire"
    context.close()


def below(page: Page, upper, lower) -> bool:
    return upper.bounding_box()["y"] + upper.bounding_box()["height"] <= lower.bounding_box()["y"]


def test_it_leads_a_phone_from_the_top_of_the_form_to_the_advice(
    browser: Browser, live_server, manager, engagement
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, manager.email)
    page.goto(f"{base}/engagements/new/")
    summary = page.locator("#advice-summary")
    save = page.get_by_role("button", name="Save and continue")
    panel = page.locator("#live")
    expect(summary).to_be_hidden()  # nothing to flag yet

    first_hire(page, "Yes")
    page.get_by_label("Contract-to-hire").check()
    link = summary.get_by_role("link", name=re.compile("1 finding: 1 risk"))
    expect(link).to_be_visible()
    # On a phone the panel comes after the Save button; the line sits above both.
    assert below(page, link, save)
    assert below(page, save, panel)
    link.tap()
    expect(page).to_have_url(re.compile("#advice-heading$"))
    expect(page.locator("#advice-heading")).to_be_in_viewport()
    expect(panel.locator("#finding-fitdirect_first_hire")).to_be_in_viewport()
    # It follows the panel: a direct hire has nothing to flag, and the line goes.
    page.get_by_label("Direct hire").check()
    expect(panel.locator("#finding-fitdirect_first_hire")).to_have_count(0)
    expect(summary).to_be_hidden()

    # Every step shares it: a saved plan's context step, from the first view.
    with_steps(engagement, context={**CONTEXT_ANSWERS, "hire_type": "contract_to_hire"})
    page.goto(f"{base}/engagements/{engagement.pk}/context/")
    link = page.locator("#advice-summary").get_by_role("link")
    expect(link).to_have_text(re.compile("1 finding: 1 risk"))
    assert below(page, link, page.get_by_role("button", name="Save and continue"))
    page.get_by_label("Direct hire").check()  # a preview of the saved plan's step
    expect(page.locator("#advice-summary")).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a phone"
    context.close()


def test_it_keeps_the_line_out_of_the_way_beside_the_panel(page: Page, live_server, engagement):
    """On a wide screen the panel is beside the form: the line shows only to the keyboard."""
    page.set_viewport_size({"width": 1280, "height": 900})
    with_steps(engagement, context={**CONTEXT_ANSWERS, "hire_type": "contract_to_hire"})
    base = live_server.url
    log_in(page, base, engagement.owner.email)
    page.goto(f"{base}/engagements/{engagement.pk}/context/")
    summary = page.locator("#advice-summary")
    expect(page.locator("#finding-fitdirect_first_hire")).to_be_in_viewport()
    assert summary.bounding_box()["width"] <= 1
    summary.get_by_role("link").focus()
    assert summary.bounding_box()["width"] > 100
