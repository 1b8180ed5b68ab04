"""The offer step's answers: timing, base, the candidate's equity and the offer's, the start.

Claims these answers feed: O1, O2 and C7–C9. A start date in the past, or more than three
years ahead, is refused by the step's form, not here: a stored answer must stay valid as time
passes. Here every date only has to lie in the fixed window of `answers.dates`.
"""

from datetime import date
from fractions import Fraction
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from hireplan.engine.answers.comp import BASE_MAX_USD, BASE_MIN_USD
from hireplan.engine.answers.dates import DATE_MAX, DATE_MIN, within_bounds
from hireplan.engine.answers.sourcing import NOTICE_WEEKS_MAX
from hireplan.engine.choices import Choice
from hireplan.engine.text import usd

# Product choices: bounds that catch typos without second-guessing a real plan.
OFFER_HOURS_MAX = 720  # thirty days
EQUITY_MAX_USD = 50_000_000
VESTING_YEARS_MAX = 10
CLIFF_MONTHS_MAX = 60
CURRENT_GRANTS_MAX = 3
# A grant still vesting started within the last ten years (the longest schedule); the upper
# bound keeps a typo such as 2207 out. Fixed dates: a stored answer must not expire.
VESTING_START_MIN = DATE_MIN
VESTING_START_MAX = DATE_MAX
COMPETING_OFFERS_MAX = 4
OWNER_MAX_CHARS = 80
APPROVERS_MAX_CHARS = 200
VALUATION_MIN_USD = 1_000_000
VALUATION_MAX_USD = 10_000_000_000_000  # the guide's senior candidates hold two to four offers (O1)


class VestingSchedule(Choice):
    """How often a grant vests after its cliff, as the candidate's statement shows it."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Yearly"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "annual": 12}[self.value]


class CurrentGrant(BaseModel):
    """One equity grant the candidate holds now, entered as their statement reads (C8, C9).

    The grant vests in equal parts every period (month, quarter or year) from its vesting
    start; what falls before the cliff vests at once on the cliff. `vested_usd` is what the
    statement shows as vested today; left empty, the schedule says. Checks that need today's
    date (nothing vested before the grant starts or before its cliff) live in the step's
    form, because a stored answer must stay valid as time passes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value_usd: int = Field(ge=1, le=EQUITY_MAX_USD)
    vesting_years: int = Field(ge=1, le=VESTING_YEARS_MAX)
    schedule: VestingSchedule = VestingSchedule.MONTHLY
    vesting_start: date = Field(ge=VESTING_START_MIN, le=VESTING_START_MAX)
    cliff_months: int = Field(default=0, ge=0, le=CLIFF_MONTHS_MAX, validate_default=True)
    vested_usd: int | None = Field(default=None, ge=0, le=EQUITY_MAX_USD, validate_default=True)

    @field_validator("cliff_months")
    @classmethod
    def cliff_within_schedule(cls, value: int, info: ValidationInfo) -> int:
        years = info.data.get("vesting_years")
        if years is not None and value > years * 12:
            raise ValueError(
                f"A {value}-month cliff is longer than the grant's {years}-year schedule."
            )
        return value

    @field_validator("vested_usd")
    @classmethod
    def vested_within_grant(cls, value: int | None, info: ValidationInfo) -> int | None:
        grant = info.data.get("value_usd")
        if value is not None and grant is not None and value > grant:
            raise ValueError(
                f"More has vested ({usd(value)}) than the grant is worth ({usd(grant)})."
            )
        return value

    @property
    def total_months(self) -> int:
        return self.vesting_years * 12


class CompetingOffer(BaseModel):
    """An offer the candidate holds from elsewhere (O1), as base plus yearly equity."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    label: str = Field(default="", max_length=60)
    base_usd: int = Field(ge=BASE_MIN_USD, le=BASE_MAX_USD)
    equity_per_year_usd: int = Field(default=0, ge=0, le=EQUITY_MAX_USD)


VestingShare = Annotated[int, Field(ge=0, le=100)]


class OfferAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The offer plan: known at planning time, before any finalist exists.
    offer_hours_after_final_round: int = Field(ge=0, le=OFFER_HOURS_MAX)
    same_day_walkthrough: bool
    offer_owner: str = Field(default="", max_length=OWNER_MAX_CHARS)
    approvers: str = Field(default="", max_length=APPROVERS_MAX_CHARS)
    # Hours the sign-off takes after the final round. Empty: not known yet.
    approval_hours: int | None = Field(default=None, ge=0, le=OFFER_HOURS_MAX)
    # Hours after the offer lands. Empty: no hiring-manager call is planned.
    hm_call_within_hours: int | None = Field(default=None, ge=1, le=OFFER_HOURS_MAX)
    offer_base_usd: int | None = Field(default=None, ge=BASE_MIN_USD, le=BASE_MAX_USD)
    equity_compared_by_nominal_grant: bool = False
    # What the candidate holds now (user input: the guide has no figure for it).
    current_grants: list[CurrentGrant] = Field(default_factory=list, max_length=CURRENT_GRANTS_MAX)
    # The offer's own grant: its value, the share vesting each year, and its cliff.
    offer_equity_usd: int | None = Field(default=None, ge=0, le=EQUITY_MAX_USD)
    offer_vesting_pct: list[VestingShare] = Field(
        default_factory=list, max_length=VESTING_YEARS_MAX
    )
    offer_cliff_months: int | None = Field(default=None, ge=0, le=CLIFF_MONTHS_MAX)
    # Only to show the grant as a share of the company, for teams that think in percent.
    company_valuation_usd: int | None = Field(
        default=None, ge=VALUATION_MIN_USD, le=VALUATION_MAX_USD
    )
    # The candidate: optional until a finalist exists.
    competing_offers: list[CompetingOffer] = Field(
        default_factory=list, max_length=COMPETING_OFFERS_MAX
    )
    start_date: date | None = None
    start_weeks_after_acceptance: int | None = Field(default=None, ge=0, le=NOTICE_WEEKS_MAX)

    @field_validator("start_date")
    @classmethod
    def start_within_bounds(cls, value: date | None) -> date | None:
        return within_bounds(value, "start date")

    @field_validator("offer_vesting_pct")
    @classmethod
    def shares_add_up(cls, value: list[int], info: ValidationInfo) -> list[int]:
        if value and sum(value) != 100:
            raise ValueError(
                f"The yearly shares add up to {sum(value)}%, not 100%: check each year."
            )
        if not value and info.data.get("offer_equity_usd"):
            raise ValueError("Give the share vesting each year, for example 25, 25, 25, 25.")
        return value

    @field_validator("offer_cliff_months")
    @classmethod
    def cliff_within_schedule(cls, value: int | None, info: ValidationInfo) -> int | None:
        shares = info.data.get("offer_vesting_pct") or []
        if value is not None and shares and value > len(shares) * 12:
            years = len(shares)
            raise ValueError(
                f"A {value}-month cliff is longer than the {years}-year schedule "
                f"({years * 12} months)."
            )
        return value

    @property
    def offer_equity_pct(self) -> Fraction | None:
        """The offer's grant as a percent of the company, when a valuation is given."""
        if not self.offer_equity_usd or not self.company_valuation_usd:
            return None
        return Fraction(self.offer_equity_usd * 100, self.company_valuation_usd)

    @property
    def has_offer_equity(self) -> bool:
        return bool(self.offer_equity_usd) and bool(self.offer_vesting_pct)
