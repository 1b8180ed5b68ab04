"""Equity arithmetic for the offer step: what vests when, in whole dollars (C8, C9).

Pure functions over plain numbers and dates. The rules they follow, which the offer step
states beside the figures:

- A current grant vests monthly in equal parts after its cliff; the cliff's months vest at
  once on the cliff date. How far into the grant the candidate is comes from what has vested
  already (rounded to the nearest month, with vesting days falling on today's day of the
  month), or, before the cliff, from the cliff date.
- The offer's grant vests the given share each year, spread evenly over that year's months,
  with nothing before its cliff (what would have vested by then vests on the cliff).
- Time is counted in whole months: a start three and a half months after a vesting day
  counts three more monthly vests at the current employer, not three and a half.
- Amounts are running totals rounded half up to the dollar; each year's figure is the
  difference of two rounded totals, so the years always add up to the total shown.
"""

import calendar
import itertools
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

YEARS_COMPARED = 4  # C8: compare by value vested over the next four years


def whole_dollars(amount: Fraction) -> int:
    """Rounded half up to the dollar: $0.50 becomes $1."""
    return int((amount + Fraction(1, 2)) // 1)


def whole_months_between(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end` (0 when `end` is not after `start`)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(0, months)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Grant:
    """A grant the candidate holds: total value today, schedule, cliff, and progress so far."""

    value: int
    years: int
    cliff_months: int = 0
    vested: int = 0
    cliff_date: date | None = None

    @property
    def total_months(self) -> int:
        return self.years * 12

    def vesting_start(self, today: date) -> date:
        """The date the schedule counts from, as far as the answers tell.

        Before the cliff, the cliff date fixes it exactly. After it, what has vested says how
        many months in the grant is (to the nearest month), counted back from today.
        """
        if self.vested:
            elapsed = round(Fraction(self.total_months * self.vested, self.value))
            return add_months(today, -elapsed)
        if self.cliff_months and self.cliff_date is not None:
            return add_months(self.cliff_date, -self.cliff_months)
        return today

    def vested_at(self, month: int) -> Fraction:
        """Value vested `month` months into the schedule."""
        if month <= 0 or month < self.cliff_months:
            return Fraction(0)
        return Fraction(self.value * min(month, self.total_months), self.total_months)


@dataclass(frozen=True)
class OfferGrant:
    """The offer's grant: its value, the percent vesting each year, and its cliff."""

    value: int
    yearly_pct: tuple[int, ...]
    cliff_months: int = 0

    def vested_at(self, month: int) -> Fraction:
        """Value vested `month` months after the start date."""
        if month <= 0 or month < self.cliff_months:
            return Fraction(0)
        full_years, part = divmod(month, 12)
        pct = Fraction(sum(self.yearly_pct[:full_years]))
        if full_years < len(self.yearly_pct):
            pct += Fraction(self.yearly_pct[full_years] * part, 12)
        return self.value * pct / 100


@dataclass(frozen=True)
class YearRow:
    year: int
    current: int  # what the candidate's grants would vest that year if they stayed
    offer: int  # what the offer vests that year

    @property
    def difference(self) -> int:
        return self.offer - self.current


@dataclass(frozen=True)
class CliffWalk:
    """A cliff still ahead on the start date: leaving before it forfeits the whole tranche."""

    cliff_date: date
    tranche: int


@dataclass(frozen=True)
class Comparison:
    start: date
    months_to_start: int
    years: list[YearRow]
    current_total: int
    offer_total: int
    vests_before_start: int  # kept: vests at the current employer between today and the start
    walked_at_start: int  # left unvested on the start date (the whole remaining schedule)
    cliffs_walked: list[CliffWalk]

    @property
    def gap(self) -> int:
        """How much more the candidate leaves behind over the years compared than the offer
        vests; zero or less means the offer covers it."""
        return self.current_total - self.offer_total


def _yearly(cumulative: list[Fraction]) -> list[int]:
    rounded = [whole_dollars(amount) for amount in cumulative]
    return [later - earlier for earlier, later in itertools.pairwise(rounded)]


def compare(
    grants: list[Grant],
    offer: OfferGrant | None,
    *,
    today: date,
    start: date | None,
    years: int = YEARS_COMPARED,
) -> Comparison:
    """The candidate's current grants against the offer, year by year from the start date.

    Year 1 is the first twelve months after the start. Without a start date (or with one in
    the past) the comparison starts today.
    """
    start = max(start or today, today)
    ends = [add_months(start, 12 * year) for year in range(years + 1)]
    current_cumulative = [Fraction(0)] * (years + 1)
    vests_before = Fraction(0)
    walked = Fraction(0)
    cliffs: list[CliffWalk] = []
    for grant in grants:
        origin = grant.vesting_start(today)
        at_start = grant.vested_at(whole_months_between(origin, start))
        for year, end in enumerate(ends):
            current_cumulative[year] += (
                grant.vested_at(whole_months_between(origin, end)) - at_start
            )
        vests_before += at_start - grant.vested_at(whole_months_between(origin, today))
        walked += grant.value - at_start
        if grant.cliff_months and at_start == 0 and grant.cliff_date is not None:
            cliffs.append(
                CliffWalk(
                    cliff_date=grant.cliff_date,
                    tranche=whole_dollars(grant.vested_at(grant.cliff_months)),
                )
            )
    current_years = _yearly(current_cumulative)
    if offer is not None:
        offer_years = _yearly([offer.vested_at(12 * year) for year in range(years + 1)])
    else:
        offer_years = [0] * years
    return Comparison(
        start=start,
        months_to_start=whole_months_between(today, start),
        years=[
            YearRow(year=index + 1, current=current, offer=offered)
            for index, (current, offered) in enumerate(zip(current_years, offer_years, strict=True))
        ],
        current_total=sum(current_years),
        offer_total=sum(offer_years),
        vests_before_start=whole_dollars(vests_before),
        walked_at_start=whole_dollars(walked),
        cliffs_walked=sorted(cliffs, key=lambda walk: walk.cliff_date),
    )
