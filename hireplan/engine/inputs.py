"""What the engine reads: every step's typed answers (None until saved) and today's date."""

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from comp.schemas import CompAnswers
from hireplan.schemas import ContextAnswers
from jd.schemas import JDAnswers
from lanes.schemas import LaneAnswers
from loops.schemas import LoopAnswers, OfferAnswers, SourcingAnswers

StepSlug = Literal["context", "lane", "comp", "jd", "loop", "sourcing", "offer"]

STEP_SCHEMAS: dict[str, type[BaseModel]] = {
    "context": ContextAnswers,
    "lane": LaneAnswers,
    "comp": CompAnswers,
    "jd": JDAnswers,
    "loop": LoopAnswers,
    "sourcing": SourcingAnswers,
    "offer": OfferAnswers,
}


class StepProblem(BaseModel):
    """A stored step that no longer validates (say, saved before a schema change)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: StepSlug
    error: str


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
    unreadable_steps: list[StepProblem] = []

    @property
    def steps_saved(self) -> list[StepSlug]:
        return [slug for slug in STEP_SCHEMAS if getattr(self, slug) is not None]  # type: ignore[misc]


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
    for slug, schema in STEP_SCHEMAS.items():
        stored = answers.get(slug)
        if stored is None:
            continue
        try:
            steps[slug] = schema.model_validate(stored)
        except ValidationError as exc:
            if strict:
                raise
            problems.append(StepProblem(step=slug, error=_summary(exc)))  # type: ignore[arg-type]
    return EngagementInput(today=today, unreadable_steps=problems, **steps)
