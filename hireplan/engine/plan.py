"""What the engine produces: a hiring plan whose every figure and finding names its claims."""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from hireplan.engine.answers import (
    DeliverableKind,
    InterviewerRole,
    Lane,
    Level,
    LLMWork,
    Metro,
    RoundKind,
    SkillId,
)
from hireplan.engine.choices import Choice
from hireplan.engine.inputs import StepProblem, StepSlug

ClaimList = Annotated[list[str], Field(min_length=1)]


class Severity(Choice):
    BLOCKER = "blocker", "Blocker"
    RISK = "risk", "Risk"
    ADVICE = "advice", "Advice"
    GOOD = "good", "Good"


SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(Severity)}


class FigureSource(Choice):
    GUIDE = "guide", "From the guide"
    USER_SUPPLIED = "user_supplied", "Entered by you"
    NOT_IN_GUIDE = "not_in_guide", "Not in the guide"
    PRODUCT_CHOICE = "product_choice", "Hireplan's rule"


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FailureStory(Out):
    """One of the guide's three failure modes (FM1–FM3), told with the finding it warns of."""

    id: str
    name: str
    story: str
    cost_usd: int | None
    cost_note: str
    lesson: str
    claims: ClaimList


class Finding(Out):
    """One piece of advice: what is wrong (or right), what to do, where, and on whose word."""

    id: Annotated[str, Field(pattern=r"^[a-z]+\.[a-z_]+$")]
    severity: Severity
    title: str
    action: str
    step: StepSlug
    claims: ClaimList
    detail: str = ""
    failure: FailureStory | None = None


class GuideInfo(Out):
    title: str
    edition: str
    author: str
    publisher: str
    date: date


class LaneAssessment(Out):
    primary: Lane
    primary_name: str
    primary_job: str
    lean: Lane | None
    extra: list[Lane]
    lane_count: int
    do_it_all: bool
    adjacent_to_primary: list[Lane]
    deliverable_kind: DeliverableKind
    deliverable_fits: list[Lane]
    stack_signal: list[str]
    claims: ClaimList


class CompLine(Out):
    """One step of the band's arithmetic. `low`/`high` hold the amount (effect band or set), the
    delta (effect amount), or a figure shown for reference (effect note); `running_*` is the band
    after this line."""

    label: str
    effect: Literal["band", "set", "percent", "amount", "note"]
    low: int | None = None
    high: int | None = None
    pct_low: int | None = None
    pct_high: int | None = None
    running_low: int
    running_high: int
    applied: bool
    source: FigureSource
    claims: ClaimList
    note: str = ""


class UsdRange(Out):
    low: int
    high: int
    midpoint: int


class BandPlacement(Out):
    """Where the team's proposed band sits against the recommendation (midpoints compared)."""

    proposed: UsdRange
    recommended: UsdRange
    percent_vs_recommendation: float
    direction: Literal["below", "level", "above"]
    underpriced: bool
    underpriced_at_pct: int
    claims: ClaimList


class PostingAdvice(Out):
    range: UsdRange
    post_up_to: int
    basis: Literal["proposed_band", "recommendation"]
    states_requiring_range: int
    states_named_in_guide: bool
    claims: ClaimList


class CompRecommendation(Out):
    level: Level
    metro: Metro
    metro_name: str
    lines: list[CompLine]
    band: UsdRange
    placement: BandPlacement | None
    posting: PostingAdvice
    llm_work: LLMWork | None
    claims: ClaimList  # every claim behind a line that moved the band


class TimelineReason(Out):
    label: str
    weeks_low: int | None
    weeks_high: int | None
    applied: bool
    source: FigureSource
    claims: ClaimList
    note: str = ""


class TimelinePhase(Out):
    """One stretch of the search on a day axis counted from `TimelineEstimate.day_zero`.

    `start_day`/`end_day` follow the expected span's short end; `slip_days` is how much later
    the phase falls at its long end. A milestone has `start_day == end_day`.
    """

    id: Literal["intake", "sourcing", "loop", "offer", "notice", "start"]
    label: str
    start_day: int
    end_day: int
    slip_days: int
    known: bool  # False when an input it needs is missing (the notice period)
    source: FigureSource
    claims: ClaimList
    note: str = ""


class TimelineEstimate(Out):
    """Weeks to an accepted offer: the guide's range, and the expected span for this search.

    `guide_*` is the guide's own range for a well-scoped search (T1); `low_weeks`/`high_weeks`
    is that range with this plan's T2 causes added (Hireplan's arithmetic over the guide's
    figures): the two differ only when a cause applies.
    """

    low_weeks: int
    high_weeks: int
    guide_low_weeks: int
    guide_high_weeks: int
    expected_low_weeks: int
    expected_high_weeks: int
    reasons: list[TimelineReason]
    days_open: int | None
    claims: ClaimList
    # The phases on a day axis: day 0 is the day the search opened, or today if it has not.
    day_zero: date
    day_zero_basis: Literal["search_opened", "today"]
    today_day: int
    phases: list[TimelinePhase]
    start_low: date
    start_high: date
    target_start: date | None


class RoundPlan(Out):
    kind: RoundKind
    name: str
    minutes: int
    interviewer_role: InterviewerRole
    interviewer_count: int
    skills_tested: list[SkillId]
    purpose: str
    claims: ClaimList


class SkillCoverage(Out):
    """One skill against the rounds: the guide's S1–S6, or one of the team's own skills from
    the JD step (`team_skill`), with the titles of the rounds that test it."""

    skill: str  # "S1"–"S6", or the team's own words as the JD ranks them
    name: str
    team_skill: bool
    rounds: list[str]
    ranked_in_jd: int | None


class LoopCheck(Out):
    required_rounds: int
    template_level: Level | None
    template: list[RoundPlan]
    template_minutes: int | None
    template_source: FigureSource | None
    template_reason: str
    planned_rounds: int | None
    candidate_minutes: int | None
    hours_low: int
    hours_high: int
    spread_days: int | None
    # The JD's ranked skills in its order, then the guide's skills it does not rank.
    coverage: list[SkillCoverage]
    # Team skills ticked on saved rounds that the JD no longer ranks: they count for nothing,
    # and the loop step drops them at its next save (Hireplan's rule, docs/engine.md).
    dropped_skills: list[str] = []
    claims: ClaimList

    @property
    def untested(self) -> list[SkillCoverage]:
        """The skills no round tests: the brief names only these, the rounds table the rest."""
        return [row for row in self.coverage if not row.rounds]


class ChecklistStatus(Out):
    """One O2 item, with who owns it and its deadline in hours after the final round."""

    id: str
    label: str
    status: Literal["done", "missing", "unknown"]
    claims: ClaimList
    owner: str
    owner_source: FigureSource
    due_hours_after_final_round: int
    planned_hours_after_final_round: int | None


class EquityYear(Out):
    year: int
    current_usd: int  # what the candidate's grants would vest that year if they stayed
    offer_usd: int
    difference_usd: int


class NextVest(Out):
    """A current grant's first vest on or after the start date (C9). The candidate is gone on
    the start day, so it is left behind unless the start moves to `keep_from`, the day after
    it. `given_up`: Hireplan's reading of a rushed start, a cliff still ahead of the start or
    a vest within the guide's rush (two weeks) after it."""

    grant: int  # the grant's place in the list the user entered, from 1
    vest_date: date
    amount_usd: int
    kind: Literal["cliff", "monthly", "quarterly", "annual"]
    days_to_keep: int  # move the start this many days later to keep the vest
    keep_from: date
    given_up: bool


class EquityComparison(Out):
    """C8 and C9 from the user's grants: year by year from the start date, whole dollars."""

    start_date: date
    start_basis: Literal["offer", "sourcing", "today"]
    years: list[EquityYear]
    current_total_usd: int
    offer_total_usd: int
    gap_usd: int  # current minus offer: above zero, the offer leaves the candidate short
    vests_before_start_usd: int  # vests at the current employer between today and the start
    next_vests: list[NextVest]  # each grant still vesting: its first vest on or after the start
    given_up: list[NextVest]  # those of next_vests a rushed start gives up
    given_up_usd: int
    has_current: bool
    has_offer: bool
    source: FigureSource
    claims: ClaimList


class OfferCompared(Out):
    """One offer on the table, as a yearly total (O1): ours uses the offer's four-year
    average vest."""

    label: str
    base_usd: int
    equity_per_year_usd: int
    total_per_year_usd: int
    ours: bool


class OfferPlan(Out):
    checklist: list[ChecklistStatus]
    base_floor_usd: int | None
    base_floor_basis: Literal["proposed_band", "recommendation"] | None
    band_low_usd: int | None
    band_high_usd: int | None
    offer_base_usd: int | None
    base_in_top_quartile: bool | None
    equity_years: int
    walked_equity_low: int
    walked_equity_high: int
    rush_weeks: int
    equity: EquityComparison | None
    competing_offers_low: int | None
    competing_offers_high: int | None
    offers_compared: list[OfferCompared]
    # The offer's grant as a share of the company ("0.0857%"), when a valuation is given.
    equity_share: str | None = None
    notice_period_weeks: int | None = None
    claims: ClaimList


class PoolPlan(Out):
    rank: int
    name: str
    where: str
    reachable: str
    claims: ClaimList


class ShareFigure(Out):
    label: str
    percent: int
    claims: ClaimList


class SourcingPlan(Out):
    pools: list[PoolPlan]
    shares: list[ShareFigure]
    staffing_partner_suggested: bool
    staffing_partner_reasons: list[str]
    claims: ClaimList


class HiringPlan(Out):
    guide: GuideInfo
    today: date
    steps_saved: list[StepSlug]
    unreadable_steps: list[StepProblem]
    lane: LaneAssessment | None
    compensation: CompRecommendation | None
    timeline: TimelineEstimate
    loop: LoopCheck
    sourcing: SourcingPlan
    offer: OfferPlan
    findings: list[Finding]
    counts: dict[Severity, int]
