"""The context step's answers: the company and the situation the hire walks into."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hireplan.engine.answers.dates import within_bounds
from hireplan.engine.answers.titles import Title
from hireplan.engine.choices import Choice

# How many people one plan may hire: the form's and the schema's bounds.
OPENINGS_MIN = 1
OPENINGS_MAX = 50


class CompanyStage(Choice):
    SEED = "seed", "Seed"
    SERIES_A = "series_a", "Series A"
    SERIES_B = "series_b", "Series B"
    SERIES_C = "series_c", "Series C"
    LATER_STAGE = "later_stage", "Later-stage private"
    PUBLIC = "public", "Public company"


class RegulatedSetting(Choice):
    NONE = "none", "Not regulated"
    HEALTHCARE_IMAGING = "healthcare_imaging", "Healthcare imaging"
    BANK_RISK = "bank_risk", "Risk models at a top-tier bank"
    OTHER = "other", "Another regulated setting"


class MLInSeat(Choice):
    NONE = "none", "None: nobody runs ML in production yet"
    SOME = "some", "Some: a model or two, no senior owner"
    HEALTHY_SENIOR = "healthy_senior", "A healthy team with a senior ML engineer"


class HireType(Choice):
    DIRECT = "direct", "Direct hire"
    CONTRACT_TO_HIRE = "contract_to_hire", "Contract-to-hire"


class LLMWork(Choice):
    NONE = "none", "None: classical ML only"
    SOME = "some", "Some: fine-tuning, evals or RAG beside classical work"
    CORE_CLASSICAL = "core_classical", "Core, alongside classical work: strong in both"
    CORE = "core", "Core: LLM features are the job"


class ContextAnswers(BaseModel):
    """Claims these answers feed: F1 (ml_in_seat), F2 and L7 (first hire, hire type), F3 (regulated
    setting), L10 (LLM work), T3 (search open since)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    role_title: Title = Field(min_length=2, max_length=120)
    # Several openings of one role are one plan. The bound is an input limit (a plan is not a
    # hiring programme), not advice; answers saved before the field existed read as 1.
    openings: int = Field(default=1, ge=OPENINGS_MIN, le=OPENINGS_MAX)
    company_stage: CompanyStage
    industry: str = Field(min_length=2, max_length=80)
    regulated_setting: RegulatedSetting = RegulatedSetting.NONE
    ml_in_seat: MLInSeat
    first_ml_hire: bool
    hire_type: HireType = HireType.DIRECT
    llm_work: LLMWork = LLMWork.NONE
    search_open_since: date | None = None

    @field_validator("search_open_since")
    @classmethod
    def not_in_future(cls, value: date | None) -> date | None:
        if value is not None and value > date.today():
            raise ValueError("The search cannot have opened in the future.")
        return within_bounds(value, "date the search opened")
