"""The advice engine: pure functions from a plan's answers to a HiringPlan.

Call `plan_for_answers(engagement.answers, today=...)` with the wizard's stored JSON, or
`compute_plan(build_input(...))` when holding typed answers already.
"""

from datetime import date
from typing import Any

from hireplan.engine.compute import compute_plan
from hireplan.engine.inputs import EngagementInput, StepProblem, build_input
from hireplan.engine.plan import Finding, HiringPlan, Severity
from hireplan.reference import Reference

__all__ = [
    "EngagementInput",
    "Finding",
    "HiringPlan",
    "Severity",
    "StepProblem",
    "build_input",
    "compute_plan",
    "plan_for_answers",
]


def plan_for_answers(
    answers: dict[str, Any], *, today: date, ref: Reference | None = None
) -> HiringPlan:
    """The plan for an engagement's stored answers (steps that no longer validate are listed in
    `plan.unreadable_steps` rather than raised)."""
    return compute_plan(build_input(answers, today=today), ref)
