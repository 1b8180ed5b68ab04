"""The interview loop step: the guide's template, the editor (add, remove, reorder) with and
without htmx, the coverage matrix and calendar, saving, and bad input saving nothing."""

import pytest
from django.urls import reverse

from hireplan.models import Engagement
from tests.conftest import HTMX, preview_url, step_url, with_steps
from tests.engine.support import SOUND


def edit_url(engagement: Engagement) -> str:
    return reverse("loop_edit", args=[engagement.pk])


def loop_post(rounds: list[dict], spread: str = "two_weeks", **extra) -> dict:
    """The loop form as a browser posts it: the rounds as a formset."""
    data = {
        "version": 1,
        "spread": spread,
        "spread_days": "",
        "rounds-TOTAL_FORMS": str(len(rounds)),
        "rounds-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rounds):
        for name in ("kind", "title", "minutes", "format", "interviewer_role", "purpose"):
            data[f"rounds-{index}-{name}"] = row.get(name, "live" if name == "format" else "")
        data[f"rounds-{index}-interviewer_count"] = row.get("interviewer_count", 1)
        data[f"rounds-{index}-skills_tested"] = list(row.get("skills_tested", []))
    return {**data, **extra}


SENIOR = SOUND["loop"]["rounds"]


@pytest.fixture
def planned(engagement):
    return with_steps(engagement, comp=SOUND["comp"], jd=SOUND["jd"])


def test_it_starts_from_the_senior_template_when_no_level_is_saved(client, engagement, manager):
    client.force_login(manager)
    page = client.get(step_url(engagement, "loop")).text
    assert "No level is saved on the compensation step yet" in page
    assert 'name="rounds-TOTAL_FORMS" value="5"' in page
    assert 'value="Recruiter screen"' in page
    assert "4.5 hours" in page  # 30 + 45 + 90 + 60 + 45 minutes


def test_it_starts_from_the_mid_level_template_for_a_mid_level_role(client, engagement, manager):
    mid = {**SOUND["comp"], "level": "mid", "band_low_usd": None, "band_high_usd": None,
           "posting_low_usd": None, "posting_high_usd": None}  # fmt: skip
    with_steps(engagement, comp=mid)
    client.force_login(manager)
    page = client.get(step_url(engagement, "loop")).text
    assert "Starts from the guide's mid-level loop: 4 rounds." in page
    assert 'name="rounds-TOTAL_FORMS" value="4"' in page
    assert 'value="Recruiter screen"' not in page
    assert "4 hours" in page  # 45 + 90 + 60 + 45 minutes


def matrix_row(page: str, name: str) -> list[bool]:
    """The coverage matrix's cells for one skill: True where a round tests it."""
    row = page.split(f"</span> {name} <span")[1].split("</tr>")[0]
    return [cell.startswith('<span class="dot"') for cell in row.split("<td>")[1:]]


def test_it_shows_the_coverage_matrix_against_the_jds_ranking(client, planned, manager):
    client.force_login(manager)
    page = client.get(step_url(planned, "loop")).text
    assert "The skills your JD ranks, in its order." in page
    assert 'Recruiter screen <span class="flag flag-idle">tests none of the JD\'s skills' in page
    assert "Every skill the JD ranks has a round." in page
    # The guide's template credits production debugging to the debugging round alone (R4).
    assert matrix_row(page, "Production debugging") == [False, False, False, True, False]
    assert matrix_row(page, "Modelling depth") == [False, False, True, False, False]
    # Five rounds over two weeks fall on days 1, 4, 8, 11 and 14.
    assert "Day 1: R1</li><li>Day 4: R2</li><li>Day 8: R3</li>" in page
    assert "Day 14: R5" in page


def test_it_saves_the_loop_and_moves_on(client, planned, manager):
    client.force_login(manager)
    response = client.post(step_url(planned, "loop"), loop_post(SENIOR))
    assert response.status_code == 302
    assert response.url == step_url(planned, "sourcing")
    planned.refresh_from_db()
    saved = planned.answers["loop"]
    assert [r["title"] for r in saved["rounds"]] == [r["title"] for r in SENIOR]
    assert saved["rounds"][3]["skills_tested"] == ["S1", "S2", "S3", "S4"]
    assert saved["spread"] == "two_weeks"
    assert planned.current_step == "sourcing"
    # The saved loop is what the page shows next time.
    page = client.get(step_url(planned, "loop")).text
    assert "Your saved loop." in page
    assert 'value="Debugging"' in page


def test_it_saves_a_custom_span_and_ignores_stale_days_beside_a_named_one(client, planned, manager):
    client.force_login(manager)
    client.post(step_url(planned, "loop"), loop_post(SENIOR, spread="custom", spread_days="10"))
    planned.refresh_from_db()
    assert (planned.answers["loop"]["spread"], planned.answers["loop"]["spread_days"]) == (
        "custom",
        10,
    )
    client.post(step_url(planned, "loop"), loop_post(SENIOR, version=2, spread_days="10"))
    planned.refresh_from_db()
    assert planned.answers["loop"]["spread_days"] is None


BAD_ROUNDS = [
    ({"minutes": 4}, "A round lasts 5 to 240 minutes; split a longer one in two."),
    ({"minutes": 241}, "A round lasts 5 to 240 minutes; split a longer one in two."),
    ({"minutes": -30}, "A round lasts 5 to 240 minutes; split a longer one in two."),
    ({"minutes": ""}, "Say how long the round lasts, in minutes."),
    ({"minutes": "an hour"}, "Enter the length in whole minutes, for example 45."),
    ({"title": ""}, "Give the round a name, for example “Technical depth”."),
    ({"interviewer_count": 0}, "At least one person runs a round."),
    ({"kind": "coffee"}, "Select a valid choice."),
    ({"skills_tested": ["S9"]}, "Unknown skill id S9: the guide&#x27;s skills are S1 to S6."),
    ({"skills_tested": ["x" * 81]}, "Each skill is 2 to 80 characters."),
    ({"skills_tested": [f"Skill {n}" for n in range(21)]}, "A round tests at most 20 skills."),
]


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("change", "message"), BAD_ROUNDS)
def test_it_rejects_a_bad_round_by_field_and_saves_nothing(
    client, planned, manager, htmx, change, message
):
    client.force_login(manager)
    rounds = [dict(r) for r in SENIOR]
    rounds[2] = {**rounds[2], **change}
    response = client.post(step_url(planned, "loop"), loop_post(rounds), **(HTMX if htmx else {}))
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert "Some rounds need fixing: each problem is marked on its round." in response.text
    assert message in response.text
    field = next(iter(change))
    assert f'aria-describedby="id_rounds-2-{field}_error"' in response.text or field in (
        "kind",
        "skills_tested",
    )
    planned.refresh_from_db()
    assert "loop" not in planned.answers
    assert planned.version == 1


def test_it_refuses_a_loop_with_no_rounds(client, planned, manager):
    client.force_login(manager)
    response = client.post(step_url(planned, "loop"), loop_post([]))
    assert response.status_code == 200
    assert "A loop needs at least one round: add one" in response.text
    assert 'aria-describedby="rounds-help rounds-error"' in response.text
    planned.refresh_from_db()
    assert "loop" not in planned.answers


def test_it_refuses_a_custom_span_without_days(client, planned, manager):
    client.force_login(manager)
    response = client.post(step_url(planned, "loop"), loop_post(SENIOR, spread="custom"))
    assert "Say over how many days the loop runs." in response.text
    response = client.post(
        step_url(planned, "loop"), loop_post(SENIOR, spread="custom", spread_days=90)
    )
    assert "A loop runs over 60 days at most." in response.text
    planned.refresh_from_db()
    assert "loop" not in planned.answers


def test_it_adds_a_round_without_saving(client, planned, manager):
    client.force_login(manager)
    response = client.post(edit_url(planned), loop_post(SENIOR, edit="add"))
    assert response.status_code == 200
    assert "<html" in response.text  # no JavaScript: the whole page comes back
    assert 'name="rounds-TOTAL_FORMS" value="6"' in response.text
    assert "Round 6 added: name it." in response.text
    assert 'name="rounds-5-title"' in response.text
    assert "autofocus" in response.text.split('name="rounds-5-title"')[1].split(">")[0]
    # Nothing the user typed is lost, nothing is saved, and no error shows for the blank round.
    assert 'value="Debugging"' in response.text
    assert "Nothing was saved." not in response.text
    planned.refresh_from_db()
    assert "loop" not in planned.answers and planned.version == 1


def test_it_removes_and_reorders_rounds_without_saving(client, planned, manager):
    client.force_login(manager)
    removed = client.post(edit_url(planned), loop_post(SENIOR, edit="remove-0")).text
    assert 'name="rounds-TOTAL_FORMS" value="4"' in removed
    assert 'value="Recruiter screen"' not in removed
    assert "Recruiter screen removed." in removed
    moved = client.post(edit_url(planned), loop_post(SENIOR, edit="up-3")).text
    order = [moved.index(f'value="{r["title"]}"') for r in SENIOR]
    # Debugging (was 4th) now comes before Technical depth (was 3rd).
    assert order[3] < order[2]
    assert "Debugging is now round 3." in moved
    planned.refresh_from_db()
    assert "loop" not in planned.answers


def test_it_shows_saved_rounds_as_summaries_carrying_their_values(client, planned, manager):
    client.force_login(manager)
    page = client.get(step_url(planned, "loop")).text
    first = page.split('id="round-0"')[1].split("</li>")[0]
    assert 'class="round-facts">30 min · Live · run by recruiter (1)<' in first
    # No visible field, but every value travels with the form as a hidden input.
    assert 'id="id_rounds-0-title"' not in page
    assert '<input type="hidden" name="rounds-0-title" value="Recruiter screen">' in first
    assert 'aria-label="Edit round 1"' in first
    fourth = page.split('id="round-3"')[1].split("</li>")[0]
    for skill in ("S1", "S2", "S3", "S4"):
        assert f'<input type="hidden" name="rounds-3-skills_tested" value="{skill}">' in fourth
    assert '<span class="skill-tag">Serving cost and performance trade-offs</span>' in fourth


def test_it_opens_one_round_and_keeps_what_was_typed_in_the_others(client, planned, manager):
    client.force_login(manager)
    rounds = [dict(r) for r in SENIOR]
    rounds[0]["title"] = "Recruiter chat, typed but not saved"
    response = client.post(edit_url(planned), loop_post(rounds, edit="open-2"))
    page = response.text
    assert 'id="id_rounds-2-title"' in page  # round 3 shows its fields, focused on the name
    assert "autofocus" in page.split('name="rounds-2-title"')[1].split(">")[0]
    assert 'id="id_rounds-0-title"' not in page
    assert 'name="rounds-0-title" value="Recruiter chat, typed but not saved"' in page
    assert 'aria-label="Done editing round 3"' in page
    closed = client.post(edit_url(planned), loop_post(rounds, edit="close-2"), **HTMX).text
    assert 'id="id_rounds-2-title"' not in closed
    assert "autofocus" in closed.split('id="round-2-edit"')[1].split(">")[0]
    planned.refresh_from_db()
    assert "loop" not in planned.answers


def test_it_restores_the_guides_rounds(client, planned, manager):
    client.force_login(manager)
    response = client.post(edit_url(planned), loop_post(SENIOR[:2], edit="template"))
    assert 'name="rounds-TOTAL_FORMS" value="5"' in response.text
    assert 'value="Production debugging or system design"' in response.text


def test_it_caps_the_loop_at_ten_rounds(client, planned, manager):
    client.force_login(manager)
    response = client.post(edit_url(planned), loop_post(SENIOR * 2, edit="add"))
    assert 'name="rounds-TOTAL_FORMS" value="10"' in response.text
    assert "A loop holds at most 10 rounds." in response.text


def test_it_swaps_only_the_form_and_its_panel_for_htmx(client, planned, manager):
    client.force_login(manager)
    response = client.post(edit_url(planned), loop_post(SENIOR, edit="down-0"), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="loop-work"')
    assert '<div id="live"' in response.text
    assert response["Vary"] == "HX-Request" or "HX-Request" in response["Vary"]
    assert "autofocus" in response.text.split('id="round-1-down"')[1].split(">")[0]
    # The announcement goes into the status line that stays on the page.
    assert (
        '<p id="loop-edit-status" hx-swap-oob="innerHTML">Recruiter screen is now round 2.</p>'
        in (response.text)
    )


def test_it_previews_coverage_and_advice_for_unsaved_rounds(client, planned, manager):
    client.force_login(manager)
    rounds = [dict(r) for r in SENIOR]
    rounds[3] = {**rounds[3], "skills_tested": ["S1", "S4"]}  # nothing tests S3 any more
    url = preview_url(planned, "loop")
    response = client.post(url, loop_post(rounds, spread="one_day"), **HTMX)
    assert response.text.lstrip().startswith('<div id="live"')
    assert "Serving cost and performance trade-offs (ranked 3)" in response.text
    assert 'id="finding-loopuntested_skill"' in response.text
    assert 'id="finding-loopone_day"' in response.text
    planned.refresh_from_db()
    assert "loop" not in planned.answers


# ----------------------------------------------------------------------------- team skills
TEAM_SKILL = "Owning the fraud metric"
# The JD ranks the team's own skill second: it is among the top three every loop must test.
TEAM_JD = {**SOUND["jd"], "ranked_skills": ["S1", TEAM_SKILL, "S2", "S3", "S4", "S5", "S6"]}


def with_team_skill(rounds: list[dict], index: int = 1) -> list[dict]:
    rounds = [dict(r) for r in rounds]
    rounds[index] = {
        **rounds[index],
        "skills_tested": [*rounds[index]["skills_tested"], TEAM_SKILL],
    }
    return rounds


@pytest.fixture
def team_planned(engagement):
    return with_steps(engagement, comp=SOUND["comp"], jd=TEAM_JD)


def test_it_offers_the_jds_own_skills_on_every_round(client, team_planned, manager):
    client.force_login(manager)
    page = client.post(edit_url(team_planned), loop_post(SENIOR, edit="open-1")).text
    assert f'value="{TEAM_SKILL}"' in page.split('id="round-1"')[1].split("</li>")[0]
    assert f"<span>{TEAM_SKILL} (your team&#x27;s own)</span>" in page
    # The guide's six come first, in their order; the team's own after them.
    assert page.index('value="S6"') < page.index(f'value="{TEAM_SKILL}"')


def test_it_offers_only_the_guides_six_when_the_jd_ranks_nothing_of_its_own(
    client, planned, manager
):
    client.force_login(manager)
    page = client.post(edit_url(planned), loop_post(SENIOR, edit="open-1")).text
    assert "(your team&#x27;s own)" not in page
    assert page.count('name="rounds-1-skills_tested"') == 6


def test_it_names_an_untested_team_skill_ranked_in_the_top_three(client, team_planned, manager):
    client.force_login(manager)
    response = client.post(preview_url(team_planned, "loop"), loop_post(SENIOR), **HTMX)
    page = response.text
    assert f"{TEAM_SKILL} (ranked 2)" in page
    assert f"No round tests “{TEAM_SKILL}”" in page
    assert 'id="finding-loopuntested_skill"' in page
    assert matrix_row(page, TEAM_SKILL) == [False] * 5


def test_it_counts_a_ticked_team_skill_as_covered_and_stays_silent(client, team_planned, manager):
    client.force_login(manager)
    rounds = with_team_skill(SENIOR)
    response = client.post(preview_url(team_planned, "loop"), loop_post(rounds), **HTMX)
    page = response.text
    assert matrix_row(page, TEAM_SKILL) == [False, True, False, False, False]
    assert '<span class="skill-id">your team\'s own</span>' in page
    # Only the seventh skill, outside the top three, is left: no finding.
    assert "<strong>No round tests:</strong> Modelling depth." in page
    assert 'id="finding-loopuntested_skill"' not in page


def test_it_saves_a_team_skill_and_shows_it_on_the_rounds_summary(client, team_planned, manager):
    client.force_login(manager)
    response = client.post(step_url(team_planned, "loop"), loop_post(with_team_skill(SENIOR)))
    assert response.status_code == 302
    team_planned.refresh_from_db()
    assert team_planned.answers["loop"]["rounds"][1]["skills_tested"] == ["S1", "S5", TEAM_SKILL]
    page = client.get(step_url(team_planned, "loop")).text
    second = page.split('id="round-1"')[1].split("</li>")[0]
    assert f'<input type="hidden" name="rounds-1-skills_tested" value="{TEAM_SKILL}">' in second
    assert f'<span class="skill-tag">{TEAM_SKILL} (your team&#x27;s own)</span>' in second
    assert matrix_row(page, TEAM_SKILL) == [False, True, False, False, False]


def test_it_drops_a_team_skill_once_the_jd_no_longer_ranks_it(client, team_planned, manager):
    from hireplan.plans import plan_for

    client.force_login(manager)
    client.post(step_url(team_planned, "loop"), loop_post(with_team_skill(SENIOR)))
    team_planned.refresh_from_db()
    with_steps(team_planned, jd=SOUND["jd"])  # the JD drops the team's skill
    # The saved loop stays readable; the tick counts for nothing and is named as dropped.
    plan = plan_for(team_planned)
    assert plan.unreadable_steps == []
    assert plan.loop.dropped_skills == [TEAM_SKILL]
    assert TEAM_SKILL not in [row.skill for row in plan.loop.coverage]
    page = client.get(step_url(team_planned, "loop")).text
    assert f"The JD no longer ranks “{TEAM_SKILL}”" in page
    assert f'value="{TEAM_SKILL}"' not in page  # not carried on, so the next save drops it
    assert matrix_row(page, "Explaining the work to people outside ML") == [
        False, True, False, False, True
    ]  # fmt: skip


def test_it_keeps_a_team_skill_whose_case_changed_on_the_jd(client, team_planned, manager):
    client.force_login(manager)
    client.post(step_url(team_planned, "loop"), loop_post(with_team_skill(SENIOR)))
    team_planned.refresh_from_db()
    renamed = TEAM_SKILL.upper()
    ranked = [renamed if skill == TEAM_SKILL else skill for skill in TEAM_JD["ranked_skills"]]
    with_steps(team_planned, jd={**TEAM_JD, "ranked_skills": ranked})
    page = client.get(step_url(team_planned, "loop")).text
    assert "no longer ranks" not in page
    assert f'name="rounds-1-skills_tested" value="{renamed}"' in page  # the JD's spelling


def test_it_prints_a_team_skill_in_the_briefs_loop(client, team_planned, manager):
    from hireplan.brief import render_html

    client.force_login(manager)
    client.post(step_url(team_planned, "loop"), loop_post(with_team_skill(SENIOR)))
    team_planned.refresh_from_db()
    loop = render_html(team_planned).split('id="loop"')[1].split("</section>")[0]
    assert f"Explaining the work to people outside ML, {TEAM_SKILL}</td>" in loop
    # The rounds table says what each round tests; below it, only the skills no round tests.
    untested = loop.split("No round tests:</strong>")[1].split("</p>")[0]
    assert untested.strip() == "Modelling depth (JD rank 7)."


def test_it_names_in_the_brief_only_the_skills_no_round_tests(client, team_planned, manager):
    from hireplan.brief import render_html

    client.force_login(manager)
    client.post(step_url(team_planned, "loop"), loop_post(with_team_skill(SENIOR)))
    team_planned.refresh_from_db()
    answers = team_planned.answers
    for round_ in answers["loop"]["rounds"]:
        round_["skills_tested"] = [s for s in round_["skills_tested"] if s != TEAM_SKILL]
    team_planned.answers = answers
    team_planned.save()
    loop = render_html(team_planned).split('id="loop"')[1].split("</section>")[0]
    untested = loop.split("No round tests:</strong>")[1].split("</p>")[0]
    assert TEAM_SKILL in untested
    assert "Production debugging" not in untested


def test_it_keeps_the_loop_locked_once_the_plan_is_in_review(client, planned, manager):
    planned.status = Engagement.Status.IN_REVIEW
    planned.save()
    client.force_login(manager)
    response = client.post(edit_url(planned), loop_post(SENIOR, edit="add"), follow=True)
    assert "in review, so its answers are locked. Nothing was saved." in response.text
    page = client.get(step_url(planned, "loop")).text
    assert '<fieldset class="rounds" disabled' in page
    assert "+ Add a round" not in page


def test_it_lets_a_recruiter_read_but_not_edit_the_loop(client, planned, recruiter):
    client.force_login(recruiter)
    assert client.get(step_url(planned, "loop")).status_code == 200
    assert client.post(edit_url(planned), loop_post(SENIOR, edit="add")).status_code == 403


@pytest.mark.parametrize("who", ["other_manager", "other_recruiter"])
def test_it_hides_the_loop_editor_from_outsiders(client, planned, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(edit_url(planned), loop_post(SENIOR, edit="add")).status_code == 404
    assert client.get(edit_url(planned)).status_code in (404, 405)


# ----------------------------------------------------------------------------- pure helpers
def test_it_spaces_the_rounds_evenly_over_the_span() -> None:
    from loops.loop import place_rounds

    assert place_rounds(5, 14) == [1, 4, 8, 11, 14]  # 13 days / 4 gaps = 3.25 days apart
    assert place_rounds(5, 7) == [1, 3, 4, 6, 7]  # 1.5 rounds up to 2: days 1, 3, 4, 6, 7
    assert place_rounds(4, 1) == [1, 1, 1, 1]
    assert place_rounds(1, 14) == [1]
    assert place_rounds(0, 14) == []


def test_it_flags_untested_skills_and_rounds_that_test_nothing_claimed() -> None:
    from loops.loop import coverage

    result = coverage(
        ["S2", "S1", "Rust", "S6"],
        [("Screen", []), ("Depth", ["S1", "S3"]), ("Fit", ["S5"])],
        top=3,
    )
    # The team's own skill is a row like the guide's, at its place in the JD's ranking.
    assert [row.skill for row in result.rows] == ["S2", "S1", "Rust", "S6"]
    assert [row.team_skill for row in result.rows] == [False, False, True, False]
    assert [row.name for row in result.untested] == [
        "Feature pipeline reasoning",
        "Rust",
        "Modelling depth",
    ]
    assert [row.skill for row in result.untested_top] == ["S2", "Rust"]  # ranks 1 and 3
    assert [column.title for column in result.idle_rounds] == ["Screen", "Fit"]
    assert result.dropped == []
    unranked = coverage([], [("Depth", ["S1"])], top=3)
    assert not unranked.from_jd and len(unranked.rows) == 6


def test_it_covers_a_team_skill_only_where_a_round_ticks_it() -> None:
    from loops.loop import coverage

    ranked = ["S1", "Owning the fraud metric", "S2"]
    ticked = coverage(ranked, [("Call", ["owning the fraud metric "]), ("Debug", ["S1"])], top=3)
    row = ticked.rows[1]
    assert (row.rank, row.checked, row.cells, row.tested) == (2, True, [True, False], True)
    assert ticked.idle_rounds == []  # the call tests a skill the JD ranks: the team's own
    unticked = coverage(ranked, [("Call", ["S5"]), ("Debug", ["S1", "Rust"])], top=3)
    assert [row.name for row in unticked.untested_top] == [
        "Owning the fraud metric",
        "Feature pipeline reasoning",
    ]
    assert [column.title for column in unticked.idle_rounds] == ["Call"]
    assert unticked.dropped == ["Rust"]  # ticked, but the JD does not rank it


def test_it_applies_each_editor_action() -> None:
    from loops.loop import edit_rounds

    rows = [{"title": "A"}, {"title": "B"}, {"title": "C"}]
    up = edit_rounds(rows, "up-2", template=[], limit=10)
    assert [r["title"] for r in up.rounds] == ["A", "C", "B"]
    assert (up.focus_row, up.focus, up.message) == (1, "up", "C is now round 2.")
    top = edit_rounds(rows, "up-1", template=[], limit=10)
    assert (top.focus_row, top.focus) == (0, "down")  # at the top, "up" is disabled
    removed = edit_rounds(rows, "remove-2", template=[], limit=10)
    assert [r["title"] for r in removed.rounds] == ["A", "B"]
    # The round now in the removed one's place takes focus on its Edit button; no editor opens.
    assert (removed.focus_row, removed.focus, removed.open_row) == (1, "edit", None)
    opened = edit_rounds(rows, "open-1", template=[], limit=10)
    assert (opened.open_row, opened.focus_row, opened.focus) == (1, 1, "title")
    assert opened.rounds == rows and opened.message == "Editing round 2: B."
    closed = edit_rounds(rows, "close-1", template=[], limit=10)
    assert (closed.open_row, closed.focus_row, closed.focus) == (None, 1, "edit")
    added = edit_rounds(rows, "add", template=[], limit=10)
    assert (added.open_row, added.focus_row, added.focus) == (3, 3, "title")
    assert edit_rounds(rows, "open-7", template=[], limit=10).open_row is None
    assert edit_rounds(rows, "add", template=[], limit=3).message == (
        "A loop holds at most 3 rounds."
    )
    assert edit_rounds(rows, "up-9", template=[], limit=10).rounds == rows
    assert edit_rounds(rows, "nonsense", template=[], limit=10).rounds == rows
