"""The advice engine: pure functions from a plan's answers to a HiringPlan.

Call `plan_for_answers(engagement.answers, today=..., ref=...)` with the wizard's stored JSON,
or `compute_plan(build_input(...), ref)` when holding typed answers already. `ref` is the guide's
reference data (`reference.load_reference(folder)`). The engine imports nothing but the standard
library, pydantic and itself: no Django, no web layer (import-linter holds it to that).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import ValidationError

from hireplan.engine.compute import compute_plan
from hireplan.engine.inputs import STEP_ANSWERS, EngagementInput, StepProblem, build_input
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
    "settled_findings",
]


def plan_for_answers(answers: dict[str, Any], *, today: date, ref: Reference) -> HiringPlan:
    """The plan for an engagement's stored answers (steps that no longer validate are listed in
    `plan.unreadable_steps` rather than raised)."""
    return compute_plan(build_input(answers, today=today), ref)


def settled_findings(
    saved: dict[str, Any], step: str, candidates: Iterable[dict], *, today: date, ref: Reference
) -> list[Finding] | None:
    """A half-answered step's findings that hold whatever its open answers become.

    `candidates` are the step's possible full answers (the known ones plus each value an open
    one could take); the step's findings common to every candidate's plan are returned, in the
    first plan's order. None when a candidate is invalid: the known answers cannot make a valid
    set, so nothing holds yet.
    """
    schema = STEP_ANSWERS[step]
    per_candidate: list[list[Finding]] = []
    for data in candidates:
        try:
            answers = schema.model_validate(data)
        except ValidationError:
            return None
        plan = plan_for_answers(
            {**saved, step: answers.model_dump(mode="json")}, today=today, ref=ref
        )
        per_candidate.append([finding for finding in plan.findings if finding.step == step])
    if not per_candidate:
        return None
    first, *others = per_candidate
    return [finding for finding in first if all(finding in rest for rest in others)]
