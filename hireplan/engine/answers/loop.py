"""The interview loop's answers: the rounds, what each tests, and how the loop is spread.

Claims these answers feed: LP1–LP4 and FM3.
"""

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from hireplan.engine.answers.jd import SkillId
from hireplan.engine.choices import Choice

# Product choices: bounds that catch typos without second-guessing a real plan.
ROUND_MINUTES_MIN = 5
ROUND_MINUTES_MAX = 240  # four hours: longer is a work day, not a round
LOOP_ROUNDS_MAX = 10
SPREAD_DAYS_MAX = 60


class RoundKind(Choice):
    RECRUITER_SCREEN = "recruiter_screen", "Recruiter screen"
    HIRING_MANAGER = "hiring_manager", "Hiring-manager call"
    TECHNICAL_DEPTH = "technical_depth", "Technical depth"
    PRODUCTION_DEBUGGING = "production_debugging", "Production debugging or system design"
    TEAM_FIT = "team_fit", "Team fit and reverse interview"
    OTHER = "other", "Another round"


class RoundFormat(Choice):
    LIVE = "live", "Live"
    TAKE_HOME = "take_home", "Take-home"


class InterviewerRole(Choice):
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    ENGINEER = "engineer", "ML engineers"
    TEAMMATE = "teammate", "Future teammates (ICs)"
    OTHER = "other", "Someone else"


class LoopSpread(Choice):
    ONE_DAY = "one_day", "All in one day"
    ONE_WEEK = "one_week", "Over one week"
    TWO_WEEKS = "two_weeks", "Over two weeks"
    CUSTOM = "custom", "Another span"


SPREAD_DAYS = {LoopSpread.ONE_DAY: 1, LoopSpread.ONE_WEEK: 7, LoopSpread.TWO_WEEKS: 14}


class Round(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    kind: RoundKind
    title: str = Field(min_length=2, max_length=80)
    minutes: int = Field(ge=ROUND_MINUTES_MIN, le=ROUND_MINUTES_MAX)
    interviewer_role: InterviewerRole
    interviewer_count: int = Field(default=1, ge=1, le=10)
    format: RoundFormat = RoundFormat.LIVE
    skills_tested: list[SkillId] = Field(default_factory=list, max_length=6)
    purpose: str = Field(default="", max_length=400)

    @field_validator("minutes", mode="before")
    @classmethod
    def minutes_in_bounds(cls, value: object) -> object:
        if isinstance(value, int) and not ROUND_MINUTES_MIN <= value <= ROUND_MINUTES_MAX:
            raise ValueError(
                f"A round lasts {ROUND_MINUTES_MIN} to {ROUND_MINUTES_MAX} minutes; split a "
                "longer one in two."
            )
        return value

    @field_validator("skills_tested")
    @classmethod
    def skills_once(cls, value: list[SkillId]) -> list[SkillId]:
        if len(set(value)) != len(value):
            raise ValueError("Each skill may be listed once per round.")
        return value


class LoopAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rounds: list[Round] = Field(min_length=1, max_length=LOOP_ROUNDS_MAX)
    spread: LoopSpread
    spread_days: int | None = Field(default=None, validate_default=True)

    @field_validator("spread_days")
    @classmethod
    def days_for_custom(cls, value: int | None, info: ValidationInfo) -> int | None:
        spread = info.data.get("spread")
        if spread == LoopSpread.CUSTOM:
            if value is None:
                raise ValueError("Say over how many days the loop runs.")
            if not 1 <= value <= SPREAD_DAYS_MAX:
                raise ValueError(f"A loop runs over 1 to {SPREAD_DAYS_MAX} days.")
        elif value is not None and spread is not None:
            raise ValueError("Days apply to another span only; the choice already says it.")
        return value

    @property
    def days(self) -> int:
        if self.spread == LoopSpread.CUSTOM:
            return self.spread_days or 1
        return SPREAD_DAYS[self.spread]

    @property
    def candidate_minutes(self) -> int:
        return sum(round_.minutes for round_ in self.rounds)
