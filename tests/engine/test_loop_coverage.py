"""The loop's coverage of the JD's skills: the guide's template credits production debugging
to the debugging round alone, and the team's own skills (JD step) count like the guide's six
in the coverage and in `loop.untested_skill`."""

import pytest
from pydantic import ValidationError

from hireplan.engine.answers import Level, Round, RoundKind
from loops.loop import template_answers

from .support import REF, SENIOR_LOOP, SOUND, answers, plan

TEAM_SKILL = "Owning the fraud metric"


def ranked(*skills: str) -> dict:
    return {"ranked_skills": list(skills)}


def template_loop(level: Level, *, without: RoundKind | None = None) -> list[dict]:
    """The guide's template for a level as the loop step starts it, less one kind of round."""
    rounds = template_answers(REF, level)["rounds"]
    return [round_ for round_ in rounds if round_["kind"] != getattr(without, "value", None)]


def untested(data: dict):
    return next((f for f in plan(data).findings if f.id == "loop.untested_skill"), None)


def with_team_skill(index: int) -> list[dict]:
    rounds = [dict(r) for r in SENIOR_LOOP]
    rounds[index] = {
        **rounds[index],
        "skills_tested": [*rounds[index]["skills_tested"], TEAM_SKILL],
    }
    return rounds


# ----------------------------------------------------------------------------- default credits
def test_it_credits_production_debugging_to_the_debugging_round_alone() -> None:
    credits = {r.kind: [s.value for s in r.skills_tested] for r in REF.loops.rounds}
    assert credits == {
        RoundKind.RECRUITER_SCREEN: [],
        RoundKind.HIRING_MANAGER: ["S5"],
        RoundKind.TECHNICAL_DEPTH: ["S2", "S6"],
        RoundKind.PRODUCTION_DEBUGGING: ["S1", "S2", "S3", "S4"],
        RoundKind.TEAM_FIT: ["S5"],
    }
    # Before the loop is saved, the plan's coverage reads the template: S1 has one round.
    coverage = {row.skill: row.rounds for row in plan(answers(loop=None)).loop.coverage}
    assert coverage["S1"] == ["Production debugging or system design"]
    assert all(coverage[skill] for skill in ("S1", "S2", "S3", "S4", "S5", "S6"))


@pytest.mark.parametrize("level", list(Level))
def test_it_keeps_the_guides_template_silent(level: Level) -> None:
    loop = {"rounds": template_loop(level)}
    assert untested(answers(comp={"level": level.value}, loop=loop)) is None


@pytest.mark.parametrize("level", list(Level))
def test_it_fires_when_the_template_loses_its_debugging_round(level: Level) -> None:
    # With the old credits (S1 on the hiring-manager call and technical depth) this was silent.
    loop = {"rounds": template_loop(level, without=RoundKind.PRODUCTION_DEBUGGING)}
    finding = untested(answers(comp={"level": level.value}, loop=loop))
    assert finding is not None
    # The JD ranks S1–S3 first; S3 (serving trade-offs) also lives in the debugging round.
    assert finding.title == (
        "No round tests Production debugging and Serving cost and performance trade-offs"
    )


# ----------------------------------------------------------------------------- team skills
def test_it_names_an_untested_team_skill_ranked_in_the_top_three() -> None:
    data = answers(jd=ranked("S1", TEAM_SKILL, "S2", "S3"))
    finding = untested(data)
    assert finding is not None
    assert finding.title == f"No round tests “{TEAM_SKILL}”"
    assert finding.claims == ["LP1", "J4"]


def test_it_names_guide_and_team_skills_together() -> None:
    rounds = [{**r, "skills_tested": []} for r in SENIOR_LOOP]
    finding = untested(answers(jd=ranked("S2", TEAM_SKILL, "S1"), loop={"rounds": rounds}))
    assert finding.title == (
        f"No round tests Feature pipeline reasoning, “{TEAM_SKILL}” and Production debugging"
    )


def test_it_stays_silent_once_a_round_ticks_the_team_skill() -> None:
    data = answers(jd=ranked("S1", TEAM_SKILL, "S2"), loop={"rounds": with_team_skill(1)})
    assert untested(data) is None


def test_it_matches_a_tick_to_the_jds_skill_case_aside() -> None:
    rounds = [dict(r) for r in SENIOR_LOOP]
    rounds[1] = {**rounds[1], "skills_tested": ["S5", TEAM_SKILL.lower()]}
    assert untested(answers(jd=ranked("S1", TEAM_SKILL, "S2"), loop={"rounds": rounds})) is None


def test_it_stays_silent_on_an_untested_team_skill_ranked_fourth() -> None:
    # loop_skills_checked is 3: the third skill fires, the fourth is shown untested but
    # raises no finding.
    assert REF.choice("loop_skills_checked") == 3
    third = untested(answers(jd=ranked("S1", "S2", TEAM_SKILL, "S3")))
    assert third is not None and third.title == f"No round tests “{TEAM_SKILL}”"
    data = answers(jd=ranked("S1", "S2", "S3", TEAM_SKILL))
    assert untested(data) is None
    row = next(r for r in plan(data).loop.coverage if r.skill == TEAM_SKILL)
    assert (row.rounds, row.ranked_in_jd) == ([], 4)


def test_it_lists_team_skills_in_the_plans_coverage_in_the_jds_order() -> None:
    data = answers(jd=ranked("S1", TEAM_SKILL, "S2"), loop={"rounds": with_team_skill(4)})
    coverage = plan(data).loop.coverage
    assert [(r.skill, r.team_skill, r.ranked_in_jd) for r in coverage] == [
        ("S1", False, 1),
        (TEAM_SKILL, True, 2),
        ("S2", False, 3),
        ("S3", False, None),
        ("S4", False, None),
        ("S5", False, None),
        ("S6", False, None),
    ]
    assert coverage[1].name == TEAM_SKILL and coverage[1].rounds == ["Team fit"]
    assert plan(data).loop.dropped_skills == []


def test_it_keeps_a_loop_readable_and_drops_a_tick_the_jd_no_longer_ranks() -> None:
    data = answers(jd=ranked("S1", "S2", "S3"), loop={"rounds": with_team_skill(1)})
    result = plan(data)  # support.plan asserts no step is unreadable
    assert result.loop.dropped_skills == [TEAM_SKILL]
    assert TEAM_SKILL not in [row.skill for row in result.loop.coverage]
    assert untested(data) is None


# ----------------------------------------------------------------------------- the schema
ROUND = {"kind": "other", "title": "Metric review", "minutes": 45, "interviewer_role": "engineer"}


def test_it_accepts_a_team_skill_and_normalises_guide_ids() -> None:
    round_ = Round.model_validate({**ROUND, "skills_tested": ["s1", f" {TEAM_SKILL} "]})
    assert round_.skills_tested == ["S1", TEAM_SKILL]


@pytest.mark.parametrize(
    ("skills", "message"),
    [
        (["S7"], "Unknown skill id S7"),
        (["x"], "at least 2 characters"),
        (["x" * 81], "at most 80 characters"),
        ([TEAM_SKILL, TEAM_SKILL.upper()], "Each skill may be listed once per round."),
        ([f"Skill {n}" for n in range(21)], "at most 20 items"),
    ],
)
def test_it_bounds_a_rounds_skills(skills: list[str], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Round.model_validate({**ROUND, "skills_tested": skills})
    assert message in str(caught.value)


def test_it_takes_twenty_skills_on_a_round() -> None:
    skills = ["S1", "S2", "S3", "S4", "S5", "S6", *(f"Skill {n}" for n in range(14))]
    assert len(Round.model_validate({**ROUND, "skills_tested": skills}).skills_tested) == 20


def test_it_reads_the_sound_loop_unchanged() -> None:
    assert plan(SOUND).loop.dropped_skills == []
