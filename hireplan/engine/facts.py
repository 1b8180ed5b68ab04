"""Facts derived once from the answers and shared by the plan's sections and the rules.

Each helper returns what it can from the steps that are saved and None (or empty) otherwise,
so a half-filled engagement yields a half-filled plan rather than an error.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from hireplan.engine.answers import OPENER_FACTS, JDAnswers, Lane, LaneAnswers, Level, LLMWork
from hireplan.engine.equity import Comparison, Grant, OfferGrant, compare
from hireplan.engine.inputs import EngagementInput, StepSlug
from hireplan.engine.plan import CompRecommendation
from hireplan.engine.reference import Reference


def llm_work_of(inp: EngagementInput) -> tuple[LLMWork | None, StepSlug | None]:
    """The lane step's answer is the considered one; the context step's is the first guess."""
    if inp.lane is not None:
        return inp.lane.llm_work, "lane"
    if inp.context is not None:
        return inp.context.llm_work, "context"
    return None, None


def is_do_it_all(lane: LaneAnswers, ref: Reference) -> bool:
    """More than two lanes, or two that are not adjacent (L2, L4)."""
    lanes = lane.lanes
    if len(lanes) > 2:
        return True
    return len(lanes) == 2 and ref.adjacency(lanes[0], lanes[1]) is None


def first_paragraph(markdown: str) -> str:
    """The JD's opener: its first paragraph of prose, headings skipped."""
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [line for line in block.splitlines() if not line.lstrip().startswith("#")]
        text = " ".join(line.strip() for line in lines).strip()
        if text:
            return text
    return ""


def aspiration_terms_in(text: str, ref: Reference) -> list[str]:
    lowered = text.casefold()
    return [term for term in ref.choice("aspiration_terms") if term in lowered]


def is_aspiration_only(jd: JDAnswers, ref: Reference) -> bool:
    """The opener uses filler words and names none of the concrete facts the JD step holds (J3)."""
    opener = first_paragraph(jd.jd_markdown)
    if not opener or not aspiration_terms_in(opener, ref):
        return False
    concrete = [value for value in jd.opener_facts().values() if value]
    lowered = opener.casefold()
    return not any(value.casefold() in lowered for value in concrete)


def missing_essentials(states: dict[str, bool], ref: Reference) -> list[str]:
    """The product's J1 essentials (product choice vague_jd_facts) the JD does not state, by
    `JDAnswers.opener_states`: once there is text, the text decides the model, its use and the
    on-call, as in the JD check; the answers decide the rest. The timeline's T2 delay, the
    step's advice and the JD check all read this one answer."""
    missing = []
    for name in ref.choice("vague_jd_facts"):
        if name == "framework_or_serving_stack":
            if not (states["framework"] or states["serving_stack"]):
                missing.append("framework or serving stack")
        elif not states[name]:
            missing.append(OPENER_FACTS[name])
    return missing


def vague_jd_reasons(inp: EngagementInput, ref: Reference) -> list[str]:
    """Why the JD counts as vague for the timeline (T2); empty when it is not, or not saved."""
    if inp.jd is None:
        return []
    reasons = []
    missing = missing_essentials(inp.jd.opener_states(), ref)
    if missing:
        reasons.append("the opener does not give " + ", ".join(missing))
    if is_aspiration_only(inp.jd, ref):
        reasons.append("the opener is aspiration with no facts")
    return reasons


def staffing_partner_reasons(
    inp: EngagementInput, ref: Reference, level: Level | None, days_open: int | None
) -> list[str]:
    """The T3 triggers that hold for this search."""
    reasons = []
    limit = ref.timeline.staffing_partner.open_days_over
    if days_open is not None and days_open > limit:
        reasons.append(f"the search has been open {days_open} days, past {limit}")
    if inp.sourcing is not None and not inp.sourcing.recruiter_has_ml_network:
        reasons.append("the recruiter has no existing network of ML engineers to call")
    if level == Level.SENIOR:
        reasons.append("the role is senior, so most of the candidates are passive")
    return reasons


StartBasis = Literal["offer", "sourcing", "today"]


def proposed_start(inp: EngagementInput) -> tuple[date | None, StartBasis]:
    """The start date the plan works to: the offer's, else the sourcing step's target."""
    if inp.offer is not None and inp.offer.start_date is not None:
        return inp.offer.start_date, "offer"
    if inp.sourcing is not None and inp.sourcing.target_start_date is not None:
        return inp.sourcing.target_start_date, "sourcing"
    return None, "today"


def equity_comparison(
    inp: EngagementInput, ref: Reference, start: date | None
) -> Comparison | None:
    """C8/C9 arithmetic on the offer step's grants; None until there is something to compare.
    The rush a start is judged against is the guide's (C9, `ref.offer.start_date`)."""
    offer = inp.offer
    if offer is None or not (offer.current_grants or offer.has_offer_equity):
        return None
    grants = [
        Grant(
            value=grant.value_usd,
            years=grant.vesting_years,
            vesting_start=grant.vesting_start,
            schedule=grant.schedule.value,
            cliff_months=grant.cliff_months,
            vested=grant.vested_usd,
        )
        for grant in offer.current_grants
    ]
    offered = None
    if offer.has_offer_equity:
        offered = OfferGrant(
            value=offer.offer_equity_usd or 0,
            yearly_pct=tuple(offer.offer_vesting_pct),
            cliff_months=offer.offer_cliff_months or 0,
        )
    return compare(
        grants,
        offered,
        today=inp.today,
        start=start,
        rush_weeks=ref.offer.start_date.rush_weeks,
    )


@dataclass(frozen=True)
class Facts:
    """Everything the rules look at, computed once per plan."""

    inp: EngagementInput
    ref: Reference
    level: Level | None
    lanes: list[Lane]
    do_it_all: bool
    llm_work: LLMWork | None  # the lane step's answer, else the context step's (comp lines)
    comp: CompRecommendation | None
    vague_jd_reasons: list[str]
    underpriced: bool
    days_open: int | None
    staffing_partner_reasons: list[str]
    start_date: date | None  # the proposed start (offer step, else sourcing target)
    start_basis: StartBasis
    equity: Comparison | None
