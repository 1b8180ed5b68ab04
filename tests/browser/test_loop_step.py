"""Editing the interview loop in real Chromium: add, reorder and remove rounds, with htmx and
with JavaScript off, then save."""

import copy

import pytest
from playwright.sync_api import Page, expect

from hireplan.models import Engagement
from tests.browser.support import after_focus_settles, log_in
from tests.engine.support import SOUND

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def planned(engagement) -> Engagement:
    for slug in ("lane", "comp", "jd"):
        engagement.answers[slug] = copy.deepcopy(SOUND[slug])
        engagement.saved_at_version[slug] = 1
    engagement.save()
    return engagement


def titles(page: Page) -> list[str]:
    return [field.input_value() for field in page.locator(".round input[name$='-title']").all()]


def edit_the_loop(page: Page, base: str, engagement: Engagement, *, js: bool) -> None:
    page.goto(f"{base}/engagements/{engagement.pk}/loop/")
    rounds = page.locator("li.round")
    expect(rounds).to_have_count(5)

    page.get_by_role("button", name="+ Add a round").click()
    expect(rounds).to_have_count(6)
    expect(page.get_by_role("status").filter(has_text="Round 6 added")).to_be_visible()
    new = rounds.nth(5)
    name = new.get_by_label("Name")
    expect(name).to_be_focused()
    if js:
        after_focus_settles(page)
    name.fill("Paper review")
    new.get_by_label("Minutes").fill("40")
    new.get_by_label("Run by").select_option("engineer")
    new.get_by_label("Modelling depth").check()

    page.get_by_role("button", name="Move round 6 up").click()
    expect(
        page.get_by_role("status").filter(has_text="Paper review is now round 5")
    ).to_be_visible()
    # Focus stays on the moved round's button, so the keyboard can keep moving it.
    expect(page.get_by_role("button", name="Move round 5 up")).to_be_focused()
    assert titles(page)[4:] == ["Paper review", "Team fit and reverse interview"]

    page.get_by_role("button", name="Remove round 1").click()
    expect(rounds).to_have_count(5)
    assert titles(page)[0] == "Hiring-manager call"
    # The coverage matrix follows the unsaved rounds.
    expect(page.locator(".round-key")).to_contain_text("R4 Paper review")
    if js:
        # The live advice panel recomputes after an edit without a page load. The matrix is
        # folded away (issue 22): open it as a reader would.
        page.locator("#loop-coverage-more > summary").click()
        expect(page.locator("#live .matrix")).to_be_visible()

    # Saved rounds show as summaries; Edit opens one, Done folds it back, focus following.
    expect(rounds.nth(1).get_by_label("Name")).to_have_count(0)
    page.get_by_role("button", name="Edit round 2").click()
    name = rounds.nth(1).get_by_label("Name")
    expect(name).to_be_focused()
    if js:
        after_focus_settles(page)
    name.fill("Technical depth, with a paper")
    page.get_by_role("button", name="Done editing round 2").click()
    expect(page.get_by_role("button", name="Edit round 2")).to_be_focused()
    expect(rounds.nth(1).locator(".round-legend")).to_contain_text("Technical depth, with a paper")
    assert "loop" not in Engagement.objects.get(pk=engagement.pk).answers

    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Sourcing and timeline")).to_be_visible()
    saved = Engagement.objects.get(pk=engagement.pk).answers["loop"]["rounds"]
    assert [r["title"] for r in saved] == [
        "Hiring-manager call",
        "Technical depth, with a paper",
        "Production debugging or system design",
        "Paper review",
        "Team fit and reverse interview",
    ]
    assert saved[3]["skills_tested"] == ["S6"]
    assert saved[3]["minutes"] == 40


def test_it_edits_the_loop_with_javascript(page: Page, live_server, manager, planned):
    log_in(page, live_server.url, manager.email)
    edit_the_loop(page, live_server.url, planned, js=True)


def test_it_edits_the_loop_with_javascript_off(browser, live_server, manager, planned):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, manager.email)
    edit_the_loop(page, live_server.url, planned, js=False)
    context.close()


def test_it_shows_a_bad_round_beside_its_field(page: Page, live_server, manager, planned):
    log_in(page, live_server.url, manager.email)
    page.goto(f"{live_server.url}/engagements/{planned.pk}/loop/")
    page.get_by_role("button", name="Edit round 1").click()
    first = page.locator("li.round").first
    expect(first.get_by_label("Name")).to_be_focused()
    after_focus_settles(page)
    first.get_by_label("Minutes").fill("300")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#form-errors")).to_be_focused()
    minutes = page.locator("li.round").first.get_by_label("Minutes")
    expect(minutes).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("A round lasts 5 to 240 minutes")).to_be_visible()
    assert "loop" not in Engagement.objects.get(pk=planned.pk).answers


# ----------------------------------------------------------------------------- team skills
TEAM_SKILL = "Owning the fraud metric"


def tick_a_team_skill(page: Page, base: str, engagement: Engagement, *, js: bool) -> None:
    page.goto(f"{base}/engagements/{engagement.pk}/loop/")
    matrix_row = page.locator(".matrix tbody tr", has_text=TEAM_SKILL)
    # Ranked second on the JD and tested by none of the guide's rounds: flagged.
    expect(matrix_row).to_contain_text("your team's own")
    expect(matrix_row.locator(".dot")).to_have_count(0)
    expect(page.locator(".coverage-flag")).to_contain_text(f"{TEAM_SKILL} (ranked 2)")

    page.get_by_role("button", name="Edit round 2").click()
    call = page.locator("li.round").nth(1)
    expect(call.get_by_label("Name")).to_be_focused()
    if js:
        after_focus_settles(page)
    box = call.get_by_label(f"{TEAM_SKILL} (your team's own)")
    box.check()
    if not js:
        # Without JavaScript the matrix follows the rounds once the round is folded back.
        page.get_by_role("button", name="Done editing round 2").click()
    # The matrix shows the team's skill tested by round 2 (the hiring-manager call) only.
    cells = matrix_row.locator("td")
    expect(cells).to_have_count(5)
    expect(cells.nth(1).locator(".dot")).to_have_count(1)
    expect(matrix_row.locator(".dot")).to_have_count(1)
    expect(page.locator(".coverage-flag")).not_to_contain_text(TEAM_SKILL)
    if js:
        expect(page.locator("#finding-loopuntested_skill")).to_have_count(0)

    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Sourcing and timeline")).to_be_visible()
    saved = Engagement.objects.get(pk=engagement.pk).answers["loop"]["rounds"]
    assert saved[1]["skills_tested"] == ["S5", TEAM_SKILL]


@pytest.fixture
def team_planned(planned) -> Engagement:
    planned.answers["jd"]["ranked_skills"] = ["S1", TEAM_SKILL, "S2", "S3", "S4", "S5", "S6"]
    planned.save()
    return planned


def test_it_ticks_a_team_skill_and_sees_it_in_the_matrix(
    page: Page, live_server, manager, team_planned
):
    log_in(page, live_server.url, manager.email)
    tick_a_team_skill(page, live_server.url, team_planned, js=True)


def test_it_ticks_a_team_skill_with_javascript_off(browser, live_server, manager, team_planned):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, manager.email)
    tick_a_team_skill(page, live_server.url, team_planned, js=False)
    context.close()
