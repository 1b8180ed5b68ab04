"""From a saved engagement to the advice engine; the engine itself never sees the ORM."""

import json
import threading
from collections import OrderedDict
from datetime import date

from django.utils import timezone

from hireplan.engine import HiringPlan, Severity, plan_for_answers
from hireplan.engine.answers import Metro
from hireplan.engine.answers.jd import forget_readings
from hireplan.models import Engagement
from hireplan.reference import load_reference

# A save computes the plan for the dashboard columns and again for the next step's page, and
# a brief, a preview or a reload asks again for answers it has just seen. The plan is a pure
# function of the answers, today's date and the reference data, and it is immutable (frozen
# pydantic models), so recent plans are kept and shared. Bounded: a few dozen plans.
PLAN_CACHE_SIZE = 64
_plans: OrderedDict[tuple, HiringPlan] = OrderedDict()
_plans_lock = threading.Lock()


def plan_for_answers_today(answers: dict) -> HiringPlan:
    today = timezone.localdate()
    try:
        key = (today, id(load_reference()), json.dumps(answers, sort_keys=True))
    except (TypeError, ValueError):  # not JSON (a caller's own objects): no caching
        return plan_for_answers(answers, today=today, ref=load_reference())
    with _plans_lock:
        plan = _plans.get(key)
        if plan is not None:
            _plans.move_to_end(key)
            return plan
    plan = plan_for_answers(answers, today=today, ref=load_reference())
    with _plans_lock:
        _plans[key] = plan
        while len(_plans) > PLAN_CACHE_SIZE:
            _plans.popitem(last=False)
    return plan


def forget_plans() -> None:
    """Empties the plan cache and the engine's kept readings of JD texts (the bench measures
    each request as if its plan were new)."""
    with _plans_lock:
        _plans.clear()
    forget_readings()


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
    # The name typed with "Another metro"; a listed metro's name comes from the reference data.
    other_metro = comp.get("other_metro_name") or "" if comp.get("metro") == Metro.OTHER else ""
    return {
        "lane": lane.get("primary_lane") or "",
        "level": comp.get("level") or "",
        "metro": comp.get("metro") or "",
        # Context answers saved before the question existed hire one person.
        "openings": context.get("openings") or 1,
        "metro_name": other_metro,
        "search_opened_on": date.fromisoformat(opened) if opened else None,
        "blocker_count": plan.counts.get(Severity.BLOCKER, 0),
        "risk_count": plan.counts.get(Severity.RISK, 0),
    }
