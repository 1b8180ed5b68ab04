"""The loop, sourcing and offer steps of the wizard."""

from datetime import date
from typing import Any

from django.utils import timezone

from hireplan.engine import HiringPlan
from hireplan.engine import text as fmt
from hireplan.engine.answers import Level, LoopAnswers, LoopSpread, OfferAnswers
from hireplan.models import Engagement
from hireplan.reference import load_reference
from hireplan.steps import Step
from hireplan.summary import (
    Answer,
    Figure,
    Summary,
    choice,
    count,
    day,
    money,
    percent,
    plain,
    yes_no,
)
from loops.forms import LoopForm, OfferForm, SourcingForm
from loops.loop import template_answers


def level_of(answers: dict) -> Level | None:
    """The level saved on the compensation step, if it is readable."""
    try:
        return Level((answers.get("comp") or {}).get("level"))
    except ValueError:
        return None


def _loop_draft(answers: dict) -> dict:
    # The guide's loop for the level chosen on the compensation step (senior if none yet).
    return template_answers(load_reference(), level_of(answers))


def _loop_context(engagement: Engagement | None, plan: HiringPlan, form: Any) -> dict:
    # Every round offers the JD's own skills after the guide's six; ticks on team skills the
    # JD no longer ranks are dropped from the rounds shown (so from the next save).
    if isinstance(form, LoopForm):
        form.offer_team_skills([row.skill for row in plan.loop.coverage if row.team_skill])
    return {}


def _offer_defaults(engagement: Engagement) -> dict:
    # The guide's O2 timings as the starting plan; the start date carried from sourcing.
    ref = load_reference()
    sourcing = engagement.answers.get("sourcing") or {}
    start = sourcing.get("target_start_date")
    if start and date.fromisoformat(start) < timezone.localdate():
        start = None  # a target that has passed is no proposal
    return {
        "offer_hours_after_final_round": ref.checklist_item("offer_within").hours,
        "same_day_walkthrough": True,
        "hm_call_within_hours": ref.checklist_item("hm_call_within").hours,
        "equity_compared_by_nominal_grant": False,
        "start_date": start,
    }


# ----------------------------------------------------------------------------- summaries
def _rounds(rounds: list[dict]) -> str:
    titles = fmt.prose(str(round_.get("title", "")) for round_ in rounds)
    return f"{fmt.plural(len(rounds), 'round')}: {titles}"


def _candidate_time(answers: LoopAnswers, plan: HiringPlan) -> str:
    return fmt.hours(answers.candidate_minutes)


SCHEDULE_WORDS = {"monthly": "monthly", "quarterly": "quarterly", "annual": "yearly"}


def _grant(grant: dict) -> str:
    """ "$200,000 vesting quarterly over 4 years from 1 Mar 2025, 1-year cliff"."""
    schedule = grant.get("schedule") or "monthly"
    text = (
        f"{fmt.usd(grant['value_usd'])} vesting {SCHEDULE_WORDS.get(schedule, schedule)} over "
        f"{fmt.plural(grant['vesting_years'], 'year')} from "
        f"{fmt.day(date.fromisoformat(str(grant['vesting_start'])))}"
    )
    cliff = grant.get("cliff_months") or 0
    if cliff:
        text += f", {cliff // 12}-year cliff" if cliff % 12 == 0 else f", {cliff}-month cliff"
    if grant.get("vested_usd") is not None:
        text += f", {fmt.usd(grant['vested_usd'])} vested by the statement"
    return text


def _grants(grants: list[dict]) -> str:
    # Semicolons between grants: each one has commas of its own. A grant stored in the old
    # shape (no vesting start) raises KeyError, and the summary shows it as plain words.
    return "; ".join(_grant(grant) for grant in grants)


def _competing(offers: list[dict]) -> str:
    # Semicolons between offers: each one already reads "… base and … equity".
    return "; ".join(
        f"{offer.get('label') or f'Offer {number}'}: {fmt.usd(offer['base_usd'])} base and "
        f"{fmt.usd(offer.get('equity_per_year_usd') or 0)} equity a year"
        for number, offer in enumerate(offers, start=1)
    )


def _equity_share(answers: OfferAnswers, plan: HiringPlan) -> str | None:
    share = plan.offer.equity_share  # worked out once, in the plan
    if share is None:
        return None
    return f"{share} at a {fmt.usd(answers.company_valuation_usd or 0)} valuation"


def _equity_basis(nominal: Any) -> str:
    return "The size of each grant" if nominal else "What vests over the next four years"


def _equity_against(answers: Any, plan: HiringPlan) -> str | None:
    equity = plan.offer.equity
    if equity is None or not (equity.has_current and equity.has_offer):
        return None
    return (
        f"{fmt.usd(equity.offer_total_usd)} from the offer against "
        f"{fmt.usd(equity.current_total_usd)} left behind, over "
        f"{fmt.plural(len(equity.years), 'year')}"
    )


def _time_to_offer(answers: Any, plan: HiringPlan) -> str:
    timeline = plan.timeline
    return fmt.span(timeline.expected_low_weeks, timeline.expected_high_weeks, "week")


# ----------------------------------------------------------------------------- the brief
def _sourcing_brief(engagement: Engagement, plan: HiringPlan) -> dict | None:
    # The pools and the timeline stand once the lane is known, before this step is saved.
    return {} if "sourcing" in plan.steps_saved or plan.lane is not None else None


LOOP = Step(
    slug="loop",
    title="Interview loop",
    lead="Four or five rounds that test what the job description claims.",
    position=50,
    form_class=LoopForm,
    template_name="loops/loop_step.html",
    defaults=lambda engagement: _loop_draft(engagement.answers),
    draft=_loop_draft,
    extra_context=_loop_context,
    carried=("kit_prompts",),  # written on the kits page (loops/kits.py)
    summary=Summary(
        Answer("rounds", "Rounds", _rounds),
        Figure("Candidate time", _candidate_time, claims=lambda plan: plan.loop.claims),
        Answer("spread", "Spread", choice(LoopSpread)),
        Answer(
            "spread_days",
            "Over",
            count("day"),
            when=lambda a: a.get("spread") == LoopSpread.CUSTOM,
        ),
        Answer(
            "kit_prompts",
            "Interview-kit prompts",
            lambda prompts: fmt.plural(len(prompts), "prompt of your own", "prompts of your own"),
            when=lambda a: bool(a.get("kit_prompts")),
            default={},
        ),
    ),
    brief_template="loops/brief_loop.html",
)

SOURCING = Step(
    slug="sourcing",
    title="Sourcing and timeline",
    lead="Where the candidates are and how long the search will take.",
    position=60,
    form_class=SourcingForm,
    template_name="loops/sourcing_step.html",
    summary=Summary(
        Answer("recruiter_has_ml_network", "Recruiter knows ML engineers", yes_no),
        Answer("outreach_share_pct", "Effort on outreach", percent),
        Answer("notice_period_weeks", "Notice period", count("week")),
        Figure("To an accepted offer", _time_to_offer, claims=lambda plan: plan.timeline.claims),
        Figure(
            "Earliest start",
            lambda answers, plan: fmt.day(plan.timeline.start_low),
            claims=lambda plan: plan.timeline.claims,
        ),
        Answer("target_start_date", "Target start", day),
    ),
    brief_template="loops/brief_sourcing.html",
    brief_context=_sourcing_brief,
    review_template="loops/review_timeline.html",
)

OFFER = Step(
    slug="offer",
    title="Offer",
    lead="An offer that closes: timing, base, equity and start date.",
    position=70,
    form_class=OfferForm,
    template_name="loops/offer_step.html",
    defaults=_offer_defaults,
    summary=Summary(
        Answer("offer_hours_after_final_round", "Offer within", count("hour")),
        Answer("offer_owner", "Sent by", plain),
        Answer("same_day_walkthrough", "Same-day walk-through", yes_no),
        Answer("hm_call_within_hours", "Manager's call within", count("hour")),
        Answer("approvers", "Signed off by", plain),
        Answer("approval_hours", "Sign-off within", count("hour")),
        Answer("offer_base_usd", "Base", money),
        Answer("equity_compared_by_nominal_grant", "Equity compared by", _equity_basis),
        Answer("offer_equity_usd", "The offer's grant", money),
        Answer("company_valuation_usd", "Company valuation", money),
        Figure("Share of the company", _equity_share),
        Answer(
            "offer_vesting_pct",
            "Vesting each year",
            lambda shares: fmt.prose(percent(share) for share in shares),
        ),
        Answer("offer_cliff_months", "The offer's cliff", count("month")),
        Figure(
            "Equity over the vesting years",
            _equity_against,
            claims=lambda plan: plan.offer.equity.claims if plan.offer.equity else (),
        ),
        Answer("current_grants", "Candidate's grants today", _grants),
        Answer("competing_offers", "Competing offers", _competing),
        Answer("start_date", "Start date", day),
        Answer("start_weeks_after_acceptance", "Start after acceptance", count("week")),
    ),
    brief_template="loops/brief_offer.html",
)
