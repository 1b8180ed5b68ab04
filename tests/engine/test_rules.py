"""Golden tests: every rule fires on an engagement with its condition and stays silent on one
without it. Both sides start from the sound senior search in support.SOUND."""

from pathlib import Path

import pytest

from hireplan.engine.rules import RULES, rule_ids

from .support import SENIOR_LOOP, SOUND, answers, finding_ids, plan

DOCS = Path(__file__).resolve().parents[2] / "docs" / "engine.md"


def loop_with(**changes_by_kind: dict) -> list[dict]:
    return [{**r, **changes_by_kind.get(r["kind"], {})} for r in SENIOR_LOOP]


PLATFORM_LANE = {
    "primary_lane": "mlops_platform",
    "lean_lane": "production_ml",
    "deliverable_kind": "stand_up_platform",
}
MID_HEALTHY = {"comp": {"level": "mid"}, "context": {"ml_in_seat": "healthy_senior"}}
# $600,000 over four years, a quarter vested: far more left behind than the offer's $200,000.
BIG_GRANT = {"value_usd": 600_000, "vesting_years": 4, "vesting_start": "2025-05-20",
             "cliff_months": 12, "vested_usd": 150_000}  # fmt: skip


def cliff_on(cliff: str) -> dict:
    """A $240,000 four-year grant vesting monthly whose one-year cliff falls on `cliff`."""
    year, month_day = cliff.split("-", 1)
    return {"value_usd": 240_000, "vesting_years": 4, "schedule": "monthly",
            "vesting_start": f"{int(year) - 1}-{month_day}", "cliff_months": 12}  # fmt: skip


# $200,000 over four years, vesting quarterly from 1 Mar 2025 with a one-year cliff: $50,000
# on the cliff (1 Mar 2026), then $12,500 on the first of every June, September, December
# and March.
QUARTERLY = {"value_usd": 200_000, "vesting_years": 4, "schedule": "quarterly",
             "vesting_start": "2025-03-01", "cliff_months": 12}  # fmt: skip


def starting(start: str, *grants: dict) -> dict:
    return answers(offer={"current_grants": list(grants), "start_date": start})


NOT_NATIONWIDE = {"remote_nationwide": False}

# rule id: (answers where it fires, answers where it is silent)
CASES: dict[str, tuple[dict, dict]] = {
    "lane.do_it_all": (answers(lane={"extra_lanes": ["data_scientist"]}), SOUND),
    "lane.two_adjacent": (
        answers(lane={"lean_lane": None, "extra_lanes": ["mlops_platform"]}),
        SOUND,
    ),
    "lane.primary_with_lean": (SOUND, answers(lane={"lean_lane": None})),
    "lane.platform_first_hire": (
        answers(context={"first_ml_hire": True}, lane=PLATFORM_LANE),
        answers(lane=PLATFORM_LANE),
    ),
    "lane.deliverable_mismatch": (
        answers(lane={"deliverable_kind": "experimentation_insight"}),
        SOUND,
    ),
    "lane.deliverable_fits_lean": (answers(lane={"deliverable_kind": "stand_up_platform"}), SOUND),
    "lane.high_reliability": (answers(lane={"sla_percent": 99.95}), SOUND),
    "lane.internal_reliability": (
        answers(lane={"reliability_bar": "internal", "sla_percent": None}),
        SOUND,
    ),
    # L10's classical-only figure is for a production ML engineer: a platform lane is silent.
    "lane.classical_only": (
        SOUND,
        answers(lane={"primary_lane": "mlops_platform", "lean_lane": None}),
    ),
    # The both-worlds case (pool 60% smaller, band up); some LLM work is the norm and silent.
    "lane.llm_and_classical": (
        answers(lane={"llm_work": "core_classical"}),
        answers(lane={"llm_work": "some"}),
    ),
    "lane.llm_core": (
        answers(lane={"llm_work": "core"}),
        answers(
            lane={
                "llm_work": "core",
                "primary_lane": "applied_llm",
                "lean_lane": None,
                "deliverable_kind": "llm_features",
            }
        ),
    ),
    "fit.hire_senior": (
        answers(context={"ml_in_seat": "none"}, comp={"level": "mid"}),
        answers(context={"ml_in_seat": "none"}),
    ),
    "fit.mid_needs_senior": (answers(comp={"level": "mid"}), SOUND),
    "fit.direct_first_hire": (
        answers(context={"first_ml_hire": True, "hire_type": "contract_to_hire"}),
        answers(context={"first_ml_hire": False, "hire_type": "contract_to_hire"}),
    ),
    "jd.degree_gate": (answers(jd={"degree": "ms"}), SOUND),
    # With text, the text decides the on-call (as the JD check reads it); without, the answer.
    "jd.opener_vague": (answers(jd={"on_call_rotation": "", "jd_markdown": ""}), SOUND),
    "jd.opener_gaps": (answers(jd={"scale": "", "last_incident": ""}), SOUND),
    "jd.opener_complete": (SOUND, answers(jd={"scale": ""})),
    "jd.aspiration_opener": (
        answers(jd={"jd_markdown": "We seek a passionate engineer to leverage cutting-edge AI."}),
        SOUND,
    ),
    "jd.skills_order": (answers(jd={"ranked_skills": ["S6", "S1", "S2"]}), SOUND),
    "comp.underpriced": (answers(comp={"band_low_usd": 150_000, "band_high_usd": 250_000}), SOUND),
    "comp.posting_without_range": (
        answers(comp={"posting_low_usd": None, "posting_high_usd": None}),
        SOUND,
    ),
    "comp.pay_law_unknown": (
        answers(comp={**NOT_NATIONWIDE, "pay_transparency_law": "unsure"}),
        answers(comp={**NOT_NATIONWIDE, "pay_transparency_law": "no"}),
    ),
    "comp.posting_below_top": (answers(comp={"posting_high_usd": 265_000}), SOUND),
    "comp.hybrid_uplift": (
        answers(
            comp={
                **NOT_NATIONWIDE,
                "metro": "bellevue_redmond",
                "arrangement": "hybrid",
                "office_days": 3,
            }
        ),
        answers(
            comp={
                **NOT_NATIONWIDE,
                "metro": "bellevue_redmond",
                "arrangement": "hybrid",
                "office_days": 4,
            }
        ),
    ),
    # C6 says it of a tier-two metro (Charlotte), not of the Bay Area (Mountain View).
    "comp.in_office": (
        answers(comp={**NOT_NATIONWIDE, "arrangement": "in_office", "metro": "charlotte"}),
        answers(comp={**NOT_NATIONWIDE, "arrangement": "in_office", "metro": "mountain_view"}),
    ),
    "loop.too_few_rounds": (answers(loop={"rounds": SENIOR_LOOP[1:]}), SOUND),
    "loop.untested_skill": (
        answers(
            loop={
                "rounds": loop_with(
                    technical_depth={"skills_tested": ["S1"]},
                    production_debugging={"skills_tested": ["S1", "S3"]},
                )
            }
        ),
        SOUND,
    ),
    "loop.candidate_hours": (
        answers(loop={"rounds": loop_with(technical_depth={"minutes": 240})}),
        SOUND,
    ),
    "loop.one_day": (answers(loop={"spread": "one_day"}), SOUND),
    "loop.take_home_debugging": (
        answers(loop={"rounds": loop_with(production_debugging={"format": "take_home"})}),
        SOUND,
    ),
    "offer.late": (answers(offer={"offer_hours_after_final_round": 72}), SOUND),
    "offer.no_walkthrough": (answers(offer={"same_day_walkthrough": False}), SOUND),
    "offer.no_hm_call": (answers(offer={"hm_call_within_hours": None}), SOUND),
    "offer.base_below_top_quartile": (answers(offer={"offer_base_usd": 250_000}), SOUND),
    "offer.nominal_equity": (answers(offer={"equity_compared_by_nominal_grant": True}), SOUND),
    "offer.equity_short": (answers(offer={"current_grants": [BIG_GRANT]}), SOUND),
    # The sourcing target start, 1 Sep 2026: a month before the cliff, and a day after it.
    "offer.walked_vest": (
        answers(offer={"current_grants": [cliff_on("2026-10-01")]}),
        answers(offer={"current_grants": [cliff_on("2026-08-31")]}),
    ),
    "offer.notice_ignored": (answers(sourcing={"notice_period_weeks": 6}), SOUND),
    # The offer is due 24 hours after the final round: a 25-hour sign-off misses it; 24 not.
    "offer.approval_late": (
        answers(offer={"approval_hours": 25}),
        answers(offer={"approval_hours": 24}),
    ),
    "sourcing.staffing_partner": (SOUND, answers(**MID_HEALTHY)),
    "sourcing.posting_only": (answers(sourcing={"outreach_share_pct": 0}), SOUND),
    "sourcing.start_too_soon": (answers(sourcing={"target_start_date": "2026-07-15"}), SOUND),
}


def test_it_has_a_golden_case_for_every_rule() -> None:
    assert sorted(CASES) == sorted(rule_ids())
    assert len(set(rule_ids())) == len(RULES), "rule ids must be unique"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_it_fires_each_rule_when_its_condition_holds(rule_id: str) -> None:
    firing, _ = CASES[rule_id]
    assert rule_id in finding_ids(firing)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_it_keeps_each_rule_silent_when_its_condition_is_absent(rule_id: str) -> None:
    _, silent = CASES[rule_id]
    assert rule_id not in finding_ids(silent)


def test_it_raises_no_blocker_or_risk_on_the_sound_search() -> None:
    severe = [f.id for f in plan(SOUND).findings if f.severity in ("blocker", "risk")]
    assert severe == []


def test_it_gives_each_finding_its_rules_claims_and_step() -> None:
    by_id = {item.id: item for item in RULES}
    for rule_id, (firing, _) in CASES.items():
        finding = next(f for f in plan(firing).findings if f.id == rule_id)
        assert finding.claims == list(by_id[rule_id].claims)
        assert finding.step == by_id[rule_id].step
        assert finding.severity == by_id[rule_id].severity
        assert finding.title and finding.action


def test_it_sorts_findings_most_severe_first() -> None:
    worst = answers(
        lane={"extra_lanes": ["data_scientist"]},
        offer={"same_day_walkthrough": False},
    )
    order = ["blocker", "risk", "advice", "good"]
    ranks = [order.index(f.severity) for f in plan(worst).findings]
    assert ranks == sorted(ranks)
    assert plan(worst).findings[0].id == "lane.do_it_all"


def test_it_calls_two_non_adjacent_lanes_a_do_it_all_req() -> None:
    data = answers(lane={"primary_lane": "data_scientist", "lean_lane": "mlops_platform"})
    assert "lane.do_it_all" in finding_ids(data)
    assert "lane.primary_with_lean" not in finding_ids(data)


def test_it_treats_the_guide_pairing_as_the_common_winner() -> None:
    finding = next(f for f in plan(SOUND).findings if f.id == "lane.primary_with_lean")
    assert "wins most often" in finding.detail


def test_it_fires_high_reliability_at_the_product_threshold_only() -> None:
    assert "lane.high_reliability" in finding_ids(answers(lane={"sla_percent": 99.99}))
    assert "lane.high_reliability" not in finding_ids(answers(lane={"sla_percent": 99.94}))


def test_it_allows_a_degree_for_research_or_regulated_work() -> None:
    research = answers(
        jd={"degree": "phd", "phd_required": True},
        lane={"primary_lane": "research_dl", "lean_lane": None,
              "deliverable_kind": "new_architectures_finetuning"},
    )  # fmt: skip
    regulated = answers(jd={"degree": "phd"}, context={"regulated_setting": "healthcare_imaging"})
    bank = answers(jd={"degree": "phd"}, context={"regulated_setting": "bank_risk"})
    assert "jd.degree_gate" not in finding_ids(research)
    assert "jd.degree_gate" not in finding_ids(regulated)
    assert "jd.degree_gate" not in finding_ids(bank)
    assert "jd.degree_gate" in finding_ids(answers(jd={"degree": "phd", "phd_required": True}))


def test_it_keeps_the_degree_finding_in_another_regulated_setting() -> None:
    # F3 names two settings only; another regulated setting keeps the finding and says why.
    other = answers(jd={"degree": "phd"}, context={"regulated_setting": "other"})
    finding = next(f for f in plan(other).findings if f.id == "jd.degree_gate")
    assert "ask whether your regulator truly weighs the credential" in finding.detail
    unregulated = answers(jd={"degree": "phd"}, context={"regulated_setting": "none"})
    detail = next(f for f in plan(unregulated).findings if f.id == "jd.degree_gate").detail
    assert "regulator" not in detail


def test_it_cuts_the_band_for_classical_work_only_in_the_production_lane() -> None:
    production = plan(answers(comp={"band_low_usd": None, "band_high_usd": None}))
    platform = plan(
        answers(
            lane={"primary_lane": "mlops_platform", "lean_lane": None},
            comp={"band_low_usd": None, "band_high_usd": None},
        )
    )
    assert (production.compensation.band.low, production.compensation.band.high) == (
        210_000,
        320_000,
    )
    assert (platform.compensation.band.low, platform.compensation.band.high) == (230_000, 340_000)
    kept = next(line for line in platform.compensation.lines if line.label.startswith("Classical"))
    assert (kept.applied, kept.claims) == (False, ["L10", "L11"])


def test_it_tells_the_failure_mode_with_the_finding_it_warns_of() -> None:
    # FM1: a researcher in the primary lane for a production deliverable.
    researcher = answers(lane={"primary_lane": "research_dl", "lean_lane": None})
    mismatch = next(f for f in plan(researcher).findings if f.id == "lane.deliverable_mismatch")
    assert mismatch.failure is not None and mismatch.failure.id == "FM1"
    # A mismatch between other lanes fires without a story that does not fit it.
    scientist = answers(lane={"primary_lane": "data_scientist", "lean_lane": None})
    other = next(f for f in plan(scientist).findings if f.id == "lane.deliverable_mismatch")
    assert other.failure is None
    # FM3 with the one-day loop; FM1 with the degree gate (also_with_rules).
    one_day = answers(loop={"spread": "custom", "spread_days": 1})
    assert next(f for f in plan(one_day).findings if f.id == "loop.one_day").failure.id == "FM3"
    degree = answers(jd={"degree": "phd", "phd_required": True})
    assert next(f for f in plan(degree).findings if f.id == "jd.degree_gate").failure.id == "FM1"
    # A finding tied to no failure mode carries none.
    untold = [f for f in plan(SOUND).findings if f.id == "lane.primary_with_lean"]
    assert len(untold) == 1 and untold[0].failure is None


def test_it_flags_a_one_day_custom_span_as_one_day() -> None:
    data = answers(loop={"spread": "custom", "spread_days": 1})
    assert "loop.one_day" in finding_ids(data)
    assert "loop.one_day" not in finding_ids(answers(loop={"spread": "custom", "spread_days": 10}))


def test_it_flags_a_take_home_when_no_live_debugging_round_exists() -> None:
    rounds = [r for r in SENIOR_LOOP if r["kind"] != "production_debugging"] + [
        {"kind": "other", "title": "Homework", "minutes": 120, "interviewer_role": "engineer",
         "format": "take_home", "skills_tested": ["S1"]}
    ]  # fmt: skip
    assert "loop.take_home_debugging" in finding_ids(answers(loop={"rounds": rounds}))


def test_it_counts_five_office_days_as_in_office() -> None:
    data = answers(
        comp={**NOT_NATIONWIDE, "arrangement": "hybrid", "office_days": 5, "metro": "tampa"}
    )
    assert "comp.in_office" in finding_ids(data)


def test_it_requires_a_range_for_a_nationwide_remote_posting_without_asking_the_law() -> None:
    data = answers(
        comp={"pay_transparency_law": "unsure", "posting_low_usd": None, "posting_high_usd": None}
    )
    ids = finding_ids(data)
    assert "comp.posting_without_range" in ids
    assert "comp.pay_law_unknown" not in ids


def test_it_names_the_midpoint_when_the_posting_stops_there() -> None:
    data = answers(comp={"posting_high_usd": 265_000})
    finding = next(f for f in plan(data).findings if f.id == "comp.posting_below_top")
    assert "midpoint" in finding.title
    assert "$320,000" in finding.action


def test_it_reports_only_the_steps_that_are_saved() -> None:
    only_context = plan({"context": SOUND["context"]})
    assert {f.step for f in only_context.findings} <= {"context"}
    assert plan({}).findings == []


def test_it_lists_every_rule_in_the_developer_doc() -> None:
    text = DOCS.read_text()
    missing = [rule_id for rule_id in rule_ids() if f"`{rule_id}`" not in text]
    assert missing == []


def walked(data: dict):
    return next((f for f in plan(data).findings if f.id == "offer.walked_vest"), None)


def test_it_names_the_quarterly_vest_a_two_week_rush_gives_up() -> None:
    # Starting on 18 Aug 2026, two weeks (14 days) before the 1 Sep 2026 quarterly vest: the
    # candidate is gone by the start day, so the $12,500 (a sixteenth of $200,000) stays
    # behind. Keeping it means starting the day after it, 2 Sep 2026: 1 Sep − 18 Aug is 14
    # days, plus the vest day itself, so 15 days later.
    finding = walked(starting("2026-08-18", QUARTERLY))
    assert finding is not None
    assert finding.title == "Starting on 18 Aug 2026 gives up $12,500 that vests on 1 Sep 2026"
    assert finding.action.startswith("Move the start 15 days later, to 2 Sep 2026")
    assert "a quarterly vest, $12,500 on 1 Sep 2026" in finding.detail
    assert "Hireplan's rule" in finding.detail
    assert "$20,000–$40,000" in finding.detail  # the guide's cost of a rush, for scale (C9)
    assert finding.claims == ["C9"]


def test_it_keeps_silent_a_day_past_the_rush_and_a_day_after_the_vest() -> None:
    # 17 Aug 2026 is 15 days before the vest: outside the two-week rush.
    assert walked(starting("2026-08-17", QUARTERLY)) is None
    # Starting the day after the vest keeps it; the next, 1 Dec 2026, is 90 days away.
    assert walked(starting("2026-09-02", QUARTERLY)) is None
    # On the vest day itself the candidate is already gone: one day later keeps it.
    on_the_day = walked(starting("2026-09-01", QUARTERLY))
    assert on_the_day is not None
    assert on_the_day.action.startswith("Move the start 1 day later, to 2 Sep 2026")


def test_it_counts_a_cliff_ahead_however_far() -> None:
    # The cliff of a grant started 1 Feb 2026 falls on 1 Feb 2027, 5 months after a 1 Sep
    # 2026 start: its $60,000 (12 of 48 monthly parts of $240,000) is given up all the same.
    finding = walked(starting("2026-09-01", cliff_on("2027-02-01")))
    assert finding is not None
    assert finding.title == "Starting on 1 Sep 2026 gives up $60,000 that vests on 1 Feb 2027"
    # 1 Feb 2027 − 1 Sep 2026 is 153 days; one more to leave after it.
    assert finding.action.startswith("Move the start 154 days later, to 2 Feb 2027")
    assert "the cliff, $60,000 on 1 Feb 2027" in finding.detail
    # The cliff on the start date is given up; the day before it is kept.
    assert walked(starting("2026-09-01", cliff_on("2026-09-01"))) is not None
    assert walked(starting("2026-09-02", cliff_on("2026-09-01"))) is None


def test_it_adds_up_the_vests_of_several_grants_and_keeps_them_all() -> None:
    # The quarterly grant vests on 1 Sep 2026 and a monthly grant's cliff on 5 Sep 2026:
    # $12,500 + $60,000. Starting on 6 Sep 2026 keeps both: 10 days after 27 Aug 2026.
    finding = walked(starting("2026-08-27", QUARTERLY, cliff_on("2026-09-05")))
    assert finding is not None
    assert finding.title == (
        "Starting on 27 Aug 2026 gives up $72,500 that vests on 1 Sep 2026 and 5 Sep 2026"
    )
    assert finding.action.startswith("Move the start 10 days later, to 6 Sep 2026")
    assert "a quarterly vest of grant 1, $12,500 on 1 Sep 2026" in finding.detail
    assert "the cliff of grant 2, $60,000 on 5 Sep 2026" in finding.detail


def test_it_needs_a_start_date_to_judge_a_walked_vest() -> None:
    # No start anywhere: the comparison runs from today, but nothing is proposed to judge.
    data = answers(
        offer={"current_grants": [cliff_on("2026-10-01")], "start_date": None},
        sourcing={"target_start_date": None},
    )
    assert walked(data) is None


def test_it_puts_the_guides_rush_beside_a_notice_cut_short() -> None:
    finding = next(
        f
        for f in plan(answers(sourcing={"notice_period_weeks": 6})).findings
        if f.id == "offer.notice_ignored"
    )
    assert "For scale, the guide puts the usual cost of a 2-week rush at $20,000–$40,000" in (
        finding.detail
    )
