"""The job-description step in real Chromium: draft, edit with the live check, reorder,
restore, copy; and with JavaScript off, draft, save and reload."""

import re

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from jd.models import JDDraft
from tests.browser.test_journeys import log_in
from tests.test_jd_lint import SOUND

pytestmark = pytest.mark.django_db(transaction=True)

FACTS = {
    "The model": "the search ranking model",
    "What it serves": "orders results for every customer search",
    "Its scale": "about 12 million queries a day",
    "Framework and version": "PyTorch 2.5",
    "Serving stack": "Triton on GKE",
    "Retraining cadence": "nightly",
    "Orchestrator": "Dagster",
    "Feature store": "Feast",
    "On-call rotation": "one week in six",
    "How often the pager fires": "two or three times a month",
    "The last real incident": "a late upstream table left features stale",
}


@pytest.fixture
def planned(engagement) -> Engagement:
    engagement.answers = {**engagement.answers, "lane": SOUND["lane"], "comp": SOUND["comp"]}
    engagement.saved_at_version = {"context": 1, "lane": 1, "comp": 1}
    engagement.save()
    return engagement


def open_step(page: Page, base: str, engagement: Engagement, email: str) -> None:
    log_in(page, base, email)
    page.goto(f"{base}/engagements/{engagement.pk}/jd/")
    expect(page.get_by_role("heading", name="Job description", level=2)).to_be_visible()


def fill_facts(page: Page) -> None:
    for label, value in FACTS.items():
        page.get_by_label(label).fill(value)


def score(page: Page):
    return page.locator("#live .jd-score-number")


def test_it_drafts_edits_checks_and_restores_with_javascript(
    page: Page, live_server, planned, manager
):
    base = live_server.url
    open_step(page, base, planned, manager.email)
    expect(page.get_by_text("the check runs here as you type")).to_be_visible()
    fill_facts(page)
    page.get_by_role("button", name="Draft the JD").click()
    expect(page.get_by_text("Drafted the JD from your answers.")).to_be_visible()
    editor = page.get_by_role("textbox", name="Job description")
    expect(editor).to_be_focused()
    expect(editor).to_have_value(re.compile(r"^# Senior ML Engineer, Search\n\nYou will own the"))
    expect(score(page)).to_have_text("100")
    expect(page.locator("#live .jd-preview h1")).to_have_text("Senior ML Engineer, Search")
    assert JDDraft.objects.filter(label="Drafted").count() == 1

    # Typing filler into the opener: after a pause, the score drops and the sentence is marked.
    editor.press("Control+Home")
    editor.press("ArrowDown")
    editor.press("ArrowDown")
    editor.type("We want a passionate rockstar to transform everything. ")
    expect(score(page)).not_to_have_text("100")
    finding = page.locator("#live #finding-jdlint_aspiration")
    expect(finding).to_contain_text("aspiration")
    expect(page.locator('#live mark[data-finding="jd.lint_aspiration"]')).to_contain_text(
        "We want a passionate rockstar"
    )
    expect(page.locator("#live .jd-unsaved")).to_have_text("not saved yet")
    # Screen readers hear the new score, not the whole redrawn panel.
    expect(page.locator("#jd-check-status")).to_have_text(re.compile(r"JD check: \d+ out of 100"))

    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Interview loop")).to_be_visible()
    planned.refresh_from_db()
    assert "passionate rockstar" in planned.answers["jd"]["jd_markdown"]

    # Back on the step: the drafted version can be compared and brought back.
    page.goto(f"{base}/engagements/{planned.pk}/jd/")
    history = page.locator(".jd-history")
    expect(history.locator("tbody tr")).to_have_count(2)
    history.get_by_role("link", name=re.compile("Compare with the current text")).click()
    expect(page.get_by_role("heading", name="Compare an earlier version")).to_be_visible()
    expect(page.locator(".jd-diff ins").first).to_contain_text("passionate rockstar")
    page.get_by_role("button", name="Restore this version").click()
    expect(page.get_by_text(re.compile("Restored the version from"))).to_be_visible()
    expect(page.get_by_role("textbox", name="Job description")).not_to_have_value(
        re.compile("passionate rockstar")
    )
    expect(score(page)).to_have_text("100")
    expect(history.locator("tbody tr").first).to_contain_text("Restored from")


def test_it_reorders_the_skills_and_rechecks_the_advice(page: Page, live_server, planned, manager):
    open_step(page, live_server.url, planned, manager.email)
    skills = page.locator("#jd-skills li")
    page.get_by_role("button", name="Move Modelling depth up").click()
    expect(skills.nth(4)).to_contain_text("Modelling depth")
    expect(page.get_by_role("button", name="Move Modelling depth up")).to_be_focused()
    expect(page.locator("#live #finding-jdskills_order")).to_be_visible()
    page.get_by_role("button", name="Remove Modelling depth").click()
    expect(skills).to_have_count(5)
    expect(page.get_by_label("Add a skill")).to_be_focused()
    page.get_by_label("Add a skill").fill("Owning the relevance metric")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(skills.nth(5)).to_contain_text("Owning the relevance metric")
    expect(page.get_by_label("Add a skill")).to_have_value("")
    # Enter in the box adds the skill too, rather than saving the step.
    page.get_by_label("Add a skill").fill("Modelling depth")
    page.get_by_label("Add a skill").press("Enter")
    expect(skills.nth(6)).to_contain_text("Modelling depth")
    expect(page.get_by_role("heading", name="Job description", level=2)).to_be_visible()
    assert "jd" not in Engagement.objects.get(pk=planned.pk).answers  # nothing saved yet


def test_it_checks_a_10000_word_paste_without_hanging(page: Page, live_server, planned, manager):
    open_step(page, live_server.url, planned, manager.email)
    pasted = "# Engineer\n\n" + " ".join(f"word{i % 97}" for i in range(10_000))
    page.get_by_role("textbox", name="Job description").fill(pasted)
    expect(page.locator("#live #finding-jdlint_length")).to_contain_text("10,002 words")
    # The marked text is folded away (issue 22): open it as a reader would.
    page.locator("#jd-marked-more > summary").click()
    expect(page.locator("#live mark").first).to_be_visible()


def test_it_copies_the_text_to_the_clipboard(browser, live_server, planned, manager):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    open_step(page, live_server.url, planned, manager.email)
    page.get_by_role("textbox", name="Job description").fill("# Copied JD\n\nText.")
    page.get_by_role("button", name="Copy the text").click()
    expect(page.get_by_text("Copied to the clipboard.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == "# Copied JD\n\nText."
    context.close()


def test_it_drafts_saves_and_reloads_with_javascript_off(browser, live_server, planned, manager):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    open_step(page, base, planned, manager.email)
    expect(page.get_by_role("button", name="Copy the text")).to_be_hidden()
    fill_facts(page)
    page.get_by_role("button", name="Move Modelling depth up").click()
    expect(page.locator("#jd-skills li").nth(4)).to_contain_text("Modelling depth")
    expect(page.get_by_label("The model")).to_have_value("the search ranking model")
    page.get_by_role("button", name="Draft the JD").click()
    expect(page).to_have_url(f"{base}/engagements/{planned.pk}/jd/")
    expect(page.get_by_text("Drafted the JD from your answers.")).to_be_visible()
    editor = page.get_by_role("textbox", name="Job description")
    expect(editor).to_have_value(re.compile("You will own the search ranking model"))
    expect(page.locator("#finding-jdskills_order")).to_be_visible()
    editor.fill(editor.input_value() + "\nA closing line of our own.\n")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Job description saved.")).to_be_visible()
    page.goto(f"{base}/engagements/{planned.pk}/jd/")
    page.reload()
    expect(page.get_by_role("textbox", name="Job description")).to_have_value(
        re.compile("A closing line of our own.")
    )
    expect(page.locator(".jd-score-number")).to_be_visible()
    expect(page.locator(".jd-history tbody tr")).to_have_count(2)
    context.close()
