"""Weeks to hire on worked examples: T1 by level, T2 added once, reasons each with claims."""

from .support import SOUND, answers, plan

UNDERPRICED = {"band_low_usd": 150_000, "band_high_usd": 250_000}


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
    timeline = plan(answers(jd={"model": ""})).timeline
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
    timeline = plan(answers(jd={"model": ""}, comp=UNDERPRICED)).timeline
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
