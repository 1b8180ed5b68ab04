"""Weeks to hire: the guide's clean-search range by level (T1), pushed out by T2's causes."""

from comp.schemas import Level
from hireplan.engine.facts import Facts
from hireplan.engine.plan import FigureSource, TimelineEstimate, TimelineReason


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

    return TimelineEstimate(
        low_weeks=low,
        high_weeks=high,
        expected_low_weeks=expected_low,
        expected_high_weeks=expected_high,
        reasons=reasons,
        days_open=facts.days_open,
        claims=clean.claims,
    )
