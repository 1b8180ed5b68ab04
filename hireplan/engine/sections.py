"""The plan's descriptive sections: lane, loop, sourcing and offer.

They show the guide's figures even before a step is saved (the suggested loop, the offer
checklist, the sourcing pools), and fill in the team's own answers once it is.
"""

from fractions import Fraction

from hireplan.engine import equity as vesting
from hireplan.engine.answers import Level, SkillId, skill_key
from hireplan.engine.comp import top_quartile_floor
from hireplan.engine.equity import whole_dollars
from hireplan.engine.facts import Facts
from hireplan.engine.plan import (
    ChecklistStatus,
    EquityComparison,
    EquityYear,
    FigureSource,
    LaneAssessment,
    LoopCheck,
    NextVest,
    OfferCompared,
    OfferPlan,
    PoolPlan,
    RoundPlan,
    ShareFigure,
    SkillCoverage,
    SourcingPlan,
)
from hireplan.engine.text import share_percent


def assess_lane(facts: Facts) -> LaneAssessment | None:
    lane = facts.inp.lane
    if lane is None:
        return None
    record = facts.ref.lane(lane.primary_lane)
    return LaneAssessment(
        primary=lane.primary_lane,
        primary_name=record.name,
        primary_job=record.job,
        lean=lane.lean_lane,
        extra=lane.extra_lanes,
        lane_count=len(lane.lanes),
        do_it_all=facts.do_it_all,
        adjacent_to_primary=facts.ref.adjacent_lanes(lane.primary_lane),
        deliverable_kind=lane.deliverable_kind,
        deliverable_fits=facts.ref.lanes_for(lane.deliverable_kind),
        stack_signal=record.stack_signal,
        claims=["L1", "L2", "L5"],
    )


def check_loop(facts: Facts) -> LoopCheck:
    ref = facts.ref
    counts, effort = ref.loops.round_counts, ref.loops.candidate_effort
    rows: list[RoundPlan] = []
    template = ref.template(facts.level) if facts.level is not None else None
    if template is not None:
        for planned in template.rounds:
            guide_round = ref.guide_round(planned.kind)
            if guide_round is None:  # the fixture validator rules this out; stay safe anyway
                continue
            rows.append(
                RoundPlan(
                    kind=planned.kind,
                    name=guide_round.name,
                    minutes=planned.minutes,
                    interviewer_role=guide_round.interviewer_role,
                    interviewer_count=guide_round.interviewer_count,
                    skills_tested=guide_round.skills_tested,
                    purpose=guide_round.purpose,
                    claims=guide_round.claims,
                )
            )

    loop, jd = facts.inp.loop, facts.inp.jd
    # The JD's ranked skills (the guide's and the team's own) in its order, then the guide's
    # skills it does not rank. Each round's ticks are matched by `skill_key`; a team skill the
    # JD no longer ranks matches nothing and is listed as dropped (Hireplan's rule).
    ranked = list(jd.ranked_skills) if jd is not None else []
    ranks = {skill_key(skill): rank for rank, skill in enumerate(ranked, start=1)}
    skills = ranked + [skill.value for skill in SkillId if skill_key(skill) not in ranks]
    if loop is not None:
        ticks = [(r.title, {skill_key(skill) for skill in r.skills_tested}) for r in loop.rounds]
    else:
        ticks = [(row.name, {skill_key(skill) for skill in row.skills_tested}) for row in rows]
    coverage = []
    for skill in skills:
        guide_skill = skill in SkillId.__members__
        coverage.append(
            SkillCoverage(
                skill=skill,
                name=ref.skill(SkillId(skill)).name if guide_skill else skill,
                team_skill=not guide_skill,
                rounds=[title for title, keys in ticks if skill_key(skill) in keys],
                ranked_in_jd=ranks.get(skill_key(skill)),
            )
        )
    known = {skill_key(skill) for skill in skills}
    dropped: dict[str, str] = {}  # by key, in the order the rounds tick them
    for round_ in loop.rounds if loop is not None else []:
        for skill in round_.skills_tested:
            if skill_key(skill) not in known:
                dropped.setdefault(skill_key(skill), skill)

    return LoopCheck(
        required_rounds=counts.senior if facts.level == Level.SENIOR else counts.mid,
        template_level=facts.level,
        template=rows,
        template_minutes=sum(row.minutes for row in rows) if rows else None,
        template_source=FigureSource(template.source.value) if template else None,
        template_reason=template.reason if template else "",
        planned_rounds=len(loop.rounds) if loop else None,
        candidate_minutes=loop.candidate_minutes if loop else None,
        hours_low=effort.hours_low,
        hours_high=effort.hours_high,
        spread_days=loop.days if loop else None,
        coverage=coverage,
        dropped_skills=list(dropped.values()),
        claims=["LP1", "LP2", "LP3"],
    )


def plan_sourcing(facts: Facts) -> SourcingPlan:
    ref = facts.ref
    return SourcingPlan(
        pools=[
            PoolPlan(
                rank=pool.rank,
                name=pool.name,
                where=pool.where,
                reachable=pool.reachable,
                claims=pool.claims,
            )
            for pool in ref.sourcing.pools
        ],
        shares=[
            ShareFigure(label=share.label, percent=share.percent, claims=share.claims)
            for share in ref.sourcing.shares
        ],
        staffing_partner_suggested=bool(facts.staffing_partner_reasons),
        staffing_partner_reasons=facts.staffing_partner_reasons,
        claims=["SO1", "SO2", "T3"],
    )


# Who owns each O2 item. The guide names the recruiter for the walk-through and the hiring
# manager for the call; it names nobody for the offer itself, so Hireplan gives it to both.
CHECKLIST_OWNERS: dict[str, tuple[str, FigureSource]] = {
    "offer_within": ("Hiring manager, sent with the recruiter", FigureSource.PRODUCT_CHOICE),
    "same_day_walkthrough": ("Recruiter", FigureSource.GUIDE),
    "hm_call_within": ("Hiring manager", FigureSource.GUIDE),
}


def _checklist(facts: Facts) -> list[ChecklistStatus]:
    ref, offer = facts.ref, facts.inp.offer

    def status(done: bool | None) -> str:
        return "unknown" if done is None else "done" if done else "missing"

    within = ref.checklist_item("offer_within").hours or 0
    call_within = ref.checklist_item("hm_call_within").hours or 0
    offer_at = offer.offer_hours_after_final_round if offer is not None else None
    # Deadlines run from the final round: the offer's own, then the others from the offer.
    offer_due = min(offer_at, within) if offer_at is not None else within
    call_at = None
    if offer is not None and offer.hm_call_within_hours is not None:
        call_at = offer.offer_hours_after_final_round + offer.hm_call_within_hours
    done = {
        "offer_within": None if offer is None else offer.offer_hours_after_final_round <= within,
        "same_day_walkthrough": None if offer is None else offer.same_day_walkthrough,
        "hm_call_within": None
        if offer is None
        else offer.hm_call_within_hours is not None and offer.hm_call_within_hours <= call_within,
    }
    due = {
        "offer_within": within,
        "same_day_walkthrough": offer_due,
        "hm_call_within": offer_due + call_within,
    }
    planned = {
        "offer_within": offer_at,
        "same_day_walkthrough": offer_at if offer and offer.same_day_walkthrough else None,
        "hm_call_within": call_at,
    }
    rows = []
    for item in ref.offer.checklist:
        owner, owner_source = CHECKLIST_OWNERS[item.id]
        if item.id == "offer_within" and offer is not None and offer.offer_owner:
            owner, owner_source = offer.offer_owner, FigureSource.USER_SUPPLIED
        rows.append(
            ChecklistStatus(
                id=item.id,
                label=item.label,
                status=status(done[item.id]),  # type: ignore[arg-type]
                claims=item.claims,
                owner=owner,
                owner_source=owner_source,
                due_hours_after_final_round=due[item.id],
                planned_hours_after_final_round=planned[item.id],
            )
        )
    return rows


def _next_vest(vest: vesting.NextVest) -> NextVest:
    return NextVest(
        grant=vest.grant,
        vest_date=vest.on,
        amount_usd=vest.amount,
        kind=vest.kind,
        days_to_keep=vest.days_to_keep,
        keep_from=vest.keep_from,
        given_up=vest.given_up,
    )


def _equity(facts: Facts) -> EquityComparison | None:
    comparison, offer = facts.equity, facts.inp.offer
    if comparison is None or offer is None:
        return None
    return EquityComparison(
        start_date=comparison.start,
        start_basis=facts.start_basis,
        years=[
            EquityYear(
                year=row.year,
                current_usd=row.current,
                offer_usd=row.offer,
                difference_usd=row.difference,
            )
            for row in comparison.years
        ],
        current_total_usd=comparison.current_total,
        offer_total_usd=comparison.offer_total,
        gap_usd=comparison.gap,
        vests_before_start_usd=comparison.vests_before_start,
        next_vests=[_next_vest(vest) for vest in comparison.next_vests],
        given_up=[_next_vest(vest) for vest in comparison.given_up],
        given_up_usd=sum(vest.amount for vest in comparison.given_up),
        has_current=bool(offer.current_grants),
        has_offer=offer.has_offer_equity,
        source=FigureSource.USER_SUPPLIED,
        claims=["C8", "C9"],
    )


def _offers_compared(facts: Facts, equity: EquityComparison | None) -> list[OfferCompared]:
    offer = facts.inp.offer
    if offer is None or not offer.competing_offers:
        return []
    rows = []
    if offer.offer_base_usd is not None:
        years = facts.ref.offer.equity.years
        per_year = (
            whole_dollars(Fraction(equity.offer_total_usd, years))
            if equity is not None and equity.has_offer
            else 0
        )
        rows.append(
            OfferCompared(
                label="This offer",
                base_usd=offer.offer_base_usd,
                equity_per_year_usd=per_year,
                total_per_year_usd=offer.offer_base_usd + per_year,
                ours=True,
            )
        )
    for number, other in enumerate(offer.competing_offers, start=1):
        rows.append(
            OfferCompared(
                label=other.label or f"Other offer {number}",
                base_usd=other.base_usd,
                equity_per_year_usd=other.equity_per_year_usd,
                total_per_year_usd=other.base_usd + other.equity_per_year_usd,
                ours=False,
            )
        )
    return rows


def plan_offer(facts: Facts) -> OfferPlan:
    ref, offer = facts.ref, facts.inp.offer

    floor, basis, band = None, None, (None, None)
    comp = facts.inp.comp
    if comp is not None and comp.band_low_usd is not None and comp.band_high_usd is not None:
        band, basis = (comp.band_low_usd, comp.band_high_usd), "proposed_band"
    elif facts.comp is not None:
        band, basis = (facts.comp.band.low, facts.comp.band.high), "recommendation"
    if band[0] is not None and band[1] is not None:
        floor = top_quartile_floor(band[0], band[1])
    base = offer.offer_base_usd if offer is not None else None

    competing = ref.offer.competing_offers
    senior = facts.level == competing.level
    start = ref.offer.start_date
    equity = _equity(facts)
    return OfferPlan(
        checklist=_checklist(facts),
        base_floor_usd=floor,
        base_floor_basis=basis,  # type: ignore[arg-type]
        band_low_usd=band[0],
        band_high_usd=band[1],
        offer_base_usd=base,
        base_in_top_quartile=None if base is None or floor is None else base >= floor,
        equity_years=ref.offer.equity.years,
        walked_equity_low=start.walked_equity_low,
        walked_equity_high=start.walked_equity_high,
        rush_weeks=start.rush_weeks,
        equity=equity,
        competing_offers_low=competing.low if senior else None,
        competing_offers_high=competing.high if senior else None,
        offers_compared=_offers_compared(facts, equity),
        equity_share=(
            share_percent(offer.offer_equity_pct)
            if offer is not None and offer.offer_equity_pct is not None
            else None
        ),
        notice_period_weeks=(
            facts.inp.sourcing.notice_period_weeks if facts.inp.sourcing is not None else None
        ),
        claims=["O1", "O2", "C7", "C8", "C9"],
    )
