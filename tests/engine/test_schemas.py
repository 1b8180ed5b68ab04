"""Step answer schemas: sound answers pass; unknown, negative, reversed or absurd values fail
with an error on the field that holds them."""

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from hireplan.engine import build_input
from hireplan.engine.answers import (
    BAND_MAX_RATIO,
    BASE_MAX_USD,
    BASE_MIN_USD,
    SLA_MAX_PERCENT,
    SLA_MIN_PERCENT,
    CompAnswers,
    JDAnswers,
    LaneAnswers,
    LoopAnswers,
    OfferAnswers,
    SourcingAnswers,
)

from .support import REF, SOUND, TODAY, answers


def error_fields(schema: type[BaseModel], data: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        schema.model_validate(data)
    return [".".join(str(part) for part in error["loc"]) for error in caught.value.errors()]


SCHEMAS: dict[str, type[BaseModel]] = {
    "lane": LaneAnswers,
    "comp": CompAnswers,
    "jd": JDAnswers,
    "loop": LoopAnswers,
    "sourcing": SourcingAnswers,
    "offer": OfferAnswers,
}

GRANT = SOUND["offer"]["current_grants"][0]

# (step, changes to the sound answers, the field the error must name)
INVALID = [
    ("lane", {"primary_lane": "wizard"}, "primary_lane"),
    ("lane", {"lean_lane": "production_ml"}, "lean_lane"),
    ("lane", {"extra_lanes": ["data_scientist", "data_scientist"]}, "extra_lanes"),
    ("lane", {"extra_lanes": ["mlops_platform"]}, "extra_lanes"),
    ("lane", {"sla_percent": 100}, "sla_percent"),
    ("lane", {"sla_percent": 85}, "sla_percent"),
    ("lane", {"sla_percent": None}, "sla_percent"),
    ("lane", {"reliability_bar": "internal"}, "sla_percent"),
    ("lane", {"deliverable": ""}, "deliverable"),
    ("lane", {"deliverable_kind": "vibes"}, "deliverable_kind"),
    ("lane", {"stack_tags": ["x" * 41]}, "stack_tags.0"),
    ("lane", {"mood": "great"}, "mood"),
    ("comp", {"level": "principal"}, "level"),
    ("comp", {"metro": "atlantis"}, "metro"),
    ("comp", {"band_low_usd": -5}, "band_low_usd"),
    ("comp", {"band_low_usd": 320_000, "band_high_usd": 210_000}, "band_high_usd"),
    ("comp", {"band_high_usd": 5_000_000}, "band_high_usd"),
    ("comp", {"band_low_usd": 60_000, "band_high_usd": 200_000}, "band_high_usd"),
    ("comp", {"band_high_usd": None}, "band_high_usd"),
    ("comp", {"posting_low_usd": 300_000, "posting_high_usd": 250_000}, "posting_high_usd"),
    ("comp", {"band_low_usd": 200_000, "band_high_usd": 200_000}, "band_high_usd"),
    ("comp", {"posting_low_usd": 200_000, "posting_high_usd": 200_000}, "posting_high_usd"),
    ("comp", {"metro": "other", "local_base_usd": 200_000}, "other_metro_name"),
    ("comp", {"local_base_usd": 1_000}, "local_base_usd"),
    ("comp", {"arrangement": "hybrid", "remote_nationwide": False}, "office_days"),
    (
        "comp",
        {"arrangement": "hybrid", "office_days": 6, "remote_nationwide": False},
        "office_days",
    ),
    ("comp", {"office_days": 2}, "office_days"),
    ("comp", {"arrangement": "in_office"}, "remote_nationwide"),
    ("comp", {"remote_nationwide": False, "posting_states": ["CA", "ZZ"]}, "posting_states"),
    ("comp", {"posting_states": ["CA"]}, "posting_states"),
    ("comp", {"bonus_target_pct": 250}, "bonus_target_pct"),
    ("comp", {"llm_uplift_usd": -1}, "llm_uplift_usd"),
    ("jd", {"ranked_skills": ["S1", "S9"]}, "ranked_skills"),
    ("jd", {"ranked_skills": ["S1", "s1"]}, "ranked_skills"),
    ("jd", {"ranked_skills": ["x"]}, "ranked_skills"),
    ("jd", {"degree": "ms", "phd_required": True}, "phd_required"),
    ("jd", {"degree": "mba"}, "degree"),
    ("jd", {"years_experience": 99}, "years_experience"),
    ("jd", {"years_experience": -1}, "years_experience"),
    ("loop", {"rounds": []}, "rounds"),
    ("loop", {"rounds": [{**SOUND["loop"]["rounds"][0], "minutes": 4}]}, "rounds.0.minutes"),
    ("loop", {"rounds": [{**SOUND["loop"]["rounds"][0], "minutes": 241}]}, "rounds.0.minutes"),
    ("loop", {"spread": "custom"}, "spread_days"),
    ("loop", {"spread": "custom", "spread_days": 400}, "spread_days"),
    ("loop", {"spread_days": 3}, "spread_days"),
    ("loop", {"spread": "whenever"}, "spread"),
    ("sourcing", {"notice_period_weeks": 100}, "notice_period_weeks"),
    ("sourcing", {"notice_period_weeks": -2}, "notice_period_weeks"),
    ("sourcing", {"recruiter_has_ml_network": None}, "recruiter_has_ml_network"),
    ("offer", {"offer_hours_after_final_round": -1}, "offer_hours_after_final_round"),
    ("offer", {"offer_base_usd": 10}, "offer_base_usd"),
    ("offer", {"hm_call_within_hours": 0}, "hm_call_within_hours"),
    ("offer", {"start_weeks_after_acceptance": 60}, "start_weeks_after_acceptance"),
    ("offer", {"offer_equity_usd": -1}, "offer_equity_usd"),
    ("offer", {"offer_vesting_pct": [25, 25, 25]}, "offer_vesting_pct"),
    ("offer", {"offer_vesting_pct": [110, -10]}, "offer_vesting_pct.0"),
    ("offer", {"offer_vesting_pct": []}, "offer_vesting_pct"),
    ("offer", {"offer_vesting_pct": [50, 50], "offer_cliff_months": 30}, "offer_cliff_months"),
    ("offer", {"current_grants": [{**GRANT, "value_usd": -5}]}, "current_grants.0.value_usd"),
    ("offer", {"current_grants": [{**GRANT, "cliff_months": 60}]}, "current_grants.0.cliff_months"),
    (
        "offer",
        {"current_grants": [{**GRANT, "vested_usd": 900_000}]},
        "current_grants.0.vested_usd",
    ),
    ("offer", {"current_grants": [{**GRANT, "vested_usd": -1}]}, "current_grants.0.vested_usd"),
    ("offer", {"current_grants": [{**GRANT, "schedule": "weekly"}]}, "current_grants.0.schedule"),
    (
        "offer",
        {"current_grants": [{**GRANT, "vesting_start": "2207-05-20"}]},
        "current_grants.0.vesting_start",
    ),
    # The old shape's cliff date is no longer a field (hireplan/legacy.py converts it).
    (
        "offer",
        {"current_grants": [{**GRANT, "cliff_date": "2026-09-01"}]},
        "current_grants.0.cliff_date",
    ),
    ("offer", {"current_grants": [GRANT] * 4}, "current_grants"),
    ("offer", {"competing_offers": [{"base_usd": 1_000}]}, "competing_offers.0.base_usd"),
    (
        "offer",
        {"competing_offers": [{"base_usd": 200_000, "equity_per_year_usd": -1}]},
        "competing_offers.0.equity_per_year_usd",
    ),
    ("sourcing", {"outreach_share_pct": 120}, "outreach_share_pct"),
    ("sourcing", {"outreach_share_pct": -1}, "outreach_share_pct"),
]


@pytest.mark.parametrize("step", sorted(SCHEMAS))
def test_it_accepts_the_sound_answers(step: str) -> None:
    SCHEMAS[step].model_validate(SOUND[step])


@pytest.mark.parametrize(
    ("step", "changes", "field"), INVALID, ids=[f"{s}.{f}" for s, _, f in INVALID]
)
def test_it_rejects_bad_answers_on_the_right_field(step: str, changes: dict, field: str) -> None:
    assert field in error_fields(SCHEMAS[step], {**SOUND[step], **changes})


def test_it_names_the_round_field_inside_a_loop() -> None:
    rounds = [{**SOUND["loop"]["rounds"][0], "minutes": 0}]
    assert error_fields(LoopAnswers, {**SOUND["loop"], "rounds": rounds}) == ["rounds.0.minutes"]
    rounds = [{**SOUND["loop"]["rounds"][1], "skills_tested": ["S1", "S1"]}]
    assert error_fields(LoopAnswers, {"rounds": rounds, "spread": "two_weeks"}) == [
        "rounds.0.skills_tested"
    ]
    rounds = [{**SOUND["loop"]["rounds"][1], "skills_tested": ["S7"]}]
    assert error_fields(LoopAnswers, {"rounds": rounds, "spread": "two_weeks"}) == [
        "rounds.0.skills_tested.0"
    ]


def test_it_explains_a_reversed_band_in_words() -> None:
    with pytest.raises(ValidationError) as caught:
        CompAnswers.model_validate({**SOUND["comp"], "band_low_usd": 320_000,
                                    "band_high_usd": 210_000})  # fmt: skip
    assert "swap" in caught.value.errors()[0]["msg"]


def test_it_normalises_state_codes_skills_and_tags() -> None:
    comp = CompAnswers.model_validate(
        {**SOUND["comp"], "remote_nationwide": False, "posting_states": [" ca", "NY", "CA"]}
    )
    assert comp.posting_states == ["CA", "NY"]
    jd = JDAnswers.model_validate({**SOUND["jd"], "ranked_skills": ["s2", " S1 ", "Rust"]})
    assert jd.ranked_skills == ["S2", "S1", "Rust"]
    assert [skill.value for skill in jd.skill_ids()] == ["S2", "S1"]
    lane = LaneAnswers.model_validate({**SOUND["lane"], "stack_tags": ["Ray", "ray", " Ray "]})
    assert lane.stack_tags == ["Ray"]


def test_it_freezes_answers() -> None:
    lane = LaneAnswers.model_validate(SOUND["lane"])
    with pytest.raises(ValidationError):
        lane.primary_lane = "data_scientist"  # type: ignore[misc]


def test_it_round_trips_answers_through_json() -> None:
    for step, schema in SCHEMAS.items():
        parsed = schema.model_validate(SOUND[step])
        assert schema.model_validate(parsed.model_dump(mode="json")) == parsed


def test_it_keeps_schema_bounds_equal_to_the_documented_product_choices() -> None:
    ref = REF
    assert ref.choice("base_min_usd") == BASE_MIN_USD
    assert ref.choice("base_max_usd") == BASE_MAX_USD
    assert ref.choice("band_max_ratio") == BAND_MAX_RATIO
    assert ref.choice("sla_input_bounds") == [SLA_MIN_PERCENT, SLA_MAX_PERCENT]


def test_it_lists_a_stored_step_that_no_longer_validates() -> None:
    data = answers(lane={"primary_lane": "wizard"})
    data["review"] = {"anything": True}  # not an engine step: ignored
    inp = build_input(data, today=TODAY)
    assert inp.lane is None
    assert [problem.step for problem in inp.unreadable_steps] == ["lane"]
    assert "primary_lane" in inp.unreadable_steps[0].error
    with pytest.raises(ValidationError):
        build_input(data, today=TODAY, strict=True)


def test_it_builds_input_from_the_wizards_json() -> None:
    inp = build_input(SOUND, today=TODAY)
    assert inp.steps_saved == ["context", "lane", "comp", "jd", "loop", "sourcing", "offer"]
    assert build_input({}, today=TODAY).steps_saved == []
