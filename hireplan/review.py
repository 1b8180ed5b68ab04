"""The review step: the whole plan on one page before it goes to the recruiter.

The page itself is served by the generic step view (the step has no answers of its own);
`build_review` gathers what it shows, and `submit_for_review` moves the plan from draft (or
changes requested) to in review, which is what the recruiter's list of plans shows.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from hireplan import access
from hireplan.access import AuthenticatedRequest
from hireplan.engine import Finding, HiringPlan, Severity, build_input
from hireplan.engine.inputs import EngagementInput
from hireplan.forms import CommentForm
from hireplan.models import Engagement, Membership
from hireplan.wizard import Step
from hireplan.workflow import Action, TransitionRefused, change_status


def _conversation(engagement: Engagement | None, plan: HiringPlan, form: object) -> dict:
    """The comment thread shared with the recruiter and the briefs made so far."""
    if engagement is None:
        return {}
    return {
        "comments": engagement.comments.select_related("author"),
        "comment_form": CommentForm(),
        "briefs": engagement.briefs.select_related("requested_by")[:20],
    }


REVIEW = Step(
    slug="review",
    title="Review",
    summary="The whole plan, its findings, and sending it to the recruiter.",
    template_name="hireplan/review_step.html",
    extra_context=_conversation,
)


def _usd(amount: int | None) -> str:
    return "—" if amount is None else f"${amount:,}"


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}".removesuffix(".0")


@dataclass
class StepSummary:
    slug: str
    title: str
    url: str
    saved: bool
    problem: str = ""  # saved answers that no longer fit the step's form
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Missing:
    text: str
    url: str


@dataclass
class FindingView:
    finding: Finding
    step_title: str
    step_url: str


@dataclass
class Review:
    steps: list[StepSummary]
    groups: list[tuple[Severity, list[FindingView]]]
    missing: list[Missing]
    unsaved: list[StepSummary]
    can_submit: bool
    submit_blocked_because: str
    blockers: int


def _context_lines(inp: EngagementInput) -> list[tuple[str, str]]:
    c = inp.context
    if c is None:
        return []
    return [
        ("Role", c.role_title),
        ("Company", f"{c.company_stage.label}, {c.industry}"),
        ("Production ML today", c.ml_in_seat.label),
        ("First ML hire", _yes(c.first_ml_hire)),
        ("Hire type", c.hire_type.label),
        ("Search open since", c.search_open_since.isoformat() if c.search_open_since else "—"),
    ]


def _lane_lines(inp: EngagementInput, plan: HiringPlan) -> list[tuple[str, str]]:
    lane = inp.lane
    if lane is None:
        return []
    lanes = lane.primary_lane.label
    if lane.lean_lane is not None:
        lanes += f", leaning {lane.lean_lane.label}"
    if lane.extra_lanes:
        lanes += " + " + ", ".join(extra.label for extra in lane.extra_lanes)
    reliability = lane.reliability_bar.label
    if lane.sla_percent is not None:
        reliability += f" ({lane.sla_percent:g}%)"
    return [
        ("Lane", lanes),
        ("First six months", lane.deliverable),
        ("Reliability", reliability),
        ("LLM work", lane.llm_work.label),
    ]


def _comp_lines(inp: EngagementInput, plan: HiringPlan) -> list[tuple[str, str]]:
    comp = inp.comp
    if comp is None:
        return []
    lines = [("Level", comp.level.label), ("Arrangement", comp.arrangement.label)]
    if plan.compensation is not None:
        band = plan.compensation.band
        lines.append(("Recommended band", f"{_usd(band.low)}–{_usd(band.high)}"))
    if comp.has_band:
        lines.append(("Your band", f"{_usd(comp.band_low_usd)}–{_usd(comp.band_high_usd)}"))
    if comp.has_posting_range:
        posting = f"{_usd(comp.posting_low_usd)}–{_usd(comp.posting_high_usd)}"
        lines.append(("Posted range", posting))
    return lines


def _jd_lines(inp: EngagementInput) -> list[tuple[str, str]]:
    jd = inp.jd
    if jd is None:
        return []
    facts = jd.opener_facts()
    given = sum(1 for value in facts.values() if value)
    return [
        ("Opener", f"{given} of {len(facts)} facts given"),
        ("Skills, in order", ", ".join(jd.ranked_skills) or "—"),
        ("Degree asked for", jd.degree.label),
    ]


def _loop_lines(inp: EngagementInput) -> list[tuple[str, str]]:
    loop = inp.loop
    if loop is None:
        return []
    span = f"over {loop.days} days" if loop.spread.value == "custom" else loop.spread.label.lower()
    return [
        ("Rounds", f"{len(loop.rounds)}: " + ", ".join(r.title for r in loop.rounds)),
        ("Candidate time", f"{_hours(loop.candidate_minutes)} hours, {span}"),
    ]


def _sourcing_lines(inp: EngagementInput, plan: HiringPlan) -> list[tuple[str, str]]:
    sourcing = inp.sourcing
    if sourcing is None:
        return []
    timeline = plan.timeline
    weeks = (
        f"{timeline.expected_low_weeks} weeks"
        if timeline.expected_low_weeks == timeline.expected_high_weeks
        else f"{timeline.expected_low_weeks}–{timeline.expected_high_weeks} weeks"
    )
    notice = sourcing.notice_period_weeks
    return [
        ("Recruiter knows ML engineers", _yes(sourcing.recruiter_has_ml_network)),
        ("Effort on outreach", f"{sourcing.outreach_share_pct}%"),
        ("Notice period", f"{notice} weeks" if notice is not None else "—"),
        ("To an accepted offer", weeks),
        ("Earliest start", timeline.start_low.isoformat()),
        (
            "Target start",
            sourcing.target_start_date.isoformat() if sourcing.target_start_date else "—",
        ),
    ]


def _offer_lines(inp: EngagementInput, plan: HiringPlan) -> list[tuple[str, str]]:
    offer = inp.offer
    if offer is None:
        return []
    lines = [
        ("Offer out", f"{offer.offer_hours_after_final_round} hours after the final round"),
        ("Same-day walk-through", _yes(offer.same_day_walkthrough)),
        ("Base", _usd(offer.offer_base_usd)),
    ]
    equity = plan.offer.equity
    if equity is not None and equity.has_current and equity.has_offer:
        lines.append(
            (
                f"Equity over {len(equity.years)} years",
                f"offer {_usd(equity.offer_total_usd)} against "
                f"{_usd(equity.current_total_usd)} left behind",
            )
        )
    if offer.start_date is not None:
        lines.append(("Start date", offer.start_date.isoformat()))
    if offer.competing_offers:
        lines.append(("Competing offers", str(len(offer.competing_offers))))
    return lines


def _missing_inputs(inp: EngagementInput, urls: dict[str, str]) -> list[Missing]:
    """Optional answers the plan would be sharper with; the guide has no figure for them."""
    missing = []
    if inp.comp is not None and not inp.comp.has_band:
        missing.append(Missing("Your proposed band (compensation)", urls["comp"]))
    if inp.sourcing is not None:
        if inp.sourcing.notice_period_weeks is None:
            missing.append(Missing("The candidate's notice period (sourcing)", urls["sourcing"]))
        if inp.sourcing.target_start_date is None:
            missing.append(Missing("A target start date (sourcing)", urls["sourcing"]))
    if inp.offer is not None:
        if inp.offer.offer_base_usd is None:
            missing.append(Missing("The offered base (offer)", urls["offer"]))
        if not inp.offer.current_grants:
            missing.append(Missing("The candidate's current equity (offer)", urls["offer"]))
        if not inp.offer.has_offer_equity:
            missing.append(Missing("The offer's equity grant (offer)", urls["offer"]))
    return missing


def _plan_steps() -> list[Step]:
    from hireplan.steps import STEPS  # the step list imports this module

    return [step for step in STEPS if step.slug != REVIEW.slug]


def build_review(engagement: Engagement, plan: HiringPlan) -> Review:
    inp = build_input(engagement.answers, today=plan.today)
    problems = {problem.step: problem.error for problem in inp.unreadable_steps}
    lines = {
        "context": _context_lines(inp),
        "lane": _lane_lines(inp, plan),
        "comp": _comp_lines(inp, plan),
        "jd": _jd_lines(inp),
        "loop": _loop_lines(inp),
        "sourcing": _sourcing_lines(inp, plan),
        "offer": _offer_lines(inp, plan),
    }
    steps = []
    for step in _plan_steps():
        saved = engagement.has_answers(step.slug) and step.slug not in problems
        steps.append(
            StepSummary(
                slug=step.slug,
                title=step.title,
                url=step.url(engagement),
                saved=saved,
                problem=problems.get(step.slug, ""),
                lines=lines.get(step.slug, []) if saved else [],
            )
        )
    unsaved = [summary for summary in steps if not summary.saved]
    by_slug = {summary.slug: summary for summary in steps}
    groups = [
        (
            severity,
            [
                FindingView(f, by_slug[f.step].title, by_slug[f.step].url)
                for f in plan.findings
                if f.severity == severity
            ],
        )
        for severity in Severity
    ]
    urls = {summary.slug: summary.url for summary in steps}
    blocked = submit_refusal(engagement, unsaved)
    return Review(
        steps=steps,
        groups=[(severity, found) for severity, found in groups if found],
        missing=_missing_inputs(inp, urls),
        unsaved=unsaved,
        can_submit=not blocked,
        submit_blocked_because=blocked,
        blockers=plan.counts.get(Severity.BLOCKER, 0),
    )


def submit_refusal(engagement: Engagement, unsaved: list[StepSummary]) -> str:
    """Why the plan cannot go for review now, in the manager's words; empty when it can."""
    if engagement.status not in Engagement.EDITABLE_STATUSES:
        return f"This plan is {engagement.get_status_display().lower()}."
    if unsaved:
        names = ", ".join(summary.title.lower() for summary in unsaved)
        verb = "needs" if len(unsaved) == 1 else "need"
        return f"Answer every step first: {names} still {verb} answers."
    return ""


def _unsaved_steps(engagement: Engagement) -> list[StepSummary]:
    inp = build_input(engagement.answers, today=timezone.localdate())
    unreadable = {problem.step for problem in inp.unreadable_steps}
    return [
        StepSummary(slug=step.slug, title=step.title, url=step.url(engagement), saved=False)
        for step in _plan_steps()
        if not engagement.has_answers(step.slug) or step.slug in unreadable
    ]


@require_POST
def submit_for_review(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Draft or changes requested → in review, through the plan's workflow (which records the
    move and tells the recruiter). Only the company's hiring managers may send, and only a
    plan whose every step is answered."""
    engagement = access.get_engagement(request.user, engagement_id)
    if engagement.viewer_role != Membership.Role.HIRING_MANAGER:
        raise PermissionDenied("Only the plan's hiring manager can send it for review.")
    refusal = submit_refusal(engagement, _unsaved_steps(engagement))
    if refusal:
        messages.error(request, f"{refusal} Nothing was sent.")
        return redirect(REVIEW.url(engagement))
    try:
        # The workflow locks the row and checks the status again, so two clicks send once.
        change_status(engagement, Action.SUBMIT, request.user, role=engagement.viewer_role)
    except TransitionRefused as refused:
        messages.error(request, f"{refused} Nothing was sent.")
    else:
        messages.success(
            request,
            "Sent for review. Your recruiter now sees the plan as in review; its answers "
            "are locked until they reply.",
        )
    return redirect(REVIEW.url(engagement))
