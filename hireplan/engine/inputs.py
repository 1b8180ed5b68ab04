"""What the engine reads: every step's typed answers (None until saved) and today's date.

`EngagementInput` is the one list of the steps that hold answers, in the wizard's order: the
answer model of each step is read from its fields (`STEP_ANSWERS`), and so are the step names
a finding may point at (`StepSlug`). The wizard's steps take their answer models from here.
"""

from datetime import date
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, ValidationError

from hireplan.engine.answers import (
    CompAnswers,
    ContextAnswers,
    JDAnswers,
    LaneAnswers,
    LoopAnswers,
    OfferAnswers,
    SourcingAnswers,
)


class EngagementInput(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    today: date
    context: ContextAnswers | None = None
    lane: LaneAnswers | None = None
    comp: CompAnswers | None = None
    jd: JDAnswers | None = None
    loop: LoopAnswers | None = None
    sourcing: SourcingAnswers | None = None
    offer: OfferAnswers | None = None
    unreadable_steps: list["StepProblem"] = []

    @property
    def steps_saved(self) -> list[str]:
        return [slug for slug in STEP_ANSWERS if getattr(self, slug) is not None]


# {step slug: its answer model}, in order: every field above that holds a step's answers.
STEP_ANSWERS: dict[str, type[BaseModel]] = {
    name: next(arg for arg in get_args(field.annotation) if arg is not type(None))
    for name, field in EngagementInput.model_fields.items()
    if name not in ("today", "unreadable_steps")
}
StepSlug = Literal[tuple(STEP_ANSWERS)]  # type: ignore[valid-type]


class StepProblem(BaseModel):
    """A stored step that no longer validates (say, saved before a schema change)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: StepSlug
    error: str


EngagementInput.model_rebuild()


def _summary(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in error['loc']) or 'answers'}: {error['msg']}"
        for error in exc.errors()
    )


def build_input(answers: dict[str, Any], *, today: date, strict: bool = False) -> EngagementInput:
    """The engine's input from the wizard's stored JSON: `{"context": {...}, "lane": {...}}`.

    Keys that are not engine steps (such as "review") are ignored. A step that fails its schema
    raises when `strict`; otherwise it is left out and listed in `unreadable_steps`, so one
    stale step cannot take the whole plan down.
    """
    steps: dict[str, BaseModel] = {}
    problems: list[StepProblem] = []
    for slug, schema in STEP_ANSWERS.items():
        stored = answers.get(slug)
        if stored is None:
            continue
        try:
            steps[slug] = schema.model_validate(stored)
        except ValidationError as exc:
            if strict:
                raise
            problems.append(StepProblem(step=slug, error=_summary(exc)))
    return EngagementInput(today=today, unreadable_steps=problems, **steps)
