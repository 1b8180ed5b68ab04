"""compute_plan: the answers in, the whole hiring plan out. Pure: no ORM, no request."""

from collections import Counter

from hireplan.engine.comp import recommend_comp
from hireplan.engine.facts import (
    Facts,
    equity_comparison,
    is_do_it_all,
    llm_work_of,
    proposed_start,
    staffing_partner_reasons,
    vague_jd_reasons,
)
from hireplan.engine.inputs import EngagementInput
from hireplan.engine.plan import GuideInfo, HiringPlan, Severity
from hireplan.engine.reference import Reference
from hireplan.engine.rules import run_rules
from hireplan.engine.sections import assess_lane, check_loop, plan_offer, plan_sourcing
from hireplan.engine.timeline import estimate_timeline


def derive_facts(inp: EngagementInput, ref: Reference) -> Facts:
    comp = recommend_comp(inp, ref)
    level = inp.comp.level if inp.comp is not None else None
    work, _ = llm_work_of(inp)
    days_open = None
    if inp.context is not None and inp.context.search_open_since is not None:
        days_open = max(0, (inp.today - inp.context.search_open_since).days)
    start, basis = proposed_start(inp)
    return Facts(
        inp=inp,
        ref=ref,
        level=level,
        lanes=inp.lane.lanes if inp.lane is not None else [],
        do_it_all=inp.lane is not None and is_do_it_all(inp.lane, ref),
        llm_work=work,
        comp=comp,
        vague_jd_reasons=vague_jd_reasons(inp, ref),
        underpriced=bool(comp and comp.placement and comp.placement.underpriced),
        days_open=days_open,
        staffing_partner_reasons=staffing_partner_reasons(inp, ref, level, days_open),
        start_date=start,
        start_basis=basis,
        equity=equity_comparison(inp, ref, start),
    )


def compute_plan(inp: EngagementInput, ref: Reference) -> HiringPlan:
    """The hiring plan for whatever steps are saved; steps not yet saved add no findings."""
    facts = derive_facts(inp, ref)
    findings = run_rules(facts)
    counts = Counter(finding.severity for finding in findings)
    guide = ref.guide
    return HiringPlan(
        guide=GuideInfo(
            title=guide.title,
            edition=guide.edition,
            author=guide.author,
            publisher=guide.publisher,
            date=guide.date,
        ),
        today=inp.today,
        steps_saved=inp.steps_saved,
        unreadable_steps=inp.unreadable_steps,
        lane=assess_lane(facts),
        compensation=facts.comp,
        timeline=estimate_timeline(facts),
        loop=check_loop(facts),
        sourcing=plan_sourcing(facts),
        offer=plan_offer(facts),
        findings=findings,
        counts={severity: counts.get(severity, 0) for severity in Severity},
    )
