"""From a saved engagement to the advice engine; the engine itself never sees the ORM."""

from django.utils import timezone

from hireplan.engine import HiringPlan, plan_for_answers
from hireplan.models import Engagement


def plan_for(engagement: Engagement, answers: dict | None = None) -> HiringPlan:
    """The plan for the engagement's saved answers, or for `answers` when previewing edits."""
    return plan_for_answers(
        engagement.answers if answers is None else answers, today=timezone.localdate()
    )
