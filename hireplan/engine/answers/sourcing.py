"""The sourcing step's answers: the recruiter's network, the outreach share, the notice period
and the target start.

Claims these answers feed: SO1, T1–T3 and C9. A start date in the past is refused by the step's
form, not here: a stored answer must stay valid as time passes.
"""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

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

    @property
    def passive_outreach(self) -> bool:
        return self.outreach_share_pct > 0
