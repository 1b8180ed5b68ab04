"""The offer step's answers: timing, base, the candidate's equity and the offer's, the start.

Claims these answers feed: O1, O2 and C7–C9. A start date in the past is refused by the step's
form, not here: a stored answer must stay valid as time passes.
"""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from hireplan.engine.answers.comp import BASE_MAX_USD, BASE_MIN_USD
from hireplan.engine.answers.sourcing import NOTICE_WEEKS_MAX
from hireplan.engine.text import usd

# Product choices: bounds that catch typos without second-guessing a real plan.
OFFER_HOURS_MAX = 720  # thirty days
EQUITY_MAX_USD = 50_000_000
VESTING_YEARS_MAX = 10
CLIFF_MONTHS_MAX = 60
CURRENT_GRANTS_MAX = 3
COMPETING_OFFERS_MAX = 4  # the guide's senior candidates hold two to four offers (O1)


class CurrentGrant(BaseModel):
    """One equity grant the candidate holds now, valued at today's price (C8, C9).

    Vesting is taken as monthly in equal parts after the cliff, with the cliff's months vesting
    at once on the cliff date: the common pattern, and the one the calculator states.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value_usd: int = Field(ge=1, le=EQUITY_MAX_USD)
    vesting_years: int = Field(ge=1, le=VESTING_YEARS_MAX)
    cliff_months: int = Field(default=0, ge=0, le=CLIFF_MONTHS_MAX, validate_default=True)
    vested_usd: int = Field(default=0, ge=0, le=EQUITY_MAX_USD, validate_default=True)
    # The date the cliff falls on, when it is still ahead (nothing has vested yet).
    cliff_date: date | None = Field(default=None, validate_default=True)

    @field_validator("cliff_months")
    @classmethod
    def cliff_within_schedule(cls, value: int, info: ValidationInfo) -> int:
        years = info.data.get("vesting_years")
        if years is not None and value > years * 12:
            raise ValueError(f"A {value}-month cliff is longer than the {years}-year schedule.")
        return value

    @field_validator("vested_usd")
    @classmethod
    def vested_fits_schedule(cls, value: int, info: ValidationInfo) -> int:
        grant, years = info.data.get("value_usd"), info.data.get("vesting_years")
        cliff = info.data.get("cliff_months")
        if grant is None or years is None or cliff is None:
            return value  # an earlier field failed and carries the error
        if value > grant:
            raise ValueError("More has vested than the grant is worth: check both amounts.")
        total = years * 12
        # Monthly vesting after a cliff: the first vest is the whole cliff tranche at once.
        if value and cliff and round(total * value / grant) < cliff:
            tranche = -(-grant * cliff // total)
            raise ValueError(
                f"With a {cliff}-month cliff nothing vests until {usd(tranche)} vests at once, "
                f"so {usd(value)} does not fit this schedule."
            )
        return value

    @field_validator("cliff_date")
    @classmethod
    def cliff_date_when_ahead(cls, value: date | None, info: ValidationInfo) -> date | None:
        if "vested_usd" not in info.data or "cliff_months" not in info.data:
            return value
        ahead = info.data["vested_usd"] == 0 and info.data["cliff_months"] > 0
        if ahead and value is None:
            raise ValueError(
                "Nothing has vested yet, so the cliff is still ahead: give the date it falls on."
            )
        if value is not None and not ahead:
            raise ValueError(
                "Give a cliff date only when the cliff is still ahead (nothing vested yet)."
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

    offer_hours_after_final_round: int = Field(ge=0, le=OFFER_HOURS_MAX)
    same_day_walkthrough: bool
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
    competing_offers: list[CompetingOffer] = Field(
        default_factory=list, max_length=COMPETING_OFFERS_MAX
    )
    start_date: date | None = None
    start_weeks_after_acceptance: int | None = Field(default=None, ge=0, le=NOTICE_WEEKS_MAX)

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
    def has_offer_equity(self) -> bool:
        return bool(self.offer_equity_usd) and bool(self.offer_vesting_pct)
