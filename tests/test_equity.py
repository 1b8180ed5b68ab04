"""The equity calculator's arithmetic on worked examples, every figure written out (C8, C9),
and the properties it keeps for any grant (hypothesis)."""

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hireplan.engine.equity import (
    Grant,
    OfferGrant,
    Vest,
    add_months,
    compare,
    next_vest,
    whole_dollars,
)

TODAY = date(2026, 6, 1)
EVEN = (25, 25, 25, 25)
RUSH = 2  # the guide's rush in weeks (C9): fixtures/reference/offer.json, start_date.rush_weeks

# $200,000 over four years, vesting quarterly from 1 Mar 2025 with a one-year cliff.
QUARTERLY = Grant(
    value=200_000,
    years=4,
    vesting_start=date(2025, 3, 1),
    schedule="quarterly",
    cliff_months=12,
)


def years_of(result) -> list[tuple[int, int]]:
    return [(row.current, row.offer) for row in result.years]


def test_it_rounds_half_up_to_the_dollar() -> None:
    assert whole_dollars(Fraction(1, 2)) == 1
    assert whole_dollars(Fraction(249_999, 2)) == 125_000  # $124,999.50
    assert whole_dollars(Fraction(3, 10)) == 0
    assert whole_dollars(Fraction(100_000, 3)) == 33_333  # $33,333.33


def test_it_clamps_month_ends() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)
    assert add_months(date(2026, 6, 1), -12) == date(2025, 6, 1)


def test_it_vests_a_monthly_grant_in_equal_parts() -> None:
    # $48,000 over four years, monthly from 1 Jun 2025, no cliff: $1,000 on the first of each
    # month from 1 Jul 2025 to 1 Jun 2029 (48 vests). By today (1 Jun 2026, its vest
    # included) 12 have vested, $12,000. A start on 1 Sep 2026 keeps the vests of 1 Jul and
    # 1 Aug ($2,000); the candidate is gone on the start day, so the 1 Sep vest stays behind.
    # Year 1 (1 Sep 2026 to 1 Sep 2027, both included: the start-day vest is left behind
    # too): 13 vests; year 2 (2 Sep 2027 to 1 Sep 2028): 12; year 3: 1 Oct 2028 to
    # 1 Jun 2029, 9 vests; year 4: none. $34,000 = $48,000 − $12,000 − $2,000.
    grant = Grant(value=48_000, years=4, vesting_start=date(2025, 6, 1))
    vests = grant.vests()
    assert len(vests) == 48
    assert vests[0] == Vest(date(2025, 7, 1), Fraction(1_000), "monthly")
    assert vests[-1].on == date(2029, 6, 1)
    assert grant.vested_by(TODAY) == 12_000
    result = compare([grant], None, today=TODAY, start=date(2026, 9, 1), rush_weeks=RUSH)
    assert result.vests_before_start == 2_000
    assert [row.current for row in result.years] == [13_000, 12_000, 9_000, 0]
    assert result.current_total == 34_000
    # The next vest is on the start day itself: one day later keeps it.
    [vest] = result.next_vests
    assert (vest.on, vest.amount, vest.kind) == (date(2026, 9, 1), 1_000, "monthly")
    assert (vest.days_to_keep, vest.keep_from, vest.given_up) == (1, date(2026, 9, 2), True)


def test_it_merges_the_quarters_before_the_cliff_into_one_vest() -> None:
    # Sixteen quarters of $12,500. The first four (1 Jun, 1 Sep, 1 Dec 2025 and 1 Mar 2026)
    # fall on or before the cliff, 1 Mar 2026: they vest there at once, $50,000. Then
    # $12,500 every quarter until 1 Mar 2029.
    vests = QUARTERLY.vests()
    assert vests[0] == Vest(date(2026, 3, 1), Fraction(50_000), "cliff")
    assert vests[1] == Vest(date(2026, 6, 1), Fraction(12_500), "quarterly")
    assert len(vests) == 13
    assert vests[-1].on == date(2029, 3, 1)
    assert sum(vest.amount for vest in vests) == 200_000


def test_it_names_the_quarterly_vest_two_weeks_after_the_start() -> None:
    # Today, 1 Jun 2026, the cliff ($50,000) and the 1 Jun vest ($12,500) are in: $62,500.
    # Starting on 18 Aug 2026, two weeks before the 1 Sep vest: nothing more vests before
    # the start. Year 1 (18 Aug 2026 to 17 Aug 2027): 1 Sep, 1 Dec, 1 Mar, 1 Jun, $50,000;
    # year 2 the same; year 3: 1 Sep 2028, 1 Dec 2028, 1 Mar 2029, $37,500; year 4 nothing.
    # The offer: $200,000 at 25% a year after a one-year cliff, $50,000 a year.
    offer = OfferGrant(value=200_000, yearly_pct=EVEN, cliff_months=12)
    result = compare([QUARTERLY], offer, today=TODAY, start=date(2026, 8, 18), rush_weeks=RUSH)
    assert QUARTERLY.vested_by(TODAY) == 62_500
    assert result.vests_before_start == 0
    assert years_of(result) == [
        (50_000, 50_000),
        (50_000, 50_000),
        (37_500, 50_000),
        (0, 50_000),
    ]
    assert (result.current_total, result.offer_total, result.gap) == (137_500, 200_000, -62_500)
    # The next vest: $12,500 on 1 Sep 2026. 1 Sep − 18 Aug = 14 days, within the two-week
    # rush, so it is given up; a start on 2 Sep (15 days later) keeps it.
    [vest] = result.given_up
    assert (vest.grant, vest.on, vest.amount, vest.kind) == (
        1,
        date(2026, 9, 1),
        12_500,
        "quarterly",
    )
    assert (vest.days_to_keep, vest.keep_from) == (15, date(2026, 9, 2))


def test_it_keeps_quiet_past_the_rush_and_the_day_after_the_vest() -> None:
    # 17 Aug 2026 is 15 days before the vest: the next vest is the same, but not given up.
    early = compare([QUARTERLY], None, today=TODAY, start=date(2026, 8, 17), rush_weeks=RUSH)
    assert [(v.on, v.days_to_keep, v.given_up) for v in early.next_vests] == [
        (date(2026, 9, 1), 16, False)
    ]
    # Starting the day after the vest keeps it: the next is 1 Dec 2026, 90 days on.
    after = compare([QUARTERLY], None, today=TODAY, start=date(2026, 9, 2), rush_weeks=RUSH)
    assert after.vests_before_start == 12_500
    assert [(v.on, v.days_to_keep, v.given_up) for v in after.next_vests] == [
        (date(2026, 12, 1), 91, False)
    ]
    assert after.given_up == []


def test_it_vests_a_yearly_grant_once_a_year() -> None:
    # $90,000 over three years, yearly from 15 Jan 2025, no cliff: $30,000 on 15 Jan 2026,
    # 2027 and 2028. By today $30,000 is in. From a 1 Jul 2026 start: $30,000 in year 1
    # (15 Jan 2027) and year 2 (15 Jan 2028), then nothing. The next vest is 198 days after
    # the start: far past the rush, so not given up; 199 days later keeps it.
    grant = Grant(value=90_000, years=3, vesting_start=date(2025, 1, 15), schedule="annual")
    result = compare([grant], None, today=TODAY, start=date(2026, 7, 1), rush_weeks=RUSH)
    assert grant.vested_by(TODAY) == 30_000
    assert [row.current for row in result.years] == [30_000, 30_000, 0, 0]
    [vest] = result.next_vests
    assert (vest.on, vest.amount, vest.kind) == (date(2027, 1, 15), 30_000, "annual")
    assert (vest.days_to_keep, vest.given_up) == (199, False)


def test_it_gives_up_a_cliff_ahead_however_far() -> None:
    # A yearly grant started 15 Jan 2026 with a one-year cliff: its first $30,000 is the
    # cliff of 15 Jan 2027, 198 days after a 1 Jul 2026 start, and still given up.
    grant = Grant(
        value=90_000,
        years=3,
        vesting_start=date(2026, 1, 15),
        schedule="annual",
        cliff_months=12,
    )
    [vest] = compare([grant], None, today=TODAY, start=date(2026, 7, 1), rush_weeks=RUSH).given_up
    assert (vest.on, vest.amount, vest.kind, vest.days_to_keep) == (
        date(2027, 1, 15),
        30_000,
        "cliff",
        199,
    )


def test_it_walks_a_whole_cliff_when_the_start_comes_first() -> None:
    # $480,000 over four years, monthly from 1 Jul 2025, one-year cliff on 1 Jul 2026: the
    # cliff vests 12 of 48 parts at once, $120,000, then $10,000 a month. Starting on 15 Jun
    # 2026 leaves before the cliff. Year 1 (to 14 Jun 2027): the cliff and 1 Aug 2026 to
    # 1 Jun 2027, 11 months, $230,000; years 2 and 3: $120,000; year 4: the last vest
    # (1 Jul 2029), $10,000. The offer: $300,000 at 10/20/30/40% after a one-year cliff.
    grant = Grant(value=480_000, years=4, vesting_start=date(2025, 7, 1), cliff_months=12)
    result = compare(
        [grant],
        OfferGrant(value=300_000, yearly_pct=(10, 20, 30, 40), cliff_months=12),
        today=TODAY,
        start=date(2026, 6, 15),
        rush_weeks=RUSH,
    )
    assert years_of(result) == [
        (230_000, 30_000),
        (120_000, 60_000),
        (120_000, 90_000),
        (10_000, 120_000),
    ]
    # What the start walks away from is the cliff's $120,000, not the whole $480,000.
    [vest] = result.given_up
    assert (vest.on, vest.amount, vest.kind, vest.days_to_keep) == (
        date(2026, 7, 1),
        120_000,
        "cliff",
        17,
    )
    # Starting the day after the cliff keeps it; the next vest (1 Aug) is 30 days on.
    later = compare([grant], None, today=TODAY, start=date(2026, 7, 2), rush_weeks=RUSH)
    assert later.vests_before_start == 120_000
    assert later.given_up == []


def test_it_spreads_what_the_statement_leaves_over_the_vests_to_come() -> None:
    # $400,000 over four years, monthly from 1 Jun 2025 with a one-year cliff: by the schedule
    # $100,000 is in today (the cliff, 1 Jun 2026), but the statement shows $130,000. The
    # $270,000 left is shared by the 36 vests to come (1 Jul 2026 to 1 Jun 2029), equal
    # parts, so $7,500 each. A 1 Sep 2026 start keeps two of them ($15,000); year 1 holds 13
    # (1 Sep 2026 to 1 Sep 2027, $97,500), year 2 twelve ($90,000), year 3 the last 9
    # ($67,500).
    grant = Grant(
        value=400_000, years=4, vesting_start=date(2025, 6, 1), cliff_months=12, vested=130_000
    )
    assert grant.vested_by(TODAY) == 130_000
    assert {vest.amount for vest in grant.vests_after(TODAY)} == {7_500}
    result = compare([grant], None, today=TODAY, start=date(2026, 9, 1), rush_weeks=RUSH)
    assert result.vests_before_start == 15_000
    assert [row.current for row in result.years] == [97_500, 90_000, 67_500, 0]
    assert [(v.on, v.amount) for v in result.next_vests] == [(date(2026, 9, 1), 7_500)]


def test_it_vests_nothing_more_when_no_vest_is_left() -> None:
    # A one-year grant from 2024 has vested by its schedule; the statement says half. With no
    # vest left to come, nothing more vests and there is no next vest.
    grant = Grant(value=40_000, years=1, vesting_start=date(2024, 1, 1), vested=20_000)
    assert grant.vests_after(TODAY) == []
    result = compare([grant], None, today=TODAY, start=date(2026, 7, 1), rush_weeks=RUSH)
    assert result.current_total == 0
    assert result.next_vests == []


def test_it_vests_nothing_from_the_offer_before_its_cliff() -> None:
    # An 18-month cliff on 25% a year: nothing in year 1, then the first 18 months' 37.5%
    # at once in year 2 together with the rest of that year: 50% of $200,000 = $100,000.
    offer = OfferGrant(value=200_000, yearly_pct=EVEN, cliff_months=18)
    result = compare([], offer, today=TODAY, start=None, rush_weeks=RUSH)
    assert [r.offer for r in result.years] == [0, 100_000, 50_000, 50_000]
    assert result.offer_total == 200_000


def test_it_keeps_the_years_adding_up_to_the_rounded_total() -> None:
    # $100,000 over three years, monthly from today: $2,777.78 on the first of each month
    # from 1 Jul 2026. Year 1 (today to 1 Jun 2027, the anniversary included, as the offer's
    # year-end vest is) holds 12 vests: $33,333.33, rounded $33,333. The running total after
    # 24 vests, $66,666.67, rounds to $66,667, so year 2 shows $33,334; year 3 completes
    # $100,000 with $33,333; year 4 has nothing. The years still add up to $100,000.
    grant = Grant(value=100_000, years=3, vesting_start=TODAY)
    result = compare([grant], None, today=TODAY, start=None, rush_weeks=RUSH)
    assert [r.current for r in result.years] == [33_333, 33_334, 33_333, 0]
    assert result.current_total == 100_000


def test_it_adds_several_grants_together() -> None:
    # $240,000 over four years from 1 Jun 2024, one-year cliff: 24 months in today, $5,000 a
    # month to come. A fresh $120,000 refresh from today, no cliff: $2,500 a month from
    # 1 Jul 2026. From today, years 1 and 2 hold twelve vests of each ($60,000 + $30,000),
    # the first grant's last on 1 Jun 2028, the second anniversary; years 3 and 4 twelve of
    # the refresh ($30,000).
    result = compare(
        [
            Grant(value=240_000, years=4, vesting_start=date(2024, 6, 1), cliff_months=12),
            Grant(value=120_000, years=4, vesting_start=TODAY),
        ],
        None,
        today=TODAY,
        start=None,
        rush_weeks=RUSH,
    )
    assert [r.current for r in result.years] == [90_000, 90_000, 30_000, 30_000]
    assert [vest.grant for vest in result.next_vests] == [1, 2]


def test_it_starts_today_when_the_start_date_has_passed() -> None:
    grant = Grant(value=48_000, years=4, vesting_start=date(2026, 5, 15))
    result = compare([grant], None, today=TODAY, start=date(2026, 1, 1), rush_weeks=RUSH)
    assert result.start == TODAY
    assert result.years[0].current == 12_000  # 15 Jun 2026 to 15 May 2027


# ----------------------------------------------------------------------------- properties
PROPERTIES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def grants(draw) -> Grant:
    years = draw(st.integers(1, 10))
    value = draw(st.integers(1, 50_000_000))
    return Grant(
        value=value,
        years=years,
        vesting_start=draw(st.dates(date(2016, 7, 1), date(2027, 12, 31))),
        schedule=draw(st.sampled_from(["monthly", "quarterly", "annual"])),
        cliff_months=draw(st.integers(0, min(60, years * 12))),
        vested=draw(st.none() | st.integers(0, value)),
    )


STARTS = st.dates(TODAY, date(2029, 12, 31))


@PROPERTIES
@given(grants())
def test_it_never_vests_more_than_the_grant(grant: Grant) -> None:
    vested, ahead = grant.vested_by(TODAY), grant.vests_after(TODAY)
    assert 0 <= vested <= grant.value
    assert all(vest.amount > 0 and vest.on > TODAY for vest in ahead)
    assert vested + sum(vest.amount for vest in ahead) <= grant.value
    if grant.vested is None:  # the schedule alone: every part vests, in equal parts
        assert vested + sum(vest.amount for vest in ahead) == grant.value
        parts = {vest.amount for vest in grant.vests() if vest.kind != "cliff"}
        assert len(parts) <= 1


@PROPERTIES
@given(grants(), STARTS, STARTS)
def test_it_never_leaves_more_behind_for_a_later_start(grant: Grant, one: date, two: date) -> None:
    # What stays behind is every vest still to come on or after the start; a later start
    # can only keep more of them.
    early, late = sorted((one, two))

    def left_behind(start: date) -> Fraction:
        return sum((v.amount for v in grant.vests_after(TODAY) if v.on >= start), Fraction(0))

    assert left_behind(late) <= left_behind(early)
    kept_early = compare([grant], None, today=TODAY, start=early, rush_weeks=RUSH)
    kept_late = compare([grant], None, today=TODAY, start=late, rush_weeks=RUSH)
    assert kept_late.vests_before_start >= kept_early.vests_before_start


@PROPERTIES
@given(grants(), STARTS)
def test_it_keeps_the_next_vest_by_moving_the_start_as_it_says(grant: Grant, start: date) -> None:
    vest = next_vest(1, grant, today=TODAY, start=start, rush_weeks=RUSH)
    if vest is None:
        return
    assert vest.on >= start and vest.days_to_keep >= 1
    assert vest.keep_from == start + timedelta(days=vest.days_to_keep)
    assert vest.given_up == (vest.kind == "cliff" or vest.days_to_keep <= 7 * RUSH + 1)
    # Starting on the day it names, that vest is kept: the next one comes later, if at all.
    moved = next_vest(1, grant, today=TODAY, start=vest.keep_from, rush_weeks=RUSH)
    assert moved is None or moved.on > vest.on
    # A day earlier still gives it up.
    stayed = next_vest(1, grant, today=TODAY, start=vest.keep_from - timedelta(days=1),
                       rush_weeks=RUSH)  # fmt: skip
    assert stayed is not None and stayed.on == vest.on


@PROPERTIES
@given(st.lists(grants(), max_size=3), STARTS)
def test_it_keeps_the_years_adding_up(grant_list: list[Grant], start: date) -> None:
    result = compare(grant_list, None, today=TODAY, start=start, rush_weeks=RUSH)
    assert sum(row.current for row in result.years) == result.current_total
    assert all(row.current >= 0 for row in result.years)
    assert result.current_total + result.vests_before_start <= sum(g.value for g in grant_list) + 1
