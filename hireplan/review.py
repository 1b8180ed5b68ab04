"""The review step: the whole plan on one page before it goes to the recruiter.

The page itself is served by the generic step view (the step has no answers of its own); its
`extra_context` gathers what it shows (`build_review`: each step's summary rows, the findings,
what is missing), and `submit_for_review` moves the plan from draft (or changes requested) to
in review, which is what the recruiter's list of plans shows.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from hireplan import access, change_requests
from hireplan.access import AuthenticatedRequest
from hireplan.engine import Finding, HiringPlan, Severity, build_input
from hireplan.engine.inputs import EngagementInput
from hireplan.forms import CommentForm
from hireplan.models import Brief, Engagement, Membership
from hireplan.quick import SUGGESTION_BASIS
from hireplan.steps import Step, answer_step_choices, answer_steps
from hireplan.summary import Row
from hireplan.workflow import Action, TransitionRefused, change_status


@dataclass
class StepSummary:
    slug: str
    title: str
    url: str
    saved: bool
    problem: str = ""  # saved answers that no longer fit the step's form
    rows: list[Row] = field(default_factory=list)
    review_template: str | None = None  # the step's figure under its rows


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
class SuggestedStep:
    """A step's answers Hireplan filled in (the quick plan) that nobody has confirmed yet, as
    the step's summary rows (its labels and values)."""

    slug: str
    title: str
    url: str
    rows: list[Row]
    basis: str = ""  # where the suggested values come from (quick.SUGGESTION_BASIS)
    claims: tuple[str, ...] = ()


@dataclass
class Review:
    steps: list[StepSummary]
    groups: list[tuple[Severity, list[FindingView]]]
    missing: list[Missing]
    unsaved: list[StepSummary]
    can_submit: bool
    submit_blocked_because: str
    blockers: int
    suggested: list[SuggestedStep] = field(default_factory=list)


def step_summaries(
    engagement: Engagement, plan: HiringPlan, inp: EngagementInput | None = None
) -> list[StepSummary]:
    """Each step with answers, in order, as its summary rows: what the review step, the
    recruiter's page and the brief show of the plan's answers. `inp` is the engagement's
    typed answers when the caller holds them already."""
    inp = inp or build_input(engagement.answers, today=plan.today)
    problems = {problem.step: problem.error for problem in inp.unreadable_steps}
    summaries = []
    for step in answer_steps():
        answers = getattr(inp, step.slug, None)
        summaries.append(
            StepSummary(
                slug=step.slug,
                title=step.title,
                url=step.url(engagement),
                saved=answers is not None,
                problem=problems.get(step.slug, ""),
                rows=step.summary(answers, plan) if answers is not None else [],
                review_template=step.review_template,
            )
        )
    return summaries


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


def suggested_answers(engagement: Engagement) -> list[SuggestedStep]:
    """The suggested answers still unconfirmed, step by step in the wizard's order: each one
    as its step's summary reads it. An answer whose row does not apply or is empty (a PhD
    question without a PhD) is left out; a step left with none is too."""
    marked = engagement.suggested or {}
    listed = []
    for step in answer_steps():
        names = set(marked.get(step.slug) or ())
        data = engagement.answers.get(step.slug)
        if not names or not isinstance(data, dict):
            continue
        rows = [
            Row(entry.label, text)
            for entry in step.summary.answers
            if names & set(entry.names)
            if entry.when is None or entry.when(data)
            if (text := entry.read(data))
        ]
        if rows:
            basis, claims = SUGGESTION_BASIS.get(step.slug, ("", ()))
            listed.append(
                SuggestedStep(step.slug, step.title, step.url(engagement), rows, basis, claims)
            )
    return listed


def build_review(engagement: Engagement, plan: HiringPlan) -> Review:
    inp = build_input(engagement.answers, today=plan.today)
    steps = step_summaries(engagement, plan, inp)
    unsaved = [summary for summary in steps if not summary.saved]
    by_slug = {summary.slug: summary for summary in steps}
    groups = [
        (
            severity,
            [
                FindingView(f, by_slug[f.step].title, by_slug[f.step].url)
                for f in plan.findings
                if f.severity == severity and f.step in by_slug
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
        suggested=suggested_answers(engagement),
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
    return [
        StepSummary(slug=step.slug, title=step.title, url=step.url(engagement), saved=False)
        for step in answer_steps()
        if getattr(inp, step.slug, None) is None
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
        return redirect("step", engagement.pk, REVIEW.slug)
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
    return redirect("step", engagement.pk, REVIEW.slug)


def _review_context(engagement: Engagement | None, plan: HiringPlan, form: object) -> dict:
    """The whole plan in short, the recruiter's requests for changes (open and answered) with
    what changed since the latest, and the thread shared with the recruiter."""
    if engagement is None:
        return {}
    requests, since = [], None
    if engagement.status in change_requests.SHOWN_WHILE:
        requests = change_requests.current_requests(engagement)
        since = change_requests.since_latest_request(engagement)
    return {
        "review": build_review(engagement, plan),
        "review_requests": requests,
        "since_request": since,
        "comments": engagement.comments.select_related("author").prefetch_related("step_requests"),
        "comment_form": CommentForm(steps=answer_step_choices()),
        "briefs": engagement.briefs.filter(document=Brief.BRIEF).select_related("requested_by")[
            :20
        ],
    }


REVIEW = Step(
    slug="review",
    title="Review",
    lead="The whole plan, its findings, and sending it to the recruiter.",
    position=100,
    template_name="hireplan/review_step.html",
    extra_context=_review_context,
)
