"""Answers of the three steps the loops app owns: the interview loop, sourcing, and the offer.

Claims these answers feed: LP1–LP4 and FM3 (loop), SO1 and T3 (sourcing), O2 and C7–C9 (offer).
"""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from comp.schemas import BASE_MAX_USD, BASE_MIN_USD
from hireplan.choices import Choice
from jd.schemas import SkillId

# Product choices: bounds that catch typos without second-guessing a real plan.
ROUND_MINUTES_MIN = 10
ROUND_MINUTES_MAX = 480  # a whole working day
LOOP_ROUNDS_MAX = 10
SPREAD_DAYS_MAX = 60
NOTICE_WEEKS_MAX = 26
OFFER_HOURS_MAX = 720  # thirty days
EQUITY_MAX_USD = 50_000_000


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
        return self.spread_days if self.spread == LoopSpread.CUSTOM else SPREAD_DAYS[self.spread]

    @property
    def candidate_minutes(self) -> int:
        return sum(round_.minutes for round_ in self.rounds)


class SourcingAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    recruiter_has_ml_network: bool
    # Posting and waiting reaches a small share of the pool (SO1); outreach is the default plan.
    passive_outreach: bool = True
    # The guide gives no typical notice period: only the team knows its market.
    notice_period_weeks: int | None = Field(default=None, ge=0, le=NOTICE_WEEKS_MAX)
    target_start_date: date | None = None


class OfferAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    offer_hours_after_final_round: int = Field(ge=0, le=OFFER_HOURS_MAX)
    same_day_walkthrough: bool
    # Empty: no hiring-manager call is planned.
    hm_call_within_hours: int | None = Field(default=None, ge=1, le=OFFER_HOURS_MAX)
    offer_base_usd: int | None = Field(default=None, ge=BASE_MIN_USD, le=BASE_MAX_USD)
    # User inputs: what the candidate would leave behind, and what the offer vests, over 4 years.
    candidate_unvested_4y_usd: int | None = Field(default=None, ge=0, le=EQUITY_MAX_USD)
    offer_vested_4y_usd: int | None = Field(default=None, ge=0, le=EQUITY_MAX_USD)
    equity_compared_by_nominal_grant: bool = False
    start_weeks_after_acceptance: int | None = Field(default=None, ge=0, le=NOTICE_WEEKS_MAX)
    cliff_date: date | None = None
