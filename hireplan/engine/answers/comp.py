"""The compensation step's answers: level, place, arrangement, the band and how it is posted.

Claims these answers feed: C1 (level), C4 (metro), C5 (posting), C6 (arrangement), C2 (band).
"""

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from hireplan.engine.choices import Choice

# Product choices (fixtures/reference/product_choices.json repeats them; a test keeps both equal).
# A U.S. base below $50K or above $1M is a typo, not an ML engineer band; a band whose top is
# more than three times its bottom is two bands.
BASE_MIN_USD = 50_000
BASE_MAX_USD = 1_000_000
BAND_MAX_RATIO = 3
LLM_UPLIFT_MAX_USD = 300_000

# The fifty states and DC, as postal codes.
_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
US_STATE_CODES = frozenset(_STATES.split())


class Level(Choice):
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"


class Metro(Choice):
    """The metros the guide gives figures or advice for, plus a way out for every other place."""

    ORANGE_COUNTY = "orange_county", "Irvine, Newport Beach or Costa Mesa"
    BELLEVUE_REDMOND = "bellevue_redmond", "Bellevue–Redmond"
    MOUNTAIN_VIEW = "mountain_view", "Mountain View"
    BAY_AREA_OTHER = "bay_area_other", "Elsewhere in the Bay Area"
    CHARLOTTE = "charlotte", "Charlotte"
    TAMPA = "tampa", "Tampa"
    NATIONAL = "national", "No single metro: use the national band"
    OTHER = "other", "Another metro"


# The guide has no base figure for these: the national band stands, or the user's local one.
METROS_WITHOUT_FIGURE = frozenset({Metro.BAY_AREA_OTHER, Metro.OTHER})


class Arrangement(Choice):
    REMOTE = "remote", "Remote"
    HYBRID = "hybrid", "Hybrid"
    IN_OFFICE = "in_office", "Full in-office"


class PayTransparency(Choice):
    """The guide counts eight states with a range-disclosure law but names none: the user says."""

    YES = "yes", "Yes: the posting falls under a pay-transparency law"
    NO = "no", "No"
    UNSURE = "unsure", "Not sure"


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


StateCode = Annotated[str, BeforeValidator(_upper)]


def _check_base(value: int | None, what: str) -> int | None:
    if value is not None and not BASE_MIN_USD <= value <= BASE_MAX_USD:
        raise ValueError(
            f"{what} must be a yearly U.S. base between ${BASE_MIN_USD:,} and ${BASE_MAX_USD:,}."
        )
    return value


def _check_range(low: int | None, high: int | None, what: str) -> int | None:
    """Validates the high end of a low–high pair once the low end has passed."""
    if (low is None) != (high is None):
        raise ValueError(f"Enter both ends of the {what}, or neither.")
    if low is not None and high is not None:
        if high < low:
            raise ValueError(f"The top of the {what} is below its bottom: swap them.")
        if high == low:
            raise ValueError(
                f"The {what} needs a top above its bottom: a single figure is not a range."
            )
        if high > low * BAND_MAX_RATIO:
            raise ValueError(
                f"The top of the {what} is more than {BAND_MAX_RATIO} times its bottom; "
                "split it into narrower bands."
            )
    return high


class CompAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    level: Level
    metro: Metro
    other_metro_name: str = Field(default="", max_length=80, validate_default=True)
    local_base_usd: int | None = Field(default=None, validate_default=True)
    arrangement: Arrangement
    office_days: int | None = Field(default=None, validate_default=True)
    remote_nationwide: bool = Field(default=False, validate_default=True)
    posting_states: list[StateCode] = Field(default_factory=list, max_length=51)
    bonus_target_pct: float | None = Field(default=None, ge=0, le=100)
    equity_note: str = Field(default="", max_length=500)
    # Only the user can say how much more LLM-and-classical work pays: the guide gives no figure.
    llm_uplift_usd: int | None = Field(default=None, ge=0, le=LLM_UPLIFT_MAX_USD)
    band_low_usd: int | None = None
    band_high_usd: int | None = Field(default=None, validate_default=True)
    posted_publicly: bool = False
    pay_transparency_law: PayTransparency = PayTransparency.UNSURE
    posting_low_usd: int | None = None
    posting_high_usd: int | None = Field(default=None, validate_default=True)

    @field_validator("other_metro_name")
    @classmethod
    def name_other_metro(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("metro") == Metro.OTHER and not value:
            raise ValueError("Name the metro.")
        return value

    @field_validator("local_base_usd")
    @classmethod
    def local_base_in_bounds(cls, value: int | None) -> int | None:
        # Optional: without it the national band stands. For a metro the guide prices, the
        # step's form drops it; an imported one is shown as not used.
        return _check_base(value, "The local base")

    @field_validator("office_days")
    @classmethod
    def office_days_for_hybrid(cls, value: int | None, info: ValidationInfo) -> int | None:
        arrangement = info.data.get("arrangement")
        if arrangement == Arrangement.HYBRID:
            if value is None:
                raise ValueError("Say how many days a week are in the office.")
            if not 1 <= value <= 5:
                raise ValueError("Office days are between 1 and 5 a week.")
        elif value is not None and arrangement is not None:
            raise ValueError("Office days apply to hybrid roles only.")
        return value

    @field_validator("remote_nationwide")
    @classmethod
    def nationwide_means_remote(cls, value: bool, info: ValidationInfo) -> bool:
        arrangement = info.data.get("arrangement")
        if value and arrangement is not None and arrangement != Arrangement.REMOTE:
            raise ValueError("Only a remote role can be posted nationwide.")
        return value

    @field_validator("posting_states")
    @classmethod
    def known_states(cls, value: list[str], info: ValidationInfo) -> list[str]:
        unknown = [code for code in value if code not in US_STATE_CODES]
        if unknown:
            raise ValueError(f"Not a U.S. state code: {', '.join(unknown)}.")
        if value and info.data.get("remote_nationwide"):
            raise ValueError("A nationwide posting covers every state: leave the states empty.")
        return list(dict.fromkeys(value))

    @field_validator("band_low_usd", "posting_low_usd")
    @classmethod
    def low_in_bounds(cls, value: int | None) -> int | None:
        return _check_base(value, "The bottom of the range")

    @field_validator("band_high_usd")
    @classmethod
    def band_in_order(cls, value: int | None, info: ValidationInfo) -> int | None:
        if "band_low_usd" not in info.data:
            return value  # the low end already failed and carries the error
        _check_base(value, "The top of the band")
        return _check_range(info.data["band_low_usd"], value, "band")

    @field_validator("posting_high_usd")
    @classmethod
    def posting_in_order(cls, value: int | None, info: ValidationInfo) -> int | None:
        if "posting_low_usd" not in info.data:
            return value
        _check_base(value, "The top of the posted range")
        return _check_range(info.data["posting_low_usd"], value, "posted range")

    @property
    def has_band(self) -> bool:
        return self.band_low_usd is not None and self.band_high_usd is not None

    @property
    def has_posting_range(self) -> bool:
        return self.posting_low_usd is not None and self.posting_high_usd is not None
