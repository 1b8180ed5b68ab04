"""Equity arithmetic for the offer step: what vests when, in whole dollars (C8, C9).

Pure functions over plain numbers and dates. What comes from the guide: compare the value
that vests over the next four years (C8), and let the start date respect the notice period
and any unvested cliff (C9). The rest is Hireplan's rule, stated beside the figures and in
docs/engine.md ("Equity: how grants vest"):

- A current grant vests in equal parts every period of its schedule (a month, a quarter or
  a year) from its vesting start, over its vesting years. Every part that falls on or
  before the cliff (vesting start plus the cliff's months) vests at once on the cliff date.
- What has vested by today is the statement's figure when the candidate gives one, else
  what the schedule has vested by today (today's vests included). With a statement, what
  remains is spread over the vests still to come in proportion to their parts; when none
  is left to come, nothing more vests.
- The candidate is gone on the start day: a vest on the start date is left behind, one the
  day before is kept. So keeping a vest means moving the start to the day after it.
- A vest is given up by a rush when it is a cliff still ahead of the start (however far:
  the guide asks the start to respect any unvested cliff) or when it falls within the
  guide's rush of two weeks after the start (the number of weeks is passed in).
- The offer's grant vests the given share each year, spread evenly over that year's months,
  with nothing before its cliff (what would have vested by then vests on the cliff).
- Amounts are running totals rounded half up to the dollar; each year's figure is the
  difference of two rounded totals, so the years always add up to the total shown.
"""

import calendar
import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

YEARS_COMPARED = 4  # C8: compare by value vested over the next four years

Schedule = Literal["monthly", "quarterly", "annual"]
VestKind = Literal["cliff", "monthly", "quarterly", "annual"]
PERIOD_MONTHS: dict[Schedule, int] = {"monthly": 1, "quarterly": 3, "annual": 12}


def whole_dollars(amount: Fraction) -> int:
    """Rounded half up to the dollar: $0.50 becomes $1."""
    return int((amount + Fraction(1, 2)) // 1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Vest:
    """One vesting event: the day it falls on, what vests, and whether it is the cliff."""

    on: date
    amount: Fraction
    kind: VestKind


@dataclass(frozen=True)
class Grant:
    """A grant the candidate holds, as their statement reads: value at today's price, vesting
    years, schedule, vesting start, cliff, and (optionally) what the statement shows vested."""

    value: int
    years: int
    vesting_start: date
    schedule: Schedule = "monthly"
    cliff_months: int = 0
    vested: int | None = None  # None: as the schedule says

    def vests(self) -> list[Vest]:
        """Every vest of the schedule, the parts up to the cliff merged into one on its date."""
        total, period = self.years * 12, PERIOD_MONTHS[self.schedule]
        count = -(-total // period)
        part = Fraction(self.value, count)
        offsets = [min(period * number, total) for number in range(1, count + 1)]
        merged = sum(1 for offset in offsets if offset <= self.cliff_months)
        result = []
        if merged:
            cliff = add_months(self.vesting_start, self.cliff_months)
            result.append(Vest(cliff, part * merged, "cliff"))
        result.extend(
            Vest(add_months(self.vesting_start, offset), part, self.schedule)
            for offset in offsets[merged:]
        )
        return result

    def vested_by(self, today: date) -> Fraction:
        """What has vested by today: the statement's figure, else the schedule's."""
        if self.vested is not None:
            return Fraction(min(self.vested, self.value))
        return sum((vest.amount for vest in self.vests() if vest.on <= today), Fraction(0))

    def vests_after(self, today: date) -> list[Vest]:
        """The vests still to come after today, with what each will vest.

        With the statement's figure, what remains is shared among them in proportion to
        their parts of the schedule."""
        ahead = [vest for vest in self.vests() if vest.on > today]
        if self.vested is None:
            return ahead
        remaining = self.value - self.vested_by(today)
        scheduled = sum((vest.amount for vest in ahead), Fraction(0))
        if remaining <= 0 or not scheduled:
            return []
        return [Vest(vest.on, remaining * vest.amount / scheduled, vest.kind) for vest in ahead]


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
class NextVest:
    """A grant's first vest on or after the start date. The candidate is gone on the start
    day, so this vest is left behind unless the start moves to the day after it."""

    grant: int  # the grant's place in the list entered, from 1
    on: date
    amount: int
    kind: VestKind
    days_to_keep: int  # how many days later the start must be to keep it
    given_up: bool  # a cliff still ahead, or a vest within the rush after the start

    @property
    def keep_from(self) -> date:
        """The earliest start that keeps this vest: the day after it."""
        return self.on + timedelta(days=1)


def next_vest(
    number: int, grant: Grant, *, today: date, start: date, rush_weeks: int
) -> NextVest | None:
    """The grant's first vest on or after `start` (on or after today), or None when nothing
    is left to vest by then."""
    vest = next((vest for vest in grant.vests_after(today) if vest.on >= start), None)
    if vest is None:
        return None
    within_rush = vest.on - start < timedelta(weeks=rush_weeks, days=1)
    return NextVest(
        grant=number,
        on=vest.on,
        amount=whole_dollars(vest.amount),
        kind=vest.kind,
        days_to_keep=(vest.on - start).days + 1,
        given_up=vest.kind == "cliff" or within_rush,
    )


@dataclass(frozen=True)
class Comparison:
    start: date
    years: list[YearRow]
    current_total: int
    offer_total: int
    vests_before_start: int  # kept: vests at the current employer between today and the start
    next_vests: list[NextVest] = field(default_factory=list)  # one per grant still vesting

    @property
    def gap(self) -> int:
        """How much more the candidate leaves behind over the years compared than the offer
        vests; zero or less means the offer covers it."""
        return self.current_total - self.offer_total

    @property
    def given_up(self) -> list[NextVest]:
        """The next vests a rushed start gives up (Hireplan's reading of C9)."""
        return [vest for vest in self.next_vests if vest.given_up]


def _yearly(cumulative: list[Fraction]) -> list[int]:
    rounded = [whole_dollars(amount) for amount in cumulative]
    return [later - earlier for earlier, later in itertools.pairwise(rounded)]


def compare(
    grants: list[Grant],
    offer: OfferGrant | None,
    *,
    today: date,
    start: date | None,
    rush_weeks: int,
    years: int = YEARS_COMPARED,
) -> Comparison:
    """The candidate's current grants against the offer, year by year from the start date.

    Year 1 runs from the start date to the same date a year later, both included; each later
    year runs from the day after an anniversary to the next anniversary.
    Without a start date (or with one in the past) the comparison starts today. `rush_weeks`
    is the guide's rush (C9), from the reference data.
    """
    start = max(start or today, today)
    ends = [add_months(start, 12 * year) for year in range(years + 1)]
    current_cumulative = [Fraction(0)] * (years + 1)
    before = Fraction(0)
    nexts: list[NextVest] = []
    for number, grant in enumerate(grants, start=1):
        ahead = grant.vests_after(today)
        before += sum((vest.amount for vest in ahead if vest.on < start), Fraction(0))
        left = [vest for vest in ahead if vest.on >= start]
        # Year k holds the vests after the (k−1)th anniversary up to and including the kth,
        # as the offer's own year-end vest counts in its year; year 1 also holds a vest on
        # the start day itself, which the candidate, gone that day, leaves behind.
        for year, end in enumerate(ends[1:], start=1):
            current_cumulative[year] += sum(
                (vest.amount for vest in left if vest.on <= end), Fraction(0)
            )
        found = next_vest(number, grant, today=today, start=start, rush_weeks=rush_weeks)
        if found is not None:
            nexts.append(found)
    current_years = _yearly(current_cumulative)
    if offer is not None:
        offer_years = _yearly([offer.vested_at(12 * year) for year in range(years + 1)])
    else:
        offer_years = [0] * years
    return Comparison(
        start=start,
        years=[
            YearRow(year=index + 1, current=current, offer=offered)
            for index, (current, offered) in enumerate(zip(current_years, offer_years, strict=True))
        ],
        current_total=sum(current_years),
        offer_total=sum(offer_years),
        vests_before_start=whole_dollars(before),
        next_vests=nexts,
    )
