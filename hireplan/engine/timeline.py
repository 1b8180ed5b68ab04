"""Weeks to hire: the guide's clean-search range by level (T1), pushed out by T2's causes,
laid out as phases on a day axis (intake, sourcing, the loop, the offer, notice, start).

How the phases are placed (the guide gives the whole span, not its parts):
- Day 0 is the day the search opened (context step), or today when it has not opened.
- The accepted offer falls at the expected span's short end; `slip_days` carry its long end.
- The loop takes its planned span (loop step), else the guide's two weeks (LP3); the offer
  goes out within 48 hours of the final round (O2); sourcing is what remains before the loop.
  T2's extra weeks therefore land in sourcing: the guide does not say which part grows.
- The notice period and the target start are the user's (sourcing step); the guide gives
  neither.
"""

from datetime import timedelta

from hireplan.engine.answers import Level
from hireplan.engine.facts import Facts
from hireplan.engine.plan import FigureSource, TimelineEstimate, TimelinePhase, TimelineReason

DAYS_PER_WEEK = 7


def estimate_timeline(facts: Facts) -> TimelineEstimate:
    ref = facts.ref
    clean = ref.timeline.clean_search
    reasons = [
        TimelineReason(
            label=f"A well-scoped search takes {clean.low_weeks}–{clean.high_weeks} weeks",
            weeks_low=clean.low_weeks,
            weeks_high=clean.high_weeks,
            applied=True,
            source=FigureSource.GUIDE,
            claims=clean.claims,
        )
    ]
    expected_low, expected_high = clean.low_weeks, clean.high_weeks
    if facts.level is not None:
        typical = (
            clean.typical_senior_weeks if facts.level == Level.SENIOR else clean.typical_mid_weeks
        )
        expected_low = expected_high = typical
        reasons.append(
            TimelineReason(
                label=f"{facts.level.label} searches run near {typical} weeks",
                weeks_low=typical,
                weeks_high=typical,
                applied=True,
                source=FigureSource.GUIDE,
                claims=clean.claims,
            )
        )

    causes = []
    if facts.vague_jd_reasons:
        causes.append(("vague_jd", "; ".join(facts.vague_jd_reasons)))
    if facts.underpriced and facts.comp is not None and facts.comp.placement is not None:
        pct = abs(facts.comp.placement.percent_vs_recommendation)
        causes.append(
            ("underpriced_band", f"the band's midpoint is {pct}% under the recommendation")
        )
    # Product choice extension_stacks: the guide's one 3–6 week figure is added once, not per cause.
    stacks = bool(ref.choice("extension_stacks"))
    low, high = clean.low_weeks, clean.high_weeks
    for number, (cause, why) in enumerate(causes):
        extension = ref.extension(cause)
        applied = stacks or number == 0
        if applied:
            low += extension.weeks_low
            high += extension.weeks_high
            expected_low += extension.weeks_low
            expected_high += extension.weeks_high
        reasons.append(
            TimelineReason(
                label=f"{extension.label}: {extension.weeks_low}–{extension.weeks_high} weeks more",
                weeks_low=extension.weeks_low,
                weeks_high=extension.weeks_high,
                applied=applied,
                source=FigureSource.GUIDE,
                claims=extension.claims,
                note=why if applied else f"{why} (counted once, with the cause above)",
            )
        )

    if facts.do_it_all:
        stall = ref.timeline.do_it_all_stall
        reasons.append(
            TimelineReason(
                label=f"A do-it-all req stalls past day {stall.days}",
                weeks_low=None,
                weeks_high=None,
                applied=False,
                source=FigureSource.NOT_IN_GUIDE,
                claims=stall.claims,
                note="The guide gives no figure for how much longer; split the req instead.",
            )
        )

    context = facts.inp.context
    opened = context.search_open_since if context is not None else None
    day_zero = opened if opened is not None and opened <= facts.inp.today else facts.inp.today
    phases = lay_out_phases(facts, expected_low, expected_high, reasons)
    start = phases[-1]
    return TimelineEstimate(
        low_weeks=low,
        high_weeks=high,
        guide_low_weeks=clean.low_weeks,
        guide_high_weeks=clean.high_weeks,
        expected_low_weeks=expected_low,
        expected_high_weeks=expected_high,
        reasons=reasons,
        days_open=facts.days_open,
        claims=clean.claims,
        day_zero=day_zero,
        day_zero_basis="search_opened" if day_zero != facts.inp.today else "today",
        today_day=(facts.inp.today - day_zero).days,
        phases=phases,
        start_low=day_zero + timedelta(days=start.start_day),
        start_high=day_zero + timedelta(days=start.start_day + start.slip_days),
        target_start=(
            facts.inp.sourcing.target_start_date if facts.inp.sourcing is not None else None
        ),
    )


def lay_out_phases(
    facts: Facts, expected_low: int, expected_high: int, reasons: list[TimelineReason]
) -> list[TimelinePhase]:
    """The search's phases on a day axis (see the module docstring for how they are placed)."""
    ref, inp = facts.ref, facts.inp
    effort = ref.loops.candidate_effort
    if inp.loop is not None:
        loop_days = inp.loop.days
        loop_source, loop_note = FigureSource.USER_SUPPLIED, "The span planned on the loop step."
    else:
        loop_days = effort.spread_weeks * DAYS_PER_WEEK
        loop_source = FigureSource.GUIDE
        loop_note = f"The guide spreads the loop over about {effort.spread_weeks} weeks."
    offer_hours = ref.checklist_item("offer_within").hours or 0
    offer_days = -(-offer_hours // 24)
    accept = expected_low * DAYS_PER_WEEK
    slip = (expected_high - expected_low) * DAYS_PER_WEEK
    sourcing_end = max(0, accept - loop_days - offer_days)
    accept = sourcing_end + loop_days + offer_days
    loop_end = sourcing_end + loop_days

    extensions = [r for r in reasons if r.applied and "T2" in r.claims]
    sourcing_note = "Whatever the search leaves before the loop."
    if extensions:
        sourcing_note = "Pushed out: " + "; ".join(
            f"{r.label} ({r.note})" if r.note else r.label for r in extensions
        )
    if sourcing_end == 0:
        sourcing_note = "The loop and offer alone fill the guide's span: no time is left."
    sourcing_claims = ["T1", *(["T2"] if extensions else [])]

    notice = inp.sourcing.notice_period_weeks if inp.sourcing is not None else None
    notice_days = (notice or 0) * DAYS_PER_WEEK
    start_day = accept + notice_days
    jd_written = inp.jd is not None
    return [
        TimelinePhase(
            id="intake",
            label="JD and intake",
            start_day=0,
            end_day=0,
            slip_days=0,
            known=jd_written,
            source=FigureSource.GUIDE,
            claims=["J1", "T1"],
            note=(
                "The JD is written on this plan; the search clock starts here."
                if jd_written
                else "The JD is not written yet: a clear one is what makes the search short."
            ),
        ),
        TimelinePhase(
            id="sourcing",
            label="Sourcing",
            start_day=0,
            end_day=sourcing_end,
            slip_days=slip,
            known=True,
            source=FigureSource.GUIDE,
            claims=sourcing_claims,
            note=sourcing_note,
        ),
        TimelinePhase(
            id="loop",
            label="Interview loop",
            start_day=sourcing_end,
            end_day=loop_end,
            slip_days=slip,
            known=True,
            source=loop_source,
            claims=["LP3"],
            note=loop_note,
        ),
        TimelinePhase(
            id="offer",
            label="Offer window",
            start_day=loop_end,
            end_day=accept,
            slip_days=slip,
            known=True,
            source=FigureSource.GUIDE,
            claims=["O2"],
            note=f"The offer goes out within {offer_hours} hours of the final round.",
        ),
        TimelinePhase(
            id="notice",
            label="Notice period",
            start_day=accept,
            end_day=start_day,
            slip_days=slip,
            known=notice is not None,
            source=FigureSource.USER_SUPPLIED if notice is not None else FigureSource.NOT_IN_GUIDE,
            claims=["C9"],
            note=(
                f"{notice} weeks, as entered on this step."
                if notice is not None
                else "The guide gives no notice period: enter the candidate's expected one."
            ),
        ),
        TimelinePhase(
            id="start",
            label="Start",
            start_day=start_day,
            end_day=start_day,
            slip_days=slip,
            known=notice is not None,
            source=FigureSource.USER_SUPPLIED if notice is not None else FigureSource.GUIDE,
            claims=["T1", "C9"],
        ),
    ]
