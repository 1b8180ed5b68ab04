"""The sourcing step's answers: the recruiter's network, the outreach share, the notice period
and the target start.

Claims these answers feed: SO1, T1–T3 and C9. A start date in the past, or more than three
years ahead, is refused by the step's form, not here: a stored answer must stay valid as time
passes. Here the date only has to lie in the fixed window of `answers.dates`.
"""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hireplan.engine.answers.dates import within_bounds

NOTICE_WEEKS_MAX = 26
# SO1: about 70% of placements come from passive outreach; the plan starts its effort there.
DEFAULT_OUTREACH_SHARE_PCT = 70


class SourcingAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    recruiter_has_ml_network: bool
    # The share of sourcing effort on passive outreach; the rest goes to the posting (SO1).
    outreach_share_pct: int = Field(default=DEFAULT_OUTREACH_SHARE_PCT, ge=0, le=100)
    # The guide gives no typical notice period: only the team knows its market.
    notice_period_weeks: int | None = Field(default=None, ge=0, le=NOTICE_WEEKS_MAX)
    target_start_date: date | None = None

    @field_validator("target_start_date")
    @classmethod
    def start_within_bounds(cls, value: date | None) -> date | None:
        return within_bounds(value, "target start date")

    @property
    def passive_outreach(self) -> bool:
        return self.outreach_share_pct > 0
