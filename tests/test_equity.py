"""The equity calculator's arithmetic on worked examples, every figure written out (C8, C9)."""

from datetime import date
from fractions import Fraction

from hireplan.engine.equity import (
    Grant,
    OfferGrant,
    add_months,
    compare,
    whole_dollars,
    whole_months_between,
)

TODAY = date(2026, 6, 1)
EVEN = (25, 25, 25, 25)


def test_it_rounds_half_up_to_the_dollar() -> None:
    assert whole_dollars(Fraction(1, 2)) == 1
    assert whole_dollars(Fraction(249_999, 2)) == 125_000  # $124,999.50
    assert whole_dollars(Fraction(3, 10)) == 0
    assert whole_dollars(Fraction(100_000, 3)) == 33_333  # $33,333.33


def test_it_counts_whole_months_and_clamps_month_ends() -> None:
    assert whole_months_between(date(2026, 6, 1), date(2026, 9, 1)) == 3
    assert whole_months_between(date(2026, 6, 15), date(2026, 9, 14)) == 2
    assert whole_months_between(date(2026, 9, 1), date(2026, 6, 1)) == 0
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 6, 1), -12) == date(2025, 6, 1)


def test_it_compares_a_grant_a_year_in_against_an_even_offer() -> None:
    # $400,000 over 4 years (48 months), $100,000 vested: 12 months in, so vesting runs
    # $8,333.33 a month. A start three months out (2026-09-01) keeps 3 more months, $25,000;
    # year 1 from the start covers months 15-27 ($100,000), year 2 months 27-39 ($100,000),
    # year 3 months 39-48 ($75,000), year 4 nothing. The offer vests $100,000 a year.
    result = compare(
        [Grant(value=400_000, years=4, cliff_months=12, vested=100_000)],
        OfferGrant(value=400_000, yearly_pct=EVEN, cliff_months=12),
        today=TODAY,
        start=date(2026, 9, 1),
    )
    assert result.months_to_start == 3
    assert result.vests_before_start == 25_000
    assert [(r.current, r.offer) for r in result.years] == [
        (100_000, 100_000),
        (100_000, 100_000),
        (75_000, 100_000),
        (0, 100_000),
    ]
    assert (result.current_total, result.offer_total) == (275_000, 400_000)
    assert result.walked_at_start == 275_000
    assert result.gap == -125_000  # the offer covers what is left behind, and more
    assert result.cliffs_walked == []


def test_it_walks_a_whole_cliff_when_the_start_comes_first() -> None:
    # A new $480,000 grant whose 12-month cliff falls on 2026-07-01: starting on 2026-06-15
    # leaves before the cliff, so the $120,000 tranche (12/48 of the grant) is walked with
    # the rest: $480,000 in all. Staying, the candidate would have vested 23 months by the
    # end of year 1 ($230,000), then 12 months a year ($120,000), then the last month
    # ($10,000). The offer: $300,000 at 10/20/30/40%.
    result = compare(
        [Grant(value=480_000, years=4, cliff_months=12, cliff_date=date(2026, 7, 1))],
        OfferGrant(value=300_000, yearly_pct=(10, 20, 30, 40), cliff_months=12),
        today=TODAY,
        start=date(2026, 6, 15),
    )
    assert [r.current for r in result.years] == [230_000, 120_000, 120_000, 10_000]
    assert [r.offer for r in result.years] == [30_000, 60_000, 90_000, 120_000]
    assert result.walked_at_start == 480_000
    assert [(w.cliff_date, w.tranche) for w in result.cliffs_walked] == [
        (date(2026, 7, 1), 120_000)
    ]
    # Starting on the cliff date instead keeps the tranche: nothing of it is walked.
    later = compare(
        [Grant(value=480_000, years=4, cliff_months=12, cliff_date=date(2026, 7, 1))],
        None,
        today=TODAY,
        start=date(2026, 7, 1),
    )
    assert later.cliffs_walked == []
    assert later.vests_before_start == 120_000
    assert later.walked_at_start == 360_000


def test_it_vests_nothing_from_the_offer_before_its_cliff() -> None:
    # An 18-month cliff on 25% a year: nothing in year 1, then the first 18 months' 37.5%
    # at once in year 2 together with the rest of that year: 50% of $200,000 = $100,000.
    offer = OfferGrant(value=200_000, yearly_pct=EVEN, cliff_months=18)
    result = compare([], offer, today=TODAY, start=None)
    assert [r.offer for r in result.years] == [0, 100_000, 50_000, 50_000]
    assert result.offer_total == 200_000


def test_it_keeps_the_years_adding_up_to_the_rounded_total() -> None:
    # $100,000 over three years: $2,777.78 a month. Each year is a difference of rounded
    # running totals: $33,333, $33,334, $33,333, summing to exactly $100,000.
    result = compare(
        [Grant(value=100_000, years=3)],
        None,
        today=TODAY,
        start=None,
    )
    assert [r.current for r in result.years] == [33_333, 33_334, 33_333, 0]
    assert result.current_total == 100_000


def test_it_adds_several_grants_together() -> None:
    # Two grants, 24 months into $240,000/4y ($5,000 a month) and a fresh $120,000/4y refresh
    # with no cliff ($2,500 a month): $90,000 a year in years 1-2, then $30,000 a year.
    result = compare(
        [
            Grant(value=240_000, years=4, cliff_months=12, vested=120_000),
            Grant(value=120_000, years=4),
        ],
        None,
        today=TODAY,
        start=None,
    )
    assert [r.current for r in result.years] == [90_000, 90_000, 30_000, 30_000]
    assert result.walked_at_start == 240_000


def test_it_starts_today_when_the_start_date_has_passed() -> None:
    result = compare([Grant(value=48_000, years=4)], None, today=TODAY, start=date(2026, 1, 1))
    assert result.start == TODAY
    assert result.months_to_start == 0
    assert result.years[0].current == 12_000
