"""From a saved engagement to the advice engine; the engine itself never sees the ORM."""

from datetime import date

from django.utils import timezone

from hireplan.engine import HiringPlan, Severity, plan_for_answers
from hireplan.models import Engagement


def plan_for_answers_today(answers: dict) -> HiringPlan:
    return plan_for_answers(answers, today=timezone.localdate())


def plan_for(engagement: Engagement) -> HiringPlan:
    """The plan for the engagement's saved answers."""
    return plan_for_answers_today(engagement.answers)


def summary_columns(answers: dict) -> dict:
    """The engagement's dashboard columns for these answers (see Engagement.lane and friends)."""
    plan = plan_for_answers_today(answers)
    readable = set(plan.steps_saved)
    context = answers.get("context", {}) if "context" in readable else {}
    lane = answers.get("lane", {}) if "lane" in readable else {}
    comp = answers.get("comp", {}) if "comp" in readable else {}
    opened = context.get("search_open_since")
    return {
        "lane": lane.get("primary_lane") or "",
        "level": comp.get("level") or "",
        "metro": comp.get("metro") or "",
        "search_opened_on": date.fromisoformat(opened) if opened else None,
        "blocker_count": plan.counts.get(Severity.BLOCKER, 0),
        "risk_count": plan.counts.get(Severity.RISK, 0),
    }
