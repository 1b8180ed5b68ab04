"""The advice rules. Each rule is a small function registered with its finding's id, step,
severity and claims; it returns a Hit (the finding's words) when its condition holds.

A rule reads only Facts, looks only at steps that are saved, and never raises: a missing
step means the rule stays silent. docs/engine.md lists every rule (a test keeps it complete).
"""

from collections.abc import Callable
from dataclasses import dataclass

from hireplan.engine.answers import (
    OPENER_FACTS,
    Arrangement,
    Degree,
    HireType,
    Lane,
    Level,
    LLMWork,
    MLInSeat,
    PayTransparency,
    RegulatedSetting,
    ReliabilityBar,
    RoundFormat,
    RoundKind,
    SkillId,
    skill_key,
    skill_name,
)
from hireplan.engine.answers.jd import degree_exception
from hireplan.engine.comp import (
    effective_arrangement,
    hybrid_uplift_applies,
    top_quartile_floor,
)
from hireplan.engine.facts import Facts, missing_essentials
from hireplan.engine.inputs import StepSlug
from hireplan.engine.plan import SEVERITY_ORDER, FailureStory, Finding, Severity
from hireplan.engine.text import day, plural, prose, usd
from hireplan.engine.timeline import estimate_timeline


@dataclass(frozen=True)
class Hit:
    title: str
    action: str
    detail: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    step: StepSlug
    severity: Severity
    claims: tuple[str, ...]
    condition: str  # one line, for docs/engine.md
    check: Callable[[Facts], Hit | None]


RULES: list[Rule] = []


def rule(
    id: str, step: StepSlug, severity: Severity, claims: list[str], condition: str
) -> Callable[[Callable[[Facts], Hit | None]], Callable[[Facts], Hit | None]]:
    def register(check: Callable[[Facts], Hit | None]) -> Callable[[Facts], Hit | None]:
        RULES.append(Rule(id, step, severity, tuple(claims), condition, check))
        return check

    return register


def failure_story(item: Rule, facts: Facts) -> FailureStory | None:
    """The guide's failure mode this finding warns of, if one fits (FM1–FM3).

    A rule ties to a failure mode by citing its claim (or by the mode's `also_with_rules`). A
    mode about two lanes (a researcher hired for production work, a production engineer for
    the platform) fits only when the plan's lanes are that very pair.
    """
    for mode in facts.ref.failure_modes.failure_modes:
        if mode.id not in item.claims and item.id not in mode.also_with_rules:
            continue
        if mode.lane_needed is not None and item.step == "lane":
            lane = facts.inp.lane
            if lane is None or lane.primary_lane != mode.lane_hired:
                continue
            if mode.lane_needed not in facts.ref.lanes_for(lane.deliverable_kind):
                continue
        return FailureStory(
            id=mode.id,
            name=mode.name,
            story=mode.story,
            cost_usd=mode.cost_usd,
            cost_note=mode.cost_note,
            lesson=mode.lesson,
            claims=mode.claims,
        )
    return None


def run_rules(facts: Facts) -> list[Finding]:
    """Every rule's finding, most severe first; findings of one severity keep the order their
    rules are declared in below (the sort is stable)."""
    findings = []
    for item in RULES:
        hit = item.check(facts)
        if hit is not None:
            findings.append(
                Finding(
                    id=item.id,
                    severity=item.severity,
                    title=hit.title,
                    action=hit.action,
                    step=item.step,
                    claims=list(item.claims),
                    detail=hit.detail,
                    failure=failure_story(item, facts),
                )
            )
    return sorted(findings, key=lambda finding: SEVERITY_ORDER[finding.severity])


def _names(lanes: list[Lane]) -> str:
    return ", ".join(lane.label for lane in lanes)


# ----------------------------------------------------------------------------- lane step
@rule(
    "lane.do_it_all",
    "lane",
    Severity.BLOCKER,
    ["L2", "L4"],
    "More than two lanes, or two lanes that are not adjacent",
)
def do_it_all(facts: Facts) -> Hit | None:
    if not facts.do_it_all:
        return None
    stall = facts.ref.timeline.do_it_all_stall.days
    return Hit(
        title=f"This req asks for {len(facts.lanes)} kinds of ML engineer at once",
        action=(
            "Keep one primary lane, with at most one adjacent lean. If the team truly needs "
            "another lane, open a second req with its own sourcing and its own band."
        ),
        detail=(
            f"Lanes asked for: {_names(facts.lanes)}. Nobody is strong in all of these at a "
            f"normal band, and a req like this splinters the pipeline and stalls past day {stall}."
        ),
    )


@rule(
    "lane.two_adjacent",
    "lane",
    Severity.ADVICE,
    ["L3", "L4"],
    "Two adjacent lanes listed side by side, with neither named as the lean",
)
def two_adjacent(facts: Facts) -> Hit | None:
    lane = facts.inp.lane
    if lane is None or lane.lean_lane is not None or len(lane.extra_lanes) != 1:
        return None
    if facts.do_it_all:
        return None
    other = lane.extra_lanes[0]
    return Hit(
        title=f"{lane.primary_lane.label} and {other.label} are listed as equals",
        action=(
            f"Make {lane.primary_lane.label} the primary lane and {other.label} the lean, "
            "or split them into two reqs."
        ),
        detail="Someone strong in two neighbouring lanes exists, but one of them leads.",
    )


@rule(
    "lane.primary_with_lean",
    "lane",
    Severity.GOOD,
    ["L2", "L3"],
    "One primary lane plus an adjacent lean, nothing more",
)
def primary_with_lean(facts: Facts) -> Hit | None:
    lane = facts.inp.lane
    if lane is None or lane.lean_lane is None or lane.extra_lanes or facts.do_it_all:
        return None
    common = {lane.primary_lane, lane.lean_lane} == {Lane.PRODUCTION_ML, Lane.MLOPS_PLATFORM}
    return Hit(
        title=f"{lane.primary_lane.label} with a lean toward {lane.lean_lane.label}: they exist",
        action="Write the JD for the primary lane and mention the lean as a plus.",
        detail=(
            "This is the pairing that wins most often in 2026."
            if common
            else "The two lanes are neighbours, so candidates with both exist."
        ),
    )


@rule(
    "lane.platform_first_hire",
    "lane",
    Severity.RISK,
    ["L7"],
    "First ML hire, primary lane MLOps / platform",
)
def platform_first_hire(facts: Facts) -> Hit | None:
    lane, context = facts.inp.lane, facts.inp.context
    if lane is None or context is None or not context.first_ml_hire:
        return None
    if lane.primary_lane != Lane.MLOPS_PLATFORM:
        return None
    return Hit(
        title="A platform engineer as the first ML hire",
        action=(
            "Hire someone who ships models first (usually a production ML engineer) and make "
            "the platform engineer the second hire."
        ),
        detail="A platform is for ML engineers to land their work on; with none yet, it waits.",
    )


@rule(
    "lane.deliverable_mismatch",
    "lane",
    Severity.BLOCKER,
    ["L5", "L8", "FM1", "FM2"],
    "The six-month deliverable fits neither the primary lane nor the lean",
)
def deliverable_mismatch(facts: Facts) -> Hit | None:
    lane = facts.inp.lane
    if lane is None:
        return None
    fits = facts.ref.lanes_for(lane.deliverable_kind)
    if lane.primary_lane in fits or lane.lean_lane in fits:
        return None
    return Hit(
        title=f"The first deliverable is {fits[0].label} work, not {lane.primary_lane.label} work",
        action=(
            f"Either change the primary lane to {_names(fits)}, or restate what the hire must "
            "deliver in six months."
        ),
        detail=(
            f"Deliverable: {lane.deliverable_kind.label.lower()}. Hiring into the wrong lane is "
            "the most common way ML hires fail: a researcher hired to run production, or a "
            "production engineer hired to build the platform."
        ),
    )


@rule(
    "lane.deliverable_fits_lean",
    "lane",
    Severity.ADVICE,
    ["L5", "FM2"],
    "The six-month deliverable fits the lean but not the primary lane",
)
def deliverable_fits_lean(facts: Facts) -> Hit | None:
    lane = facts.inp.lane
    if lane is None or lane.lean_lane is None:
        return None
    fits = facts.ref.lanes_for(lane.deliverable_kind)
    if lane.primary_lane in fits or lane.lean_lane not in fits:
        return None
    return Hit(
        title=f"The first deliverable belongs to the lean ({lane.lean_lane.label})",
        action=f"Consider making {lane.lean_lane.label} the primary lane.",
        detail="The first six months decide the hire; the lane that does that work should lead.",
    )


@rule(
    "lane.high_reliability",
    "lane",
    Severity.ADVICE,
    ["L6"],
    "SLA at or above the product's high_sla_percent (99.95%)",
)
def high_reliability(facts: Facts) -> Hit | None:
    lane = facts.inp.lane
    threshold = facts.ref.choice("high_sla_percent")
    if lane is None or lane.sla_percent is None or lane.sla_percent < threshold:
        return None
    return Hit(
        title=f"A {lane.sla_percent:g}% SLA narrows the pool and lifts the band",
        action=(
            "Budget toward the top of the band and expect fewer candidates; the guide gives "
            "no figure for either, so set your own."
        ),
        detail="Say the SLA and the on-call plainly in the JD opener.",
    )


@rule(
    "lane.internal_reliability",
    "lane",
    Severity.GOOD,
    ["L6"],
    "The model is internal and nobody is paged",
)
def internal_reliability(facts: Facts) -> Hit | None:
    lane = facts.inp.lane
    if lane is None or lane.reliability_bar != ReliabilityBar.INTERNAL:
        return None
    return Hit(
        title="An internal model with no pager: a wider band and a faster search",
        action="Say so in the JD; candidates who want less on-call will self-select in.",
    )


@rule(
    "lane.classical_only",
    "lane",
    Severity.ADVICE,
    ["L10"],
    "A classical production ML engineer: no LLM work, production ML the primary lane",
)
def classical_only(facts: Facts) -> Hit | None:
    lane = facts.inp.lane
    if lane is None or lane.llm_work != LLMWork.NONE or lane.primary_lane != Lane.PRODUCTION_ML:
        return None
    delta = facts.ref.llm_effect(LLMWork.NONE).band_delta_usd or 0
    return Hit(
        title=f"Classical ML only: a bigger pool and a band {usd(abs(delta))} lower",
        action="Keep LLM skills out of the requirements so the wider pool stays open.",
        detail="The band on this plan already takes the lower figure into account.",
    )


@rule(
    "lane.llm_and_classical",
    "lane",
    Severity.ADVICE,
    ["L10"],
    "LLM work at the core alongside classical work (strong in both)",
)
def llm_and_classical(facts: Facts) -> Hit | None:
    if facts.inp.lane is None or facts.inp.lane.llm_work != LLMWork.CORE_CLASSICAL:
        return None
    effect = facts.ref.llm_effect(LLMWork.CORE_CLASSICAL)
    return Hit(
        title=f"Both LLM and classical work: the pool is {abs(effect.pool_change_pct or 0)}% "
        "smaller and the band goes up",
        action=(
            "Check the team really needs both. If it does, add your own uplift on the "
            "compensation step: the guide gives no figure for it."
        ),
    )


@rule(
    "lane.llm_core",
    "lane",
    Severity.ADVICE,
    ["L10"],
    "LLM work is the core of the job but the primary lane is not applied LLM",
)
def llm_core(facts: Facts) -> Hit | None:
    lane = facts.inp.lane
    if lane is None or lane.llm_work != LLMWork.CORE or lane.primary_lane == Lane.APPLIED_LLM:
        return None
    return Hit(
        title="LLM features are the job: this may be an AI-engineer req",
        action="Consider the applied LLM lane, or an AI-engineer req, over an ML engineer req.",
    )


# ----------------------------------------------------------------------------- context and level
@rule(
    "fit.hire_senior",
    "comp",
    Severity.RISK,
    ["F1"],
    "Nobody runs production ML yet and the level is mid",
)
def hire_senior(facts: Facts) -> Hit | None:
    context = facts.inp.context
    if context is None or context.ml_in_seat != MLInSeat.NONE or facts.level != Level.MID:
        return None
    return Hit(
        title="A mid-level hire with no production ML in place",
        action="Hire senior. If the budget only stretches to mid-level, wait until it does.",
        detail="A mid-level engineer cannot stand up the first pipeline alone; teams pay twice.",
    )


@rule(
    "fit.mid_needs_senior",
    "comp",
    Severity.ADVICE,
    ["F1"],
    "Some production ML but no senior owner, and the level is mid",
)
def mid_needs_senior(facts: Facts) -> Hit | None:
    context = facts.inp.context
    if context is None or context.ml_in_seat != MLInSeat.SOME or facts.level != Level.MID:
        return None
    return Hit(
        title="A mid-level hire without a senior ML engineer to learn from",
        action="A mid-level hire works best once a healthy senior is in place; consider senior.",
    )


@rule(
    "fit.direct_first_hire",
    "context",
    Severity.RISK,
    ["F2"],
    "First ML hire as contract-to-hire",
)
def direct_first_hire(facts: Facts) -> Hit | None:
    context = facts.inp.context
    if context is None or not context.first_ml_hire:
        return None
    if context.hire_type != HireType.CONTRACT_TO_HIRE:
        return None
    return Hit(
        title="The first ML engineer as contract-to-hire",
        action="Make the first ML hire a direct hire; contract-to-hire can work from the second.",
        detail="The first engineer's design choices last years; a contractor weighs them less.",
    )


# ----------------------------------------------------------------------------- JD step
@rule(
    "jd.degree_gate",
    "jd",
    Severity.RISK,
    ["F3", "S8"],
    "The JD asks for an MS or PhD, the lane is not research, and the setting is not one of "
    "F3's two (healthcare imaging, risk models at a top-tier bank)",
)
def degree_gate(facts: Facts) -> Hit | None:
    jd, lane, context = facts.inp.jd, facts.inp.lane, facts.inp.context
    if jd is None or lane is None or jd.degree not in (Degree.MS, Degree.PHD):
        return None
    setting = context.regulated_setting if context is not None else RegulatedSetting.NONE
    # F3's exceptions: the research lane (primary or lean) and the two settings F3 names
    # (no other setting is one). The JD check asks the same function of the JD's text.
    if degree_exception((lane.primary_lane, lane.lean_lane), setting):
        return None
    asked = "requires a PhD" if jd.phd_required else f"asks for a {jd.degree.label}"
    detail = "Degree-first JDs draw data scientists, and the production work goes unstaffed."
    if setting == RegulatedSetting.OTHER:
        detail += (
            " The guide's exceptions are healthcare imaging and risk models at a top-tier bank;"
            " in another regulated setting, ask whether your regulator truly weighs the "
            "credential before keeping it."
        )
    return Hit(
        title=f"The JD {asked} for {lane.primary_lane.label} work",
        action=(
            "Drop the degree requirement, or move it to the end as a plus. Ask for years of "
            "shipping models to production instead."
        ),
        detail=detail,
    )


@rule(
    "jd.opener_vague",
    "jd",
    Severity.RISK,
    ["J1", "J2", "T2"],
    "The JD does not state the model and its use, the stack, or the on-call (product choice; "
    "the model, its use and the on-call read from the text once there is one)",
)
def opener_vague(facts: Facts) -> Hit | None:
    jd = facts.inp.jd
    if jd is None:
        return None
    missing = missing_essentials(jd.opener_states(), facts.ref)
    if not missing:
        return None
    return Hit(
        title="The JD opener is vague",
        action=f"Add to the first paragraph: {', '.join(missing)}.",
        detail="JDs that close fast say what the model is, what it runs on and who is on call.",
    )


@rule(
    "jd.opener_gaps",
    "jd",
    Severity.ADVICE,
    ["J2"],
    "The opener has its essentials but lacks other facts (scale, cadence, pager, incidents…)",
)
def opener_gaps(facts: Facts) -> Hit | None:
    jd = facts.inp.jd
    if jd is None:
        return None
    states = jd.opener_states()
    if missing_essentials(states, facts.ref):
        return None
    missing = [OPENER_FACTS[name] for name, stated in states.items() if not stated]
    if not missing:
        return None
    return Hit(
        title=f"The opener could say {len(missing)} more thing{'s' if len(missing) > 1 else ''}",
        action=f"Consider adding: {', '.join(missing)}.",
        detail="A complete opener lets most unsuitable applicants rule themselves out on day one.",
    )


@rule(
    "jd.opener_complete",
    "jd",
    Severity.GOOD,
    ["J2"],
    "Every opener fact is stated (the model, its use and the on-call read from the text once "
    "there is one, as the JD check reads them)",
)
def opener_complete(facts: Facts) -> Hit | None:
    jd = facts.inp.jd
    if jd is None or not all(jd.opener_states().values()):
        return None
    return Hit(
        title="The opener states every fact a candidate looks for",
        action="Keep it as the JD's first paragraph.",
    )


@rule(
    "jd.aspiration_opener",
    "jd",
    Severity.RISK,
    ["J3"],
    "The JD's first paragraph uses filler words and names none of the opener facts",
)
def aspiration_opener(facts: Facts) -> Hit | None:
    jd = facts.inp.jd
    if jd is None or "the opener is aspiration with no facts" not in facts.vague_jd_reasons:
        return None
    return Hit(
        title="The JD opens with aspiration, not facts",
        action="Replace the first paragraph with the model, the stack and the on-call.",
        detail="Words like these say nothing about the work, the tools or what the hire owns.",
    )


@rule(
    "jd.skills_order",
    "jd",
    Severity.ADVICE,
    ["J4", "S1", "S6"],
    "The ranked S1–S6 skills are not in S1–S6 order",
)
def skills_order(facts: Facts) -> Hit | None:
    jd = facts.inp.jd
    if jd is None:
        return None
    ranked = jd.skill_ids()
    if ranked == sorted(ranked, key=lambda skill: int(skill.value[1:])):
        return None
    suggested = sorted(ranked, key=lambda skill: int(skill.value[1:]))
    return Hit(
        title="The JD ranks its skills out of order",
        action="Reorder them: " + ", then ".join(skill.label for skill in suggested) + ".",
        detail="Production debugging predicts the job best; modelling depth matters, but last.",
    )


# ----------------------------------------------------------------------------- comp step
@rule(
    "comp.underpriced",
    "comp",
    Severity.RISK,
    ["C2", "T2"],
    "The proposed band's midpoint is 10% or more below the recommendation's",
)
def underpriced(facts: Facts) -> Hit | None:
    placement = facts.comp.placement if facts.comp else None
    if placement is None or not placement.underpriced:
        return None
    extension = facts.ref.extension("underpriced_band")
    return Hit(
        title=f"The band is {abs(placement.percent_vs_recommendation)}% under the recommendation",
        action=(
            f"Raise the band toward {usd(placement.recommended.low)}–"
            f"{usd(placement.recommended.high)}, or plan for a longer search."
        ),
        detail=(
            f"A band this far under adds {extension.weeks_low}–{extension.weeks_high} weeks "
            "to the search."
        ),
    )


@rule(
    "comp.posting_without_range",
    "comp",
    Severity.BLOCKER,
    ["C5"],
    "A public posting under a pay-transparency law (or nationwide remote) with no range",
)
def posting_without_range(facts: Facts) -> Hit | None:
    comp = facts.inp.comp
    if comp is None or not comp.posted_publicly or comp.has_posting_range:
        return None
    if not (comp.pay_transparency_law == PayTransparency.YES or comp.remote_nationwide):
        return None
    why = (
        "A nationwide remote posting reaches the states that require a range."
        if comp.remote_nationwide
        else "You said the posting falls under a pay-transparency law."
    )
    return Hit(
        title="The posting needs a pay range",
        action="Add a posted range that reaches the top of your band.",
        detail=why,
    )


@rule(
    "comp.pay_law_unknown",
    "comp",
    Severity.ADVICE,
    ["C5"],
    "A public posting whose pay-transparency status the user is unsure of",
)
def pay_law_unknown(facts: Facts) -> Hit | None:
    comp = facts.inp.comp
    if comp is None or not comp.posted_publicly or comp.remote_nationwide:
        return None
    if comp.pay_transparency_law != PayTransparency.UNSURE:
        return None
    states = facts.ref.comp.posting.states_requiring_range
    return Hit(
        title="Check whether the posting must show a range",
        action=(
            f"The guide counts {states} states that require a range on remote postings but does "
            "not name them: check the states you post in, then answer the question."
        ),
    )


@rule(
    "comp.posting_below_top",
    "comp",
    Severity.RISK,
    ["C5"],
    "The posted range stops below the top of the proposed band",
)
def posting_below_top(facts: Facts) -> Hit | None:
    comp = facts.inp.comp
    if comp is None or not comp.has_posting_range or not comp.has_band:
        return None
    if comp.posting_high_usd >= comp.band_high_usd:  # type: ignore[operator]
        return None
    midpoint = (comp.band_low_usd + comp.band_high_usd) // 2  # type: ignore[operator]
    at_mid = comp.posting_high_usd <= midpoint  # type: ignore[operator]
    return Hit(
        title=(
            "The posting tops out at the band's midpoint"
            if at_mid
            else "The posting stops short of the top of the band"
        ),
        action=f"Post up to {usd(comp.band_high_usd)}, the top of your band.",  # type: ignore[arg-type]
        detail="Candidates negotiate against the posted range wherever they are.",
    )


@rule(
    "comp.hybrid_uplift",
    "comp",
    Severity.ADVICE,
    ["C6"],
    "Hybrid with two or three office days in the Bay Area or Bellevue",
)
def hybrid_uplift(facts: Facts) -> Hit | None:
    comp = facts.inp.comp
    if comp is None or not hybrid_uplift_applies(comp, facts.ref):
        return None
    uplift = facts.ref.comp.hybrid_uplift
    return Hit(
        title=f"Hybrid here costs {uplift.pct_low}–{uplift.pct_high}% more",
        action=(
            "The band includes the uplift. Remote with quarterly onsite weeks would close "
            "faster at the same base."
        ),
    )


@rule(
    "comp.in_office",
    "comp",
    Severity.ADVICE,
    ["C6"],
    "Full in-office (including hybrid at full_office_days) in a tier-two metro (Hireplan's "
    "reading: the guide's metros outside the Bay Area and Bellevue)",
)
def in_office(facts: Facts) -> Hit | None:
    comp = facts.inp.comp
    if comp is None or effective_arrangement(comp, facts.ref) != Arrangement.IN_OFFICE:
        return None
    # C6 says this of a tier-two metro, not of the Bay Area or Bellevue.
    if not facts.ref.metro(comp.metro).tier_two:
        return None
    pool = facts.ref.comp.remote_pool
    return Hit(
        title=f"Full in-office in {facts.comp.metro_name if facts.comp else 'this metro'} is "
        "the hardest setup to fill",
        action=(
            f"If the team can, offer remote: it makes the pool {pool.multiplier_low} to "
            f"{pool.multiplier_high} times larger."
        ),
    )


# ----------------------------------------------------------------------------- loop step
@rule(
    "loop.too_few_rounds",
    "loop",
    Severity.RISK,
    ["LP1"],
    "Fewer than four rounds (five for senior)",
)
def too_few_rounds(facts: Facts) -> Hit | None:
    loop = facts.inp.loop
    if loop is None:
        return None
    counts = facts.ref.loops.round_counts
    needed = counts.senior if facts.level == Level.SENIOR else counts.mid
    if len(loop.rounds) >= needed:
        return None
    level = facts.level.label.lower() if facts.level else "this"
    return Hit(
        title=f"{len(loop.rounds)} rounds: a {level} loop needs {needed}",
        action="Add the missing rounds from the suggested loop on this page.",
    )


@rule(
    "loop.untested_skill",
    "loop",
    Severity.RISK,
    ["LP1", "J4"],
    "One of the JD's top three ranked skills (product choice), the guide's or the team's own, "
    "is tested by no round",
)
def untested_skill(facts: Facts) -> Hit | None:
    loop, jd = facts.inp.loop, facts.inp.jd
    if loop is None or jd is None:
        return None
    # The top of the JD's whole ranking, the team's own skills included (J4 ranks them all).
    top = jd.ranked_skills[: facts.ref.choice("loop_skills_checked")]
    tested = {skill_key(skill) for round_ in loop.rounds for skill in round_.skills_tested}
    untested = [skill for skill in top if skill_key(skill) not in tested]
    if not untested:
        return None
    # The team's own skills in quotes: their words, not the guide's.
    names = prose(
        skill_name(skill) if skill in SkillId.__members__ else f"“{skill}”" for skill in untested
    )
    return Hit(
        title=f"No round tests {names}",
        action="Give each of the JD's top skills a round that tests it.",
        detail="A skill the JD says matters, and no round checks, is a guess at the offer stage.",
    )


@rule(
    "loop.candidate_hours",
    "loop",
    Severity.ADVICE,
    ["LP3"],
    "Total candidate time outside four to six hours",
)
def candidate_hours(facts: Facts) -> Hit | None:
    loop = facts.inp.loop
    if loop is None:
        return None
    effort = facts.ref.loops.candidate_effort
    minutes = loop.candidate_minutes
    if effort.hours_low * 60 <= minutes <= effort.hours_high * 60:
        return None
    hours = f"{minutes / 60:.1f}".removesuffix(".0")
    return Hit(
        title=f"The loop asks {hours} hours of the candidate",
        action=f"Aim for {effort.hours_low} to {effort.hours_high} hours in total.",
    )


@rule(
    "loop.one_day",
    "loop",
    Severity.RISK,
    ["LP3", "LP4", "FM3"],
    "The loop runs within one day (product choice one_day_loop_days)",
)
def one_day(facts: Facts) -> Hit | None:
    loop = facts.inp.loop
    if loop is None or loop.days > facts.ref.choice("one_day_loop_days"):
        return None
    weeks = facts.ref.loops.candidate_effort.spread_weeks
    return Hit(
        title="The whole loop runs in one day",
        action=f"Spread the rounds over about {weeks} weeks.",
        detail="Compressed loops lose candidates to slower competitors, even ones paying less.",
    )


@rule(
    "loop.take_home_debugging",
    "loop",
    Severity.RISK,
    ["LP4", "FM3"],
    "The debugging round is a take-home, or a take-home stands where no live debugging round is",
)
def take_home_debugging(facts: Facts) -> Hit | None:
    loop = facts.inp.loop
    if loop is None:
        return None
    debugging = [r for r in loop.rounds if r.kind == RoundKind.PRODUCTION_DEBUGGING]
    take_homes = [r for r in loop.rounds if r.format == RoundFormat.TAKE_HOME]
    live_debugging = [r for r in debugging if r.format == RoundFormat.LIVE]
    if not take_homes or live_debugging:
        return None
    return Hit(
        title="A take-home stands in for the live debugging round",
        action="Run production debugging live, with engineers in the room.",
        detail="Senior candidates tend to turn take-homes down and accept an offer elsewhere.",
    )


# ----------------------------------------------------------------------------- offer step
@rule(
    "offer.late",
    "offer",
    Severity.RISK,
    ["O2", "O1"],
    "The offer goes out more than 48 hours after the final round",
)
def late_offer(facts: Facts) -> Hit | None:
    offer = facts.inp.offer
    limit = facts.ref.checklist_item("offer_within").hours or 0
    if offer is None or offer.offer_hours_after_final_round <= limit:
        return None
    return Hit(
        title=f"The offer lands {offer.offer_hours_after_final_round} hours after the last round",
        action=f"Send it within {limit} hours: senior candidates hold other offers.",
    )


@rule(
    "offer.no_walkthrough",
    "offer",
    Severity.RISK,
    ["O2"],
    "No same-day recruiter walk-through of the offer",
)
def no_walkthrough(facts: Facts) -> Hit | None:
    offer = facts.inp.offer
    if offer is None or offer.same_day_walkthrough:
        return None
    return Hit(
        title="Nobody walks the candidate through the offer the day it lands",
        action="Have the recruiter call the same day to go through it.",
    )


@rule(
    "offer.no_hm_call",
    "offer",
    Severity.RISK,
    ["O2"],
    "No hiring-manager call within 72 hours of the offer",
)
def no_hm_call(facts: Facts) -> Hit | None:
    offer = facts.inp.offer
    limit = facts.ref.checklist_item("hm_call_within").hours or 0
    if offer is None:
        return None
    hours = offer.hm_call_within_hours
    if hours is not None and hours <= limit:
        return None
    return Hit(
        title=(
            "No hiring-manager call is planned"
            if hours is None
            else f"The hiring manager calls {hours} hours after the offer"
        ),
        action=f"Have the hiring manager call within {limit} hours about the first 90 days.",
    )


@rule(
    "offer.base_below_top_quartile",
    "offer",
    Severity.RISK,
    ["C7"],
    "The offer's base is below the top quarter of the band",
)
def base_below_top_quartile(facts: Facts) -> Hit | None:
    offer, comp = facts.inp.offer, facts.inp.comp
    if offer is None or offer.offer_base_usd is None or facts.comp is None or comp is None:
        return None
    if comp.has_band:
        low, high = comp.band_low_usd, comp.band_high_usd
    else:
        low, high = facts.comp.band.low, facts.comp.band.high
    floor = top_quartile_floor(low, high)  # type: ignore[arg-type]
    if offer.offer_base_usd >= floor:
        return None
    return Hit(
        title=f"The base of {usd(offer.offer_base_usd)} sits below the band's top quarter",
        action=f"Offer at least {usd(floor)}.",
    )


@rule(
    "offer.approval_late",
    "offer",
    Severity.RISK,
    ["O2"],
    "Sign-off takes longer after the final round than the offer's own deadline",
)
def approval_late(facts: Facts) -> Hit | None:
    offer = facts.inp.offer
    if offer is None or offer.approval_hours is None:
        return None
    if offer.approval_hours <= offer.offer_hours_after_final_round:
        return None
    return Hit(
        title=(
            f"Sign-off takes {plural(offer.approval_hours, 'hour')}, past the "
            f"{offer.offer_hours_after_final_round}-hour deadline for the offer"
        ),
        action=(
            "Have the band's top quarter and the equity budget approved before the final "
            "round, so the offer needs no new sign-off."
        ),
    )


@rule(
    "offer.nominal_equity",
    "offer",
    Severity.RISK,
    ["C8"],
    "Equity compared by nominal grant",
)
def nominal_equity(facts: Facts) -> Hit | None:
    offer = facts.inp.offer
    if offer is None or not offer.equity_compared_by_nominal_grant:
        return None
    years = facts.ref.offer.equity.years
    return Hit(
        title="Equity is compared by the size of the grant",
        action=(
            f"Compare what vests over the next {years} years with what the candidate would "
            "leave unvested."
        ),
    )


@rule(
    "offer.equity_short",
    "offer",
    Severity.RISK,
    ["C8"],
    "The offer vests less over four years than the candidate would leave behind",
)
def equity_short(facts: Facts) -> Hit | None:
    equity, offer = facts.equity, facts.inp.offer
    if equity is None or offer is None or not offer.current_grants or not offer.has_offer_equity:
        return None
    if equity.gap <= 0:
        return None
    years = facts.ref.offer.equity.years
    return Hit(
        title=f"The candidate would walk away from {usd(equity.gap)} more than the offer vests",
        action="Close the gap with equity, a sign-on bonus, or both.",
        detail=(
            f"Over the {years} years from the start: {usd(equity.current_total)} left behind "
            f"against {usd(equity.offer_total)} from the offer, from the grants you entered."
        ),
    )


def _rush_for_scale(facts: Facts) -> str:
    """The guide's cost of a rushed start, as context wherever a rush is planned (C9)."""
    rush = facts.ref.offer.start_date
    return (
        f"For scale, the guide puts the usual cost of a {rush.rush_weeks}-week rush at "
        f"{usd(rush.walked_equity_low)}–{usd(rush.walked_equity_high)} of the candidate's "
        "equity."
    )


VEST_WORDS = {
    "cliff": "the cliff",
    "monthly": "a monthly vest",
    "quarterly": "a quarterly vest",
    "annual": "the yearly vest",
}


@rule(
    "offer.walked_vest",
    "offer",
    Severity.RISK,
    ["C9"],
    "The proposed start (offer step, else the sourcing target) gives up a current grant's "
    "next vest: a cliff still ahead of it, or a vest within two weeks after it (Hireplan's rule)",
)
def walked_vest(facts: Facts) -> Hit | None:
    equity, offer = facts.equity, facts.inp.offer
    if facts.start_date is None or equity is None or offer is None or not equity.given_up:
        return None
    given_up, several = equity.given_up, len(offer.current_grants) > 1
    total = sum(vest.amount for vest in given_up)
    keep = max(given_up, key=lambda vest: vest.on)
    vests = [
        f"{VEST_WORDS[vest.kind]}{f' of grant {vest.grant}' if several else ''}, "
        f"{usd(vest.amount)} on {day(vest.on)}"
        for vest in given_up
    ]
    rush = facts.ref.offer.start_date.rush_weeks
    return Hit(
        title=(
            f"Starting on {day(equity.start)} gives up {usd(total)} that vests on "
            f"{prose(day(on) for on in sorted({vest.on for vest in given_up}))}"
        ),
        action=(
            f"Move the start {plural(keep.days_to_keep, 'day')} later, to {day(keep.keep_from)}, "
            f"so the candidate leaves after {'it vests' if len(given_up) == 1 else 'they vest'}."
        ),
        detail=(
            f"The candidate is gone by the start day, so a vest on or after it stays behind: "
            f"{'; '.join(vests)}. Hireplan's rule: a vest counts as given up when it is a cliff "
            f"still ahead of the start, however far, or falls within {plural(rush, 'week')} "
            f"after it, the guide's rushed start. {_rush_for_scale(facts)}"
        ),
    )


@rule(
    "offer.notice_ignored",
    "offer",
    Severity.RISK,
    ["C9"],
    "The start is sooner after acceptance than the candidate's notice period",
)
def notice_ignored(facts: Facts) -> Hit | None:
    offer, sourcing = facts.inp.offer, facts.inp.sourcing
    if offer is None or offer.start_weeks_after_acceptance is None:
        return None
    if sourcing is None or sourcing.notice_period_weeks is None:
        return None
    if offer.start_weeks_after_acceptance >= sourcing.notice_period_weeks:
        return None
    return Hit(
        title=(
            f"A start {offer.start_weeks_after_acceptance} weeks after acceptance leaves no "
            f"room for a {sourcing.notice_period_weeks}-week notice period"
        ),
        action=f"Allow at least {sourcing.notice_period_weeks} weeks between acceptance and start.",
        detail=(
            "Cutting the notice short rushes the candidate out of their current job. "
            + _rush_for_scale(facts)
        ),
    )


# ----------------------------------------------------------------------------- sourcing step
@rule(
    "sourcing.staffing_partner",
    "sourcing",
    Severity.ADVICE,
    ["T3"],
    "Open over 45 days, a recruiter with no ML network, or a senior (mostly passive) search",
)
def staffing_partner(facts: Facts) -> Hit | None:
    if facts.inp.sourcing is None or not facts.staffing_partner_reasons:
        return None
    return Hit(
        title="Consider bringing in a staffing partner",
        action="Talk to a partner with a book of ML engineers before the search goes quiet.",
        detail="Why: " + "; ".join(facts.staffing_partner_reasons) + ".",
    )


@rule(
    "sourcing.posting_only",
    "sourcing",
    Severity.RISK,
    ["SO1"],
    "The plan is to post the job and wait, with no passive outreach (outreach share 0%)",
)
def posting_only(facts: Facts) -> Hit | None:
    sourcing = facts.inp.sourcing
    if sourcing is None or sourcing.passive_outreach:
        return None
    reach = next(s.percent for s in facts.ref.sourcing.shares if s.id == "posting_reach")
    return Hit(
        title=f"Posting and waiting reaches about {reach}% of the realistic pool",
        action="Reach out to passive candidates, starting with the first pools listed.",
    )


@rule(
    "sourcing.start_too_soon",
    "sourcing",
    Severity.RISK,
    ["T1", "C9"],
    "The target start date comes before the earliest start the timeline allows",
)
def start_too_soon(facts: Facts) -> Hit | None:
    sourcing = facts.inp.sourcing
    if sourcing is None or sourcing.target_start_date is None:
        return None
    timeline = estimate_timeline(facts)
    if sourcing.target_start_date >= timeline.start_low:
        return None
    weeks = -(-(timeline.start_low - sourcing.target_start_date).days // 7)
    notice = (
        f" plus a {sourcing.notice_period_weeks}-week notice period"
        if sourcing.notice_period_weeks
        else ""
    )
    return Hit(
        title=f"The target start is about {weeks} week{'s' if weeks > 1 else ''} too early",
        action=f"Aim for {day(timeline.start_low)} or later.",
        detail=(
            f"The search is expected to take {timeline.expected_low_weeks} weeks to an accepted "
            f"offer{notice}."
        ),
    )


def rule_ids() -> list[str]:
    return [item.id for item in RULES]
