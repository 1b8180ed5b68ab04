"""The lane step's answers: which kind of ML engineer the req is for and what the hire delivers.

Claims these answers feed: L1–L5 (lanes, adjacency, deliverable), L6 (reliability bar),
L7 (platform as a first hire), L10 (LLM work).
"""

from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from hireplan.engine.answers.context import LLMWork
from hireplan.engine.choices import Choice

# Product choice: an SLA under 90% is not a production promise, and 100% is one nobody keeps.
SLA_MIN_PERCENT = 90.0
SLA_MAX_PERCENT = 100.0  # exclusive


class Lane(Choice):
    PRODUCTION_ML = "production_ml", "Production ML engineer"
    DATA_SCIENTIST = "data_scientist", "Data scientist"
    MLOPS_PLATFORM = "mlops_platform", "MLOps / ML platform engineer"
    APPLIED_LLM = "applied_llm", "Applied AI / LLM engineer"
    RESEARCH_DL = "research_dl", "Research / deep-learning engineer"


class DeliverableKind(Choice):
    STAND_UP_PLATFORM = "stand_up_platform", "Stand up a training or serving platform"
    SHIP_OR_RETRAIN_MODEL = "ship_or_retrain_model", "Ship a model, or retrain one already live"
    EXPERIMENTATION_INSIGHT = "experimentation_insight", "Experiments, A/B tests and insight"
    LLM_FEATURES = "llm_features", "LLM features inside the product"
    NEW_ARCHITECTURES_FINETUNING = (
        "new_architectures_finetuning",
        "New model architectures or fine-tuning foundation models",
    )


class ReliabilityBar(Choice):
    SLA = "sla", "A production SLA"
    INTERNAL = "internal", "Internal use: nobody is paged"


StackTag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class LaneAnswers(BaseModel):
    """One primary lane, at most one lean, and any further lanes the team says it needs."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    primary_lane: Lane
    lean_lane: Lane | None = None
    # More lanes than a primary and a lean: how a "do-it-all" req gets expressed.
    extra_lanes: list[Lane] = Field(default_factory=list, max_length=4)
    deliverable: str = Field(min_length=3, max_length=500)
    deliverable_kind: DeliverableKind
    reliability_bar: ReliabilityBar
    sla_percent: float | None = Field(default=None, validate_default=True)
    stack_tags: list[StackTag] = Field(default_factory=list, max_length=40)
    llm_work: LLMWork = LLMWork.NONE

    @field_validator("lean_lane")
    @classmethod
    def lean_differs(cls, value: Lane | None, info: ValidationInfo) -> Lane | None:
        if value is not None and value == info.data.get("primary_lane"):
            raise ValueError("The lean must be a different lane from the primary lane.")
        return value

    @field_validator("extra_lanes")
    @classmethod
    def extra_lanes_distinct(cls, value: list[Lane], info: ValidationInfo) -> list[Lane]:
        if len(set(value)) != len(value):
            raise ValueError("Each extra lane may be listed once.")
        taken = {info.data.get("primary_lane"), info.data.get("lean_lane")}
        repeated = [lane for lane in value if lane in taken]
        if repeated:
            raise ValueError(f"{repeated[0].label} is already the primary lane or the lean.")
        return value

    @field_validator("sla_percent", mode="after")
    @classmethod
    def sla_matches_bar(cls, value: float | None, info: ValidationInfo) -> float | None:
        bar = info.data.get("reliability_bar")
        if bar == ReliabilityBar.SLA and value is None:
            raise ValueError("Enter the SLA as a percentage, for example 99.9.")
        if bar == ReliabilityBar.INTERNAL and value is not None:
            raise ValueError("Leave the SLA empty when nobody is paged for the model.")
        if value is not None and not SLA_MIN_PERCENT <= value < SLA_MAX_PERCENT:
            raise ValueError("An SLA is at least 90% and below 100%, for example 99.95.")
        return value

    @field_validator("stack_tags")
    @classmethod
    def stack_tags_unique(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        unique = []
        for tag in value:
            if tag.casefold() not in seen:
                seen.add(tag.casefold())
                unique.append(tag)
        return unique

    @property
    def lanes(self) -> list[Lane]:
        """Every lane the req asks for, primary first."""
        return [self.primary_lane, *([self.lean_lane] if self.lean_lane else []), *self.extra_lanes]
