"""The lane step in real Chromium: live advice with htmx, and the same answers with JS off."""

import re

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from tests.browser.support import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def primary(page: Page, name: str):
    return page.get_by_role("group", name="Primary lane").get_by_role("radio", name=name)


def lean(page: Page, name: str):
    # Before a primary is chosen each lean notes its neighbours: match the lane's name first.
    return page.locator(".lean-field").get_by_role(
        "radio", name=re.compile("^" + name.replace("/", r"\/"))
    )


def also_needs(page: Page, name: str):
    return page.locator(".extra-field").get_by_role("checkbox", name=name)


def open_also_needs(page: Page) -> None:
    """ "Also needs…" is folded away (issue 22): open it as a reader would."""
    page.locator("#lane-extra > summary").click()


def fill_scope(page: Page, sla: str) -> None:
    page.get_by_label("What must the hire have delivered").fill(
        "Retrain the ranking model on fresher features"
    )
    page.get_by_label("Ship a model, or retrain one already live").check()
    page.get_by_label("A production SLA").check()
    page.get_by_label("SLA, as a percentage").fill(sla)


def test_it_updates_the_advice_live_as_lanes_are_chosen(page: Page, live_server, engagement):
    base = live_server.url
    log_in(page, base, engagement.owner.email)
    page.goto(f"{base}/engagements/{engagement.pk}/lane/")
    advice = page.locator("#live")
    expect(advice.get_by_text("Answer the questions")).to_be_visible()

    primary(page, "Production ML engineer").check()
    # The lean is now offered among the primary's neighbours, and advice starts at once.
    expect(page.get_by_role("group", name="Next to Production ML engineer")).to_be_visible()
    expect(advice.get_by_text("questions still open")).to_be_visible()
    lean(page, "MLOps / ML platform engineer").check()
    expect(page.locator("#finding-laneprimary_with_lean")).to_be_visible()

    open_also_needs(page)
    also_needs(page, "Data scientist").check()
    blocker = page.locator("#finding-lanedo_it_all")
    expect(blocker).to_be_visible()
    expect(blocker).to_contain_text("3 kinds of ML engineer")
    expect(blocker.get_by_role("link", name="L4")).to_be_visible()
    also_needs(page, "Data scientist").uncheck()
    expect(blocker).to_have_count(0)

    # Tools follow the primary lane's signal; a ticked one survives a change of lane.
    page.get_by_role("checkbox", name="PyTorch").check()
    primary(page, "Applied AI / LLM engineer").check()
    expect(page.get_by_role("checkbox", name="OpenAI SDK")).to_be_visible()
    expect(page.get_by_role("checkbox", name="PyTorch")).to_be_checked()
    # MLOps is not next to applied LLM: the lean now brings the blocker.
    expect(page.locator("#finding-lanedo_it_all")).to_be_visible()
    primary(page, "Production ML engineer").check()
    expect(page.locator("#finding-lanedo_it_all")).to_have_count(0)

    fill_scope(page, "99.95")
    page.get_by_label("Other tools in use").fill("BigQuery")
    expect(page.locator("#finding-lanehigh_reliability")).to_be_visible()
    expect(advice.get_by_text("questions still open")).to_have_count(0)
    engagement.refresh_from_db()
    assert "lane" not in engagement.answers  # the live advice saved nothing

    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(f"{base}/engagements/{engagement.pk}/comp/")
    expect(page.get_by_text("Lane and scope saved")).to_be_visible()
    engagement.refresh_from_db()
    lane = engagement.answers["lane"]
    assert (lane["primary_lane"], lane["lean_lane"]) == ("production_ml", "mlops_platform")
    assert lane["stack_tags"] == ["PyTorch", "BigQuery"]
    assert lane["sla_percent"] == 99.95


def test_it_moves_between_lane_cards_with_the_keyboard(page: Page, live_server, engagement):
    base = live_server.url
    log_in(page, base, engagement.owner.email)
    page.goto(f"{base}/engagements/{engagement.pk}/lane/")
    first = primary(page, "Production ML engineer")
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowDown")
    second = primary(page, "Data scientist")
    expect(second).to_be_checked()
    expect(page.get_by_role("group", name="Next to Data scientist")).to_be_visible()
    # Re-rendering the lean choices leaves focus where the user is.
    expect(second).to_be_focused()


def test_it_saves_and_shows_the_same_advice_with_javascript_off(browser, live_server, engagement):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, engagement.owner.email)
    url = f"{base}/engagements/{engagement.pk}/lane/"
    page.goto(url)
    primary(page, "Production ML engineer").check()
    lean(page, "Data scientist").check()
    open_also_needs(page)
    also_needs(page, "Applied AI / LLM engineer").check()
    fill_scope(page, "abc")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    expect(page.get_by_text("Enter the SLA as a number, for example 99.9.")).to_be_visible()
    assert "lane" not in Engagement.objects.get(pk=engagement.pk).answers

    page.get_by_label("SLA, as a percentage").fill("99.9")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(f"{base}/engagements/{engagement.pk}/comp/")
    expect(page.get_by_text("Lane and scope saved.")).to_be_visible()

    page.goto(url)
    expect(page.locator("#finding-lanedo_it_all")).to_be_visible()
    expect(primary(page, "Production ML engineer")).to_be_checked()
    expect(lean(page, "Data scientist")).to_be_checked()
    expect(page.get_by_role("group", name="Next to Production ML engineer")).to_be_visible()
    context.close()
