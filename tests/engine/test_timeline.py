"""Weeks to hire on worked examples: T1 by level, T2 added once, reasons each with claims."""

from .support import SOUND, answers, plan

UNDERPRICED = {"band_low_usd": 150_000, "band_high_usd": 250_000}

# A JD that states no model: no answer for it and no text (once there is text, the text
# decides whether the model is named; see JDAnswers.opener_states).
NO_MODEL = {"model": "", "jd_markdown": ""}


def test_it_gives_the_guides_range_when_nothing_is_saved() -> None:
    timeline = plan({}).timeline
    assert (timeline.low_weeks, timeline.high_weeks) == (5, 9)
    assert (timeline.expected_low_weeks, timeline.expected_high_weeks) == (5, 9)
    assert [reason.claims for reason in timeline.reasons] == [["T1"]]


def test_it_expects_nine_weeks_for_a_clean_senior_search() -> None:
    timeline = plan(SOUND).timeline
    assert (timeline.low_weeks, timeline.high_weeks) == (5, 9)
    assert (timeline.expected_low_weeks, timeline.expected_high_weeks) == (9, 9)


def test_it_expects_five_weeks_for_a_clean_mid_level_search() -> None:
    no_band = {"band_low_usd": None, "band_high_usd": None}
    no_posting = {"posting_low_usd": None, "posting_high_usd": None}
    timeline = plan(answers(comp={"level": "mid", **no_band, **no_posting})).timeline
    assert (timeline.expected_low_weeks, timeline.expected_high_weeks) == (5, 5)


def test_it_adds_three_to_six_weeks_for_a_vague_jd() -> None:
    timeline = plan(answers(jd=NO_MODEL)).timeline
    assert (timeline.low_weeks, timeline.high_weeks) == (8, 15)
    assert (timeline.expected_low_weeks, timeline.expected_high_weeks) == (12, 15)
    vague = timeline.reasons[-1]
    assert (vague.weeks_low, vague.weeks_high, vague.applied) == (3, 6, True)
    assert vague.claims == ["T2", "J1"]
    assert "the model" in vague.note


def test_it_adds_three_to_six_weeks_for_an_underpriced_band() -> None:
    timeline = plan(answers(comp=UNDERPRICED)).timeline
    assert (timeline.low_weeks, timeline.high_weeks) == (8, 15)
    assert timeline.reasons[-1].claims == ["T2", "C2"]
    assert "24.5% under" in timeline.reasons[-1].note


def test_it_adds_the_extension_once_when_both_causes_hold() -> None:
    timeline = plan(answers(jd=NO_MODEL, comp=UNDERPRICED)).timeline
    assert (timeline.low_weeks, timeline.high_weeks) == (8, 15)
    extensions = [reason for reason in timeline.reasons if "T2" in reason.claims]
    assert [reason.applied for reason in extensions] == [True, False]
    assert "counted once" in extensions[1].note


def test_it_notes_a_do_it_all_stall_without_inventing_weeks() -> None:
    timeline = plan(answers(lane={"extra_lanes": ["data_scientist"]})).timeline
    stall = timeline.reasons[-1]
    assert (stall.weeks_low, stall.weeks_high, stall.source) == (None, None, "not_in_guide")
    assert stall.claims == ["L4"]


def test_it_counts_the_days_a_search_has_been_open() -> None:
    data = answers(context={"search_open_since": "2026-04-01"})
    result = plan(data)
    assert result.timeline.days_open == 61
    assert "open 61 days, past 45" in " ".join(result.sourcing.staffing_partner_reasons)


def test_it_calls_forty_five_days_not_yet_past_the_limit() -> None:
    data = answers(context={"search_open_since": "2026-04-17"}, comp={"level": "mid"})
    assert plan(data).timeline.days_open == 45
    assert not any("open" in r for r in plan(data).sourcing.staffing_partner_reasons)


def phase_days(timeline) -> dict[str, tuple[int, int, int]]:
    return {p.id: (p.start_day, p.end_day, p.slip_days) for p in timeline.phases}


def test_it_lays_out_a_clean_senior_search_on_a_day_axis() -> None:
    # Nine weeks (63 days) to an accepted offer: the two-week loop (14 days) and the 48-hour
    # offer window (2 days) come last, so sourcing fills 63 - 14 - 2 = 47 days. A two-week
    # notice period follows: start on day 63 + 14 = 77, 2026-06-01 + 77 days = 2026-08-17.
    timeline = plan(SOUND).timeline
    assert timeline.day_zero.isoformat() == "2026-06-01"
    assert timeline.day_zero_basis == "today"
    assert phase_days(timeline) == {
        "intake": (0, 0, 0),
        "sourcing": (0, 47, 0),
        "loop": (47, 61, 0),
        "offer": (61, 63, 0),
        "notice": (63, 77, 0),
        "start": (77, 77, 0),
    }
    assert (timeline.start_low.isoformat(), timeline.start_high.isoformat()) == (
        "2026-08-17",
        "2026-08-17",
    )


def test_it_puts_the_extra_weeks_of_a_vague_jd_into_sourcing() -> None:
    # 12-15 weeks: the accepted offer on day 84, up to 21 days later. Sourcing ends on day
    # 84 - 16 = 68; the start is day 84 + 14 = 98 (2026-09-07), or 21 days later (2026-09-28).
    timeline = plan(answers(jd=NO_MODEL)).timeline
    days = phase_days(timeline)
    assert days["sourcing"] == (0, 68, 21)
    assert days["start"] == (98, 98, 21)
    assert timeline.start_low.isoformat() == "2026-09-07"
    assert timeline.start_high.isoformat() == "2026-09-28"
    sourcing = next(p for p in timeline.phases if p.id == "sourcing")
    assert sourcing.claims == ["T1", "T2"]
    assert "The JD is vague" in sourcing.note


def test_it_uses_the_planned_loop_span_and_the_guides_two_weeks_without_one() -> None:
    one_day = phase_days(plan(answers(loop={"spread": "one_day"})).timeline)
    assert one_day["loop"] == (60, 61, 0)  # 63 - 1 - 2 = 60 days of sourcing
    no_loop = plan(answers(loop=None)).timeline
    loop = next(p for p in no_loop.phases if p.id == "loop")
    assert (loop.end_day - loop.start_day, loop.source) == (14, "guide")


def test_it_starts_at_acceptance_when_the_notice_period_is_unknown() -> None:
    timeline = plan(answers(sourcing={"notice_period_weeks": None})).timeline
    notice = next(p for p in timeline.phases if p.id == "notice")
    assert (notice.start_day, notice.end_day, notice.known) == (63, 63, False)
    assert notice.source == "not_in_guide"
    assert timeline.start_low.isoformat() == "2026-08-03"


def test_it_counts_from_the_day_the_search_opened() -> None:
    timeline = plan(answers(context={"search_open_since": "2026-04-01"})).timeline
    assert (timeline.day_zero.isoformat(), timeline.today_day) == ("2026-04-01", 61)
    assert timeline.start_low.isoformat() == "2026-06-17"  # 2026-04-01 + 77 days


def test_it_leaves_no_sourcing_time_when_the_loop_outlasts_the_search() -> None:
    # Mid-level: five weeks (35 days); a 60-day loop plus 2 offer days pushes acceptance to 62.
    data = answers(
        comp={"level": "mid", "band_low_usd": None, "band_high_usd": None,
              "posting_low_usd": None, "posting_high_usd": None},
        loop={"spread": "custom", "spread_days": 60},
    )  # fmt: skip
    days = phase_days(plan(data).timeline)
    assert days["sourcing"] == (0, 0, 0)
    assert days["offer"] == (60, 62, 0)
