"""The advice engine: pure functions from a plan's answers to a HiringPlan.

Call `plan_for_answers(engagement.answers, today=..., ref=...)` with the wizard's stored JSON,
or `compute_plan(build_input(...), ref)` when holding typed answers already. `ref` is the guide's
reference data (`reference.load_reference(folder)`). The engine imports nothing but the standard
library, pydantic and itself: no Django, no web layer (import-linter holds it to that).
"""

from datetime import date
from typing import Any

from hireplan.engine.compute import compute_plan
from hireplan.engine.inputs import EngagementInput, StepProblem, build_input
from hireplan.engine.plan import Finding, HiringPlan, Severity
from hireplan.engine.reference import Reference

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


def plan_for_answers(answers: dict[str, Any], *, today: date, ref: Reference) -> HiringPlan:
    """The plan for an engagement's stored answers (steps that no longer validate are listed in
    `plan.unreadable_steps` rather than raised)."""
    return compute_plan(build_input(answers, today=today), ref)
