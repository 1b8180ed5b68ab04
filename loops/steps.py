"""The loop, sourcing and offer steps of the wizard."""

from datetime import date

from django.utils import timezone

from comp.schemas import Level
from hireplan.models import Engagement
from hireplan.reference import load_reference
from hireplan.wizard import Step
from loops.forms import LoopForm, OfferForm, SourcingForm
from loops.loop import template_answers
from loops.schemas import LoopAnswers, OfferAnswers, SourcingAnswers


def level_of(engagement: Engagement) -> Level | None:
    """The level saved on the compensation step, if it is readable."""
    try:
        return Level((engagement.answers.get("comp") or {}).get("level"))
    except ValueError:
        return None


def _loop_defaults(engagement: Engagement) -> dict:
    # The guide's loop for the level chosen on the compensation step (senior if none yet).
    return template_answers(load_reference(), level_of(engagement))


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


LOOP = Step(
    slug="loop",
    title="Interview loop",
    summary="Four or five rounds that test what the job description claims.",
    form_class=LoopForm,
    schema=LoopAnswers,
    template_name="loops/loop_step.html",
    defaults=_loop_defaults,
)

SOURCING = Step(
    slug="sourcing",
    title="Sourcing and timeline",
    summary="Where the candidates are and how long the search will take.",
    form_class=SourcingForm,
    schema=SourcingAnswers,
    template_name="loops/sourcing_step.html",
)

OFFER = Step(
    slug="offer",
    title="Offer",
    summary="An offer that closes: timing, base, equity and start date.",
    form_class=OfferForm,
    schema=OfferAnswers,
    template_name="loops/offer_step.html",
    defaults=_offer_defaults,
)
