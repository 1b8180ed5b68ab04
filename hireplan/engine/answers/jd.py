"""The job-description step's answers: the facts of the opener, the ranked skills, the
requirements, and optionally the JD text itself.

Fields are flat (one form field each) so the step's form maps onto them directly.
Claims these answers feed: J1–J4 (opener, skill order), F3 and S8 (degree), T2 (vague JD).
"""

import re
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from hireplan.engine.choices import Choice


class SkillId(Choice):
    """The six skills, in the order a JD should rank them (J4)."""

    S1 = "S1", "Production debugging"
    S2 = "S2", "Feature pipeline reasoning"
    S3 = "S3", "Serving cost and performance trade-offs"
    S4 = "S4", "Experiment hygiene"
    S5 = "S5", "Explaining the work to people outside ML"
    S6 = "S6", "Modelling depth"


class Degree(Choice):
    NONE = "none", "No degree asked for"
    BS = "bs", "Bachelor's"
    MS = "ms", "Master's"
    PHD = "phd", "PhD"


Fact = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]

# The opener facts, in the order a JD's first paragraph would give them (J2).
OPENER_FACTS: dict[str, str] = {
    "model": "the model",
    "serves": "what the model serves",
    "scale": "its scale",
    "framework": "framework and version",
    "serving_stack": "serving stack",
    "retraining_cadence": "retraining cadence",
    "orchestrator": "orchestrator",
    "feature_store": "feature store",
    "on_call_rotation": "on-call rotation",
    "pager_frequency": "how often the pager fires",
    "last_incident": "the last incident",
}

_SKILL_ID = re.compile(r"^s\d+$", re.IGNORECASE)


class JDAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    # Opener facts (J2). Blank means the JD does not say it yet.
    model: Fact = ""
    serves: Fact = ""
    scale: Fact = ""
    framework: Fact = ""
    serving_stack: Fact = ""
    retraining_cadence: Fact = ""
    orchestrator: Fact = ""
    feature_store: Fact = ""
    on_call_rotation: Fact = ""
    pager_frequency: Fact = ""
    last_incident: Fact = ""
    # Skills in the order the JD lists them: S1–S6 ids or the team's own words.
    ranked_skills: list[str] = Field(default_factory=list, max_length=20)
    years_experience: int | None = Field(default=None, ge=0, le=40)
    degree: Degree = Degree.NONE
    phd_required: bool = Field(default=False, validate_default=True)
    jd_markdown: str = Field(default="", max_length=20_000)

    @field_validator("ranked_skills")
    @classmethod
    def skills_known_and_unique(cls, value: list[str]) -> list[str]:
        cleaned: list[str] = []
        seen: set[str] = set()
        for raw in value:
            skill = raw.strip()
            if _SKILL_ID.match(skill):
                skill = skill.upper()
                if skill not in SkillId.__members__:
                    raise ValueError(f"Unknown skill id {skill}: the skills are S1 to S6.")
            elif not 2 <= len(skill) <= 80:
                raise ValueError("Each skill is 2 to 80 characters.")
            if skill.casefold() in seen:
                raise ValueError(f"{skill} is listed twice.")
            seen.add(skill.casefold())
            cleaned.append(skill)
        return cleaned

    @field_validator("phd_required")
    @classmethod
    def phd_required_needs_phd(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("degree") not in (Degree.PHD, None):
            raise ValueError("A required PhD means the degree asked for is a PhD.")
        return value

    def opener_facts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in OPENER_FACTS}

    def missing_opener_facts(self) -> list[str]:
        return [name for name, value in self.opener_facts().items() if not value]

    def skill_ids(self) -> list[SkillId]:
        """The ranked skills that are S1–S6, in the JD's order; custom skills are left out."""
        return [SkillId(skill) for skill in self.ranked_skills if skill in SkillId.__members__]
