"""Interview kits (issue 21): every round gets a kit built from the skills it ticks, the guide's
six with their probes and answers and the team's own with a neutral rubric; every line cites
claims that exist, or says it is Hireplan's rule (or the manager's own words)."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from hireplan.engine.answers import (
    KIT_PROMPT_MAX,
    LOOP_KIT_PROMPTS_MAX,
    ROUND_SKILLS_MAX,
    LoopAnswers,
    RoundKind,
    SkillId,
)
from hireplan.engine.kits import (
    RECOMMENDATIONS,
    SCALE,
    KitLine,
    LoopKit,
    RoundKit,
    RoundNotFound,
    build_kit,
    claim_sort_key,
    kit_lines,
    round_kit,
)

from .support import REF, SENIOR_LOOP, SOUND

GUIDE = Path("/work/shared/guide/how-to-hire-an-ml-engineer-2026.txt")
ROOT = Path(__file__).resolve().parents[2]
TEAM_SKILL = "Owning the fraud metric"
GUIDE_SIX = [skill.value for skill in SkillId]


def loop(**changes) -> LoopAnswers:
    return LoopAnswers.model_validate({**SOUND["loop"], **changes})


def one_round(*skills: str, kind: str = "technical_depth") -> list[dict]:
    return [
        {
            "kind": kind,
            "title": "Everything",
            "minutes": 90,
            "interviewer_role": "engineer",
            "interviewer_count": 2,
            "skills_tested": list(skills),
        }
    ]


def every_kit() -> list[LoopKit]:
    """A kit for each kind of round, ticking all six and a team skill, with and without
    prompts of the manager's own."""
    kits = []
    for kind in RoundKind:
        rounds = one_round(*GUIDE_SIX, TEAM_SKILL, kind=kind.value)
        kits.append(build_kit(loop(rounds=rounds)))
        prompts = {"s1": "Walk me through your worst outage.", TEAM_SKILL: "How do you own it?"}
        kits.append(build_kit(loop(rounds=rounds, kit_prompts=prompts)))
    return kits


def all_lines(kit: LoopKit) -> list[KitLine]:
    return [line for round_ in kit.rounds for line in kit_lines(round_)]


# ----------------------------------------------------------------------------- the guide's six
@pytest.mark.parametrize("skill", GUIDE_SIX)
def test_it_gives_each_guide_skill_cited_probes_and_answers(skill: str) -> None:
    kit = round_kit(loop(rounds=one_round(skill)), 1)
    (section,) = kit.skills
    assert (section.skill, section.name, section.custom) == (skill, SkillId(skill).label, False)
    assert section.own_prompt == ""
    assert 1 <= len(section.ask) <= 3 and section.strong and section.weak
    for line in (*section.ask, *section.strong, *section.weak):
        assert line.text.strip() and not line.hireplans_rule
        assert line.claims and set(line.claims) <= REF.claim_ids, (skill, line)
    # Each skill's lines rest on that skill's own claim, at least once in each part.
    for part in (section.ask, section.strong, section.weak):
        assert any(skill in line.claims for line in part), (skill, part)


def test_it_asks_the_probes_the_issue_names() -> None:
    kit = round_kit(loop(rounds=one_round("S1", "S3")), 1)
    debugging, serving = kit.skills
    assert "live incident" in debugging.ask[0].text and "narrate" in debugging.ask[0].text
    assert "budget to defend" in serving.ask[0].text


def test_it_puts_the_managers_prompt_first_for_a_guide_skill() -> None:
    prompt = "Tell us about the outage you are proudest of fixing."
    kit = round_kit(loop(rounds=one_round("S1"), kit_prompts={"S1": f"  {prompt}  "}), 1)
    (section,) = kit.skills
    assert section.own_prompt == prompt
    assert section.ask[0] == KitLine(prompt, ())  # the manager's words: no claims, not ours
    assert section.ask[1:] == round_kit(loop(rounds=one_round("S1")), 1).skills[0].ask
    assert len(section.ask) <= 3


def test_it_orders_the_guides_skills_by_rank_then_the_teams_as_ticked() -> None:
    kit = round_kit(loop(rounds=one_round(TEAM_SKILL, "S4", "Shipping on Fridays", "S1")), 1)
    assert [s.skill for s in kit.skills] == ["S1", "S4", TEAM_SKILL, "Shipping on Fridays"]


# ----------------------------------------------------------------------------- the team's own
def test_it_gives_a_team_skill_the_neutral_rubric_marked_as_hireplans_rule() -> None:
    kit = round_kit(loop(rounds=one_round(TEAM_SKILL)), 1)
    (section,) = kit.skills
    assert (section.skill, section.name, section.custom, section.own_prompt) == (
        TEAM_SKILL,
        TEAM_SKILL,
        True,
        "",
    )
    assert len(section.ask) == 1 and TEAM_SKILL in section.ask[0].text
    for line in (*section.ask, *section.strong, *section.weak):
        assert line.hireplans_rule and line.claims == ()
    assert section.strong and section.weak


def test_it_asks_the_managers_prompt_for_a_team_skill() -> None:
    prompts = {TEAM_SKILL.upper(): "How would you know the fraud metric is lying to you?"}
    kit = round_kit(loop(rounds=one_round(TEAM_SKILL), kit_prompts=prompts), 1)
    (section,) = kit.skills
    assert section.own_prompt == "How would you know the fraud metric is lying to you?"
    assert section.ask == (KitLine(section.own_prompt, ()),)
    neutral = round_kit(loop(rounds=one_round(TEAM_SKILL)), 1).skills[0]
    assert (section.strong, section.weak) == (neutral.strong, neutral.weak)
    assert all(line.hireplans_rule for line in (*section.strong, *section.weak))


def test_it_cites_claims_on_every_line_but_hireplans_rules_and_the_managers_words() -> None:
    for kit in every_kit():
        prompts = {s.own_prompt for r in kit.rounds for s in r.skills if s.own_prompt}
        for line in all_lines(kit):
            assert set(line.claims) <= REF.claim_ids, line
            assert list(line.claims) == sorted(line.claims, key=claim_sort_key), line
            if not line.claims:
                assert line.hireplans_rule or line.text in prompts, line


# ----------------------------------------------------------------------------- each round
def test_it_numbers_the_rounds_from_one_in_the_loops_order() -> None:
    answers = loop()
    kit = build_kit(answers)
    assert [r.number for r in kit.rounds] == list(range(1, len(SENIOR_LOOP) + 1))
    assert [r.title for r in kit.rounds] == [r["title"] for r in SENIOR_LOOP]
    for number, expected in enumerate(kit.rounds, start=1):
        assert round_kit(answers, number) == expected
    debugging = kit.rounds[3]
    assert (debugging.kind, debugging.minutes, debugging.interviewer_role) == (
        RoundKind.PRODUCTION_DEBUGGING.label,
        60,
        "ML engineers",
    )
    assert (debugging.interviewer_count, debugging.format) == (2, "Live")
    assert [s.skill for s in debugging.skills] == ["S1", "S2", "S3", "S4"]
    assert kit.rounds[0].skills == ()  # the recruiter screen ticks none


@pytest.mark.parametrize("number", [0, -1, len(SENIOR_LOOP) + 1, 99])
def test_it_refuses_a_round_number_the_loop_does_not_have(number: int) -> None:
    with pytest.raises(IndexError):
        round_kit(loop(), number)
    with pytest.raises(ValueError):
        round_kit(loop(), number)


@pytest.mark.parametrize("number", ["1", 1.0, True, None])
def test_it_refuses_a_round_number_that_is_not_a_whole_number(number: object) -> None:
    with pytest.raises(RoundNotFound):
        round_kit(loop(), number)  # type: ignore[arg-type]


def test_it_gives_each_kind_of_round_the_guides_focus() -> None:
    for kind in RoundKind:
        kit = round_kit(loop(rounds=one_round(kind=kind.value)), 1)
        if kind == RoundKind.OTHER:
            assert kit.focus == ()
            continue
        assert kit.focus and all("LP2" in line.claims for line in kit.focus[:1]), kind
        assert all(line.claims and not line.hireplans_rule for line in kit.focus)
    screen = round_kit(loop(rounds=one_round(kind="recruiter_screen")), 1).focus[0].text
    assert all(word in screen for word in ("lane", "paid", "notice", "why"))


def test_it_lists_what_is_not_evidence_of_seniority_with_its_claims() -> None:
    kit = round_kit(loop(), 1)
    cited = {claim for line in kit.not_evidence for claim in line.claims}
    assert {"S7", "F3", "F4"} <= cited
    texts = " ".join(line.text for line in kit.not_evidence)
    for signal in ("Years", "Kaggle", "PhD"):
        assert signal in texts
    assert all(line.claims and not line.hireplans_rule for line in kit.not_evidence)
    assert all(r.not_evidence == kit.not_evidence for r in build_kit(loop()).rounds)


# ----------------------------------------------------------------------------- the scorecard
def test_it_scores_on_four_points_and_recommends_without_a_middle() -> None:
    assert [point.score for point in SCALE] == [1, 2, 3, 4]
    assert all(point.label and point.meaning for point in SCALE)
    assert len(RECOMMENDATIONS) == 4 and len(set(RECOMMENDATIONS)) == 4
    kit = build_kit(loop())
    assert (kit.scale, kit.recommendations) == (SCALE, RECOMMENDATIONS)


def test_it_lists_every_claim_it_cites_in_the_catalogues_order() -> None:
    kit = build_kit(loop(rounds=one_round(*GUIDE_SIX, kind="production_debugging")))
    cited = {claim for line in all_lines(kit) for claim in line.claims}
    assert set(kit.claims) == cited
    catalogue = [entry.id for entry in REF.claims.claims]
    assert list(kit.claims) == [claim for claim in catalogue if claim in cited]
    assert sorted(catalogue, key=claim_sort_key) == catalogue


def test_it_builds_kits_as_frozen_values() -> None:
    kit = build_kit(loop())
    assert isinstance(kit.rounds[0], RoundKit)
    with pytest.raises(AttributeError):
        kit.rounds[0].title = "x"  # type: ignore[misc]


# ----------------------------------------------------------------------------- kit_prompts
def test_it_reads_a_loop_saved_before_prompts_existed() -> None:
    answers = LoopAnswers.model_validate(SOUND["loop"])
    assert answers.kit_prompts == {}
    assert "kit_prompts" not in SOUND["loop"]


def test_it_stores_prompts_under_the_skill_key_trimmed() -> None:
    answers = loop(kit_prompts={" s1 ": "  Why?  ", TEAM_SKILL: "How?"})
    assert answers.kit_prompts == {"s1": "Why?", TEAM_SKILL.casefold(): "How?"}
    again = LoopAnswers.model_validate(answers.model_dump(mode="json"))
    assert again == answers


@pytest.mark.parametrize(
    "prompts",
    [
        {"S1": "x" * (KIT_PROMPT_MAX + 1)},
        {"S1": "   "},
        {"S1": ""},
        {"S1": "a\x00b"},
        {"S1\x00": "a"},
        {"S9": "a"},
        {"x": "a"},
        {"y" * 81: "a"},
        {"S1": "a", "s1": "b"},
        {"S1": 5},
        {f"skill {i}": "a" for i in range(LOOP_KIT_PROMPTS_MAX + 1)},
    ],
)
def test_it_refuses_prompts_out_of_bounds(prompts: dict) -> None:
    with pytest.raises(ValidationError) as caught:
        loop(kit_prompts=prompts)
    assert all(error["loc"][0] == "kit_prompts" for error in caught.value.errors())


def test_it_accepts_prompts_up_to_their_bounds() -> None:
    assert LOOP_KIT_PROMPTS_MAX == ROUND_SKILLS_MAX * 2
    many = {f"skill {i}": "p" * KIT_PROMPT_MAX for i in range(LOOP_KIT_PROMPTS_MAX)}
    assert len(loop(kit_prompts=many).kit_prompts) == LOOP_KIT_PROMPTS_MAX


# ----------------------------------------------------------------------------- own words
def _shingles(text: str, size: int = 10) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.casefold().replace("’", "'"))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not GUIDE.exists(), reason="the guide's text is not on this machine")
def test_it_writes_in_its_own_words() -> None:
    """No 10 consecutive words shared with the guide in any kit line or the docs' section."""
    guide = _shingles(GUIDE.read_text(encoding="utf-8"))
    ours = [line.text for kit in every_kit() for line in all_lines(kit)]
    ours += [f"{point.label}. {point.meaning}" for point in SCALE]
    docs = (ROOT / "docs" / "engine.md").read_text()
    ours.append(docs[docs.index("## Interview kits") :].split("\n## ", 1)[0])
    ours.append((ROOT / "hireplan" / "engine" / "kits.py").read_text())
    for text in ours:
        shared = _shingles(text) & guide
        assert not shared, " ".join(next(iter(shared)))
