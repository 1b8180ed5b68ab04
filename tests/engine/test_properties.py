"""Properties over any valid answers: the engine never raises, every claim it cites exists,
and it is monotone where the guide is (level, band, lanes)."""

import itertools
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hireplan.engine import build_input, compute_plan
from hireplan.engine.answers import (
    OPENER_FACTS,
    US_STATE_CODES,
    CompanyStage,
    Degree,
    DeliverableKind,
    HireType,
    InterviewerRole,
    Lane,
    LLMWork,
    LoopSpread,
    Metro,
    MLInSeat,
    RegulatedSetting,
    ReliabilityBar,
    RoundFormat,
    RoundKind,
    SkillId,
)
from hireplan.engine.plan import SEVERITY_ORDER

from .support import REF, TODAY

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = st.sampled_from(
    ["passionate", "PyTorch 2.4", "Triton", "weekly", "cutting-edge", "", "fraud model", "ranker"]
)


def options(enum) -> st.SearchStrategy:
    return st.sampled_from(list(enum))


@st.composite
def contexts(draw) -> dict[str, Any]:
    latest = min(TODAY, date.today())
    return {
        "role_title": "ML engineer",
        "company_stage": draw(options(CompanyStage)),
        "industry": "Software",
        "regulated_setting": draw(options(RegulatedSetting)),
        "ml_in_seat": draw(options(MLInSeat)),
        "first_ml_hire": draw(st.booleans()),
        "hire_type": draw(options(HireType)),
        "llm_work": draw(options(LLMWork)),
        "search_open_since": draw(
            st.none() | st.dates(min_value=latest - timedelta(days=400), max_value=latest)
        ),
    }


@st.composite
def lanes(draw) -> dict[str, Any]:
    primary = draw(options(Lane))
    others = [lane for lane in Lane if lane != primary]
    lean = draw(st.none() | st.sampled_from(others))
    rest = [lane for lane in others if lane != lean]
    bar = draw(options(ReliabilityBar))
    return {
        "primary_lane": primary,
        "lean_lane": lean,
        "extra_lanes": draw(st.lists(st.sampled_from(rest), unique=True, max_size=3)),
        "deliverable": "Ship the thing",
        "deliverable_kind": draw(options(DeliverableKind)),
        "reliability_bar": bar,
        "sla_percent": (
            draw(st.floats(min_value=90, max_value=99.999)) if bar == ReliabilityBar.SLA else None
        ),
        "stack_tags": draw(st.lists(st.sampled_from(["Ray", "Triton", "dbt"]), max_size=3)),
        "llm_work": draw(options(LLMWork)),
    }


@st.composite
def usd_ranges(draw) -> tuple[int, int]:
    low = draw(st.integers(min_value=50_000, max_value=600_000))
    # A range has a top above its bottom: one figure twice is refused.
    high = draw(st.integers(min_value=low + 1, max_value=min(low * 3, 1_000_000)))
    return low, high


@st.composite
def comps(draw) -> dict[str, Any]:
    metro = draw(options(Metro))
    arrangement = draw(st.sampled_from(["remote", "hybrid", "in_office"]))
    nationwide = arrangement == "remote" and draw(st.booleans())
    band = draw(st.none() | usd_ranges())
    posting = draw(st.none() | usd_ranges())
    return {
        "level": draw(st.sampled_from(["mid", "senior"])),
        "metro": metro,
        "other_metro_name": "Reno" if metro == Metro.OTHER else "",
        # Optional everywhere: used where the guide has no figure, shown as unused elsewhere.
        "local_base_usd": draw(st.none() | st.integers(min_value=50_000, max_value=1_000_000)),
        "arrangement": arrangement,
        "office_days": draw(st.integers(1, 5)) if arrangement == "hybrid" else None,
        "remote_nationwide": nationwide,
        "posting_states": (
            []
            if nationwide
            else draw(st.lists(st.sampled_from(sorted(US_STATE_CODES)), max_size=3))
        ),
        "llm_uplift_usd": draw(st.none() | st.integers(0, 300_000)),
        "band_low_usd": band[0] if band else None,
        "band_high_usd": band[1] if band else None,
        "posted_publicly": draw(st.booleans()),
        "pay_transparency_law": draw(st.sampled_from(["yes", "no", "unsure"])),
        "posting_low_usd": posting[0] if posting else None,
        "posting_high_usd": posting[1] if posting else None,
    }


@st.composite
def jds(draw) -> dict[str, Any]:
    skills = draw(st.lists(st.sampled_from([s.value for s in SkillId] + ["Rust"]), unique=True))
    degree = draw(options(Degree))
    facts = {name: draw(WORDS) for name in OPENER_FACTS}
    return {
        **facts,
        "ranked_skills": skills,
        "years_experience": draw(st.none() | st.integers(0, 40)),
        "degree": degree,
        "phd_required": degree == Degree.PHD and draw(st.booleans()),
        "jd_markdown": " ".join(draw(st.lists(WORDS, max_size=12))),
    }


@st.composite
def rounds(draw) -> dict[str, Any]:
    return {
        "kind": draw(options(RoundKind)),
        "title": "Round",
        "minutes": draw(st.integers(5, 240)),
        "interviewer_role": draw(options(InterviewerRole)),
        "interviewer_count": draw(st.integers(1, 10)),
        "format": draw(options(RoundFormat)),
        "skills_tested": draw(st.lists(options(SkillId), unique=True)),
    }


@st.composite
def loops(draw) -> dict[str, Any]:
    spread = draw(options(LoopSpread))
    return {
        "rounds": draw(st.lists(rounds(), min_size=1, max_size=10)),
        "spread": spread,
        "spread_days": draw(st.integers(1, 60)) if spread == LoopSpread.CUSTOM else None,
    }


sourcings = st.fixed_dictionaries(
    {
        "recruiter_has_ml_network": st.booleans(),
        "outreach_share_pct": st.integers(0, 100),
        "notice_period_weeks": st.none() | st.integers(0, 26),
        "target_start_date": st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    }
)


@st.composite
def current_grants(draw) -> dict[str, Any]:
    """A grant as its statement reads; the vested figure, when given, may be any amount up to
    the grant (the schema leaves checks against today's date to the form)."""
    years = draw(st.integers(1, 10))
    value = draw(st.integers(1, 50_000_000))
    return {
        "value_usd": value,
        "vesting_years": years,
        "schedule": draw(st.sampled_from(["monthly", "quarterly", "annual"])),
        "vesting_start": draw(st.dates(date(2016, 7, 1), date(2027, 6, 1))),
        "cliff_months": draw(st.integers(0, min(60, years * 12))),
        "vested_usd": draw(st.none() | st.integers(0, value)),
    }


@st.composite
def vesting_shares(draw) -> list[int]:
    years = draw(st.integers(1, 10))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=years - 1, max_size=years - 1)))
    bounds = [0, *cuts, 100]
    return [high - low for low, high in itertools.pairwise(bounds)]


@st.composite
def offers(draw) -> dict[str, Any]:
    shares = draw(st.lists(vesting_shares(), max_size=1))
    return {
        "offer_hours_after_final_round": draw(st.integers(0, 720)),
        "same_day_walkthrough": draw(st.booleans()),
        "hm_call_within_hours": draw(st.none() | st.integers(1, 720)),
        "offer_base_usd": draw(st.none() | st.integers(50_000, 1_000_000)),
        "equity_compared_by_nominal_grant": draw(st.booleans()),
        "current_grants": draw(st.lists(current_grants(), max_size=3)),
        "offer_equity_usd": draw(st.integers(0, 50_000_000)) if shares else None,
        "offer_vesting_pct": shares[0] if shares else [],
        "offer_cliff_months": (
            draw(st.integers(0, min(60, len(shares[0]) * 12))) if shares else None
        ),
        "competing_offers": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "label": st.just(""),
                        "base_usd": st.integers(50_000, 1_000_000),
                        "equity_per_year_usd": st.integers(0, 50_000_000),
                    }
                ),
                max_size=4,
            )
        ),
        "start_date": draw(st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31))),
        "start_weeks_after_acceptance": draw(st.none() | st.integers(0, 26)),
    }


STEPS = {
    "context": contexts(),
    "lane": lanes(),
    "comp": comps(),
    "jd": jds(),
    "loop": loops(),
    "sourcing": sourcings,
    "offer": offers(),
}
engagements = st.fixed_dictionaries({}, optional=STEPS)


def plan_of(data: dict[str, Any]):
    inp = build_input(data, today=TODAY, strict=True)  # the strategies only make valid answers
    return compute_plan(inp, REF)


@SETTINGS
@given(engagements)
def test_it_plans_any_valid_engagement_without_raising(data: dict[str, Any]) -> None:
    result = plan_of(data)
    known = REF.claim_ids
    ranks = [SEVERITY_ORDER[finding.severity] for finding in result.findings]
    assert ranks == sorted(ranks)
    for finding in result.findings:
        assert finding.claims and set(finding.claims) <= known
        assert finding.step in data  # a step that is not saved raises nothing
    if result.compensation is not None:
        for line in result.compensation.lines:
            assert line.claims and set(line.claims) <= known
        assert result.compensation.band.low <= result.compensation.band.high
    timeline = result.timeline
    assert timeline.low_weeks <= timeline.expected_low_weeks <= timeline.expected_high_weeks
    assert timeline.expected_high_weeks <= timeline.high_weeks


@SETTINGS
@given(comps(), st.none() | lanes(), st.none() | contexts())
def test_it_never_recommends_less_for_senior_than_for_mid(comp, lane, context) -> None:
    by_level = {}
    # A local figure is "where offers close at this level": the same figure for both levels
    # is no real plan, so the comparison is of the guide's own figures.
    comp = {**comp, "local_base_usd": None}
    for level in ("mid", "senior"):
        data = {"comp": {**comp, "level": level}}
        data |= {"lane": lane} if lane else {}
        data |= {"context": context} if context else {}
        by_level[level] = plan_of(data).compensation.band
    assert by_level["senior"].low >= by_level["mid"].low
    assert by_level["senior"].midpoint >= by_level["mid"].midpoint


@SETTINGS
@given(comps(), st.integers(1, 99), st.none() | jds())
def test_it_never_shortens_the_timeline_for_a_lower_band(comp, cut_pct, jd) -> None:
    low, high = comp["band_low_usd"] or 200_000, comp["band_high_usd"] or 260_000
    lower_low, lower_high = max(50_000, low * (100 - cut_pct) // 100), None
    lower_high = max(lower_low + 1, high * (100 - cut_pct) // 100)  # still a range
    if lower_high > lower_low * 3:
        lower_high = lower_low * 3
    extra = {"jd": jd} if jd else {}
    before = plan_of({"comp": {**comp, "band_low_usd": low, "band_high_usd": high}, **extra})
    after = plan_of(
        {"comp": {**comp, "band_low_usd": lower_low, "band_high_usd": lower_high}, **extra}
    )
    assert after.timeline.low_weeks >= before.timeline.low_weeks
    assert after.timeline.high_weeks >= before.timeline.high_weeks
    assert after.timeline.expected_high_weeks >= before.timeline.expected_high_weeks


@SETTINGS
@given(lanes(), st.data())
def test_it_keeps_a_do_it_all_finding_when_lanes_are_added(lane, data) -> None:
    taken = {lane["primary_lane"], lane["lean_lane"], *lane["extra_lanes"]}
    free = [option for option in Lane if option not in taken]
    if not free or len(lane["extra_lanes"]) >= 4:
        return
    more = {**lane, "extra_lanes": [*lane["extra_lanes"], data.draw(st.sampled_from(free))]}
    before = {f.id for f in plan_of({"lane": lane}).findings}
    after = {f.id for f in plan_of({"lane": more}).findings}
    if "lane.do_it_all" in before:
        assert "lane.do_it_all" in after
    if len(taken - {None}) + 1 > 2:
        assert "lane.do_it_all" in after  # three lanes or more are always a do-it-all req
