"""From a saved engagement to the advice engine; the engine itself never sees the ORM."""

from django.utils import timezone

from hireplan.engine import HiringPlan, plan_for_answers
from hireplan.models import Engagement


def plan_for_answers_today(answers: dict) -> HiringPlan:
    return plan_for_answers(answers, today=timezone.localdate())


def plan_for(engagement: Engagement) -> HiringPlan:
    """The plan for the engagement's saved answers."""
    return plan_for_answers_today(engagement.answers)
