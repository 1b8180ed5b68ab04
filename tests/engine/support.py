"""Answer builders for the engine tests: a sound senior search, and ways to bend it."""

import copy
from datetime import date
from pathlib import Path
from typing import Any

from hireplan.engine import HiringPlan, plan_for_answers
from hireplan.engine.reference import load_reference

# The engine is pure: its tests give it the fixtures folder themselves, as the hub does.
REFERENCE_DIRECTORY = Path(__file__).resolve().parents[2] / "fixtures" / "reference"
REF = load_reference(REFERENCE_DIRECTORY)

TODAY = date(2026, 6, 1)

SENIOR_LOOP = [
    {"kind": "recruiter_screen", "title": "Recruiter screen", "minutes": 30,
     "interviewer_role": "recruiter"},
    {"kind": "hiring_manager", "title": "Hiring manager", "minutes": 45,
     "interviewer_role": "hiring_manager", "skills_tested": ["S1", "S5"]},
    {"kind": "technical_depth", "title": "Technical depth", "minutes": 90,
     "interviewer_role": "engineer", "interviewer_count": 2, "skills_tested": ["S1", "S2"]},
    {"kind": "production_debugging", "title": "Debugging", "minutes": 60,
     "interviewer_role": "engineer", "interviewer_count": 2,
     "skills_tested": ["S1", "S2", "S3", "S4"]},
    {"kind": "team_fit", "title": "Team fit", "minutes": 45, "interviewer_role": "teammate",
     "interviewer_count": 2, "skills_tested": ["S5"]},
]  # fmt: skip

OPENER = (
    "You will own the fraud-scoring model behind every card payment, 40 million a day, "
    "on PyTorch 2.4 served by Triton on EKS, retrained nightly by Dagster from Tecton. "
    "On call one week in five; the pager fires about once a month."
)

# A well-run senior search: it raises no blocker and no risk.
SOUND: dict[str, dict[str, Any]] = {
    "context": {
        "role_title": "Senior ML Engineer, Fraud",
        "company_stage": "series_c",
        "industry": "Payments",
        "regulated_setting": "none",
        "ml_in_seat": "some",
        "first_ml_hire": False,
        "hire_type": "direct",
        "llm_work": "none",
        "search_open_since": None,
    },
    "lane": {
        "primary_lane": "production_ml",
        "lean_lane": "mlops_platform",
        "extra_lanes": [],
        "deliverable": "Retrain the fraud model on the new features and ship it",
        "deliverable_kind": "ship_or_retrain_model",
        "reliability_bar": "sla",
        "sla_percent": 99.9,
        "stack_tags": ["PyTorch", "Triton", "Dagster"],
        "llm_work": "none",
    },
    "comp": {
        "level": "senior",
        "metro": "national",
        "arrangement": "remote",
        "remote_nationwide": True,
        "band_low_usd": 210_000,
        "band_high_usd": 320_000,
        "posted_publicly": True,
        "pay_transparency_law": "yes",
        "posting_low_usd": 210_000,
        "posting_high_usd": 320_000,
    },
    "jd": {
        "model": "fraud-scoring model",
        "serves": "card payment authorisation",
        "scale": "40 million scores a day",
        "framework": "PyTorch 2.4",
        "serving_stack": "Triton on EKS",
        "retraining_cadence": "nightly",
        "orchestrator": "Dagster",
        "feature_store": "Tecton",
        "on_call_rotation": "one week in five",
        "pager_frequency": "about once a month",
        "last_incident": "a schema change upstream broke a feature join",
        "ranked_skills": ["S1", "S2", "S3", "S4", "S5", "S6"],
        "years_experience": 5,
        "degree": "none",
        "phd_required": False,
        "jd_markdown": "# Senior ML engineer\n\n" + OPENER,
    },
    "loop": {"rounds": SENIOR_LOOP, "spread": "two_weeks"},
    "sourcing": {
        "recruiter_has_ml_network": True,
        "outreach_share_pct": 70,
        "notice_period_weeks": 2,
        "target_start_date": "2026-09-01",
    },
    "offer": {
        "offer_hours_after_final_round": 24,
        "same_day_walkthrough": True,
        "hm_call_within_hours": 48,
        "offer_base_usd": 300_000,
        "equity_compared_by_nominal_grant": False,
        # A $200,000 four-year grant vesting monthly on the 20th since 20 May 2025: its cliff
        # passed on 20 May 2026 ($50,000), so $150,000 is still to vest. The sourcing target
        # start, 1 Sep 2026, comes 19 days before the next vest (20 Sep): past the two-week
        # rush, so no vest is given up.
        "current_grants": [
            {
                "value_usd": 200_000,
                "vesting_years": 4,
                "schedule": "monthly",
                "vesting_start": "2025-05-20",
                "cliff_months": 12,
                "vested_usd": 50_000,
            }
        ],
        "offer_equity_usd": 200_000,
        "offer_vesting_pct": [25, 25, 25, 25],
        "offer_cliff_months": 12,
        "competing_offers": [],
        "start_date": None,
        "start_weeks_after_acceptance": 4,
    },
}


def answers(**steps: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """SOUND with some steps changed: `lane={"lean_lane": None}` merges into the lane step;
    `offer=None` drops the step."""
    result = copy.deepcopy(SOUND)
    for slug, patch in steps.items():
        if patch is None:
            result.pop(slug, None)
        else:
            result[slug] = {**result[slug], **patch}
    return result


def plan(data: dict[str, dict[str, Any]], today: date = TODAY) -> HiringPlan:
    result = plan_for_answers(data, today=today, ref=REF)
    assert result.unreadable_steps == [], result.unreadable_steps
    return result


def finding_ids(data: dict[str, dict[str, Any]]) -> set[str]:
    return {finding.id for finding in plan(data).findings}
