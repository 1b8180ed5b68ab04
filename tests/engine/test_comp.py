"""The band, worked through line by line on examples whose figures are checked exactly."""

from hireplan.engine.comp import raise_by_pct, top_quartile_floor

from .support import answers, plan

REMOTE_NATIONAL = {"metro": "national", "arrangement": "remote", "remote_nationwide": True}
NO_BAND = {
    "band_low_usd": None,
    "band_high_usd": None,
    "posting_low_usd": None,
    "posting_high_usd": None,
}
ONSITE = {"remote_nationwide": False, **NO_BAND}


def comp_for(**comp) -> object:
    return plan(answers(comp=comp)).compensation


def comp_with_llm(llm_work: str, **comp) -> object:
    return plan(answers(comp=comp, lane={"llm_work": llm_work})).compensation


def line(recommendation, start: str):
    return next(item for item in recommendation.lines if item.label.startswith(start))


def test_it_builds_the_senior_national_band_for_classical_work() -> None:
    rec = comp_for(**REMOTE_NATIONAL)
    first = rec.lines[0]
    assert (first.low, first.high, first.source, first.claims) == (
        230_000,
        340_000,
        "guide",
        ["C1"],
    )
    classical = line(rec, "Classical ML only")
    assert (classical.low, classical.high, classical.claims) == (-20_000, -20_000, ["L10"])
    assert (rec.band.low, rec.band.high, rec.band.midpoint) == (210_000, 320_000, 265_000)


def test_it_uses_the_body_mid_band_and_shows_the_summary_figure() -> None:
    rec = comp_for(level="mid", **REMOTE_NATIONAL, **NO_BAND)
    assert (rec.lines[0].low, rec.lines[0].high) == (160_000, 200_000)
    summary = line(rec, "The guide's opening summary")
    assert (summary.low, summary.high, summary.applied) == (160_000, 235_000, False)
    assert summary.claims == ["C1"]
    assert "detailed" in summary.note
    assert (rec.band.low, rec.band.high) == (140_000, 180_000)


def test_it_sets_a_senior_band_from_the_guides_metro_figure() -> None:
    rec = comp_with_llm("core_classical", metro="orange_county", arrangement="in_office", **ONSITE)
    metro = line(rec, "Senior offers in Irvine")
    assert (metro.effect, metro.low, metro.high, metro.claims) == ("note", 215_000, 215_000, ["C4"])
    assert (metro.source, metro.applied) == ("guide", True)
    assert "15–25% bonus" in metro.note
    # Hireplan's rule: the senior band's shape ($340K over $230K) with $215,000 seven eighths
    # of the way up: low = 215,000 × 8 × 230,000 / (8 × 230,000 + 7 × 110,000) = 151,571,
    # high = 151,571 × 340/230 = 224,062; each to the nearest thousand.
    around = line(rec, "A band around $215,000")
    assert (around.effect, around.source, around.low, around.high) == (
        "set",
        "product_choice",
        152_000,
        224_000,
    )
    assert around.claims == ["C1", "C4", "C7"]
    assert "top 48% above its bottom" in around.note
    # A senior band does not start below the guide's mid-level band (Hireplan's rule).
    floor = line(rec, "No lower than the mid-level band")
    assert (floor.source, floor.low, floor.high, floor.claims) == (
        "product_choice",
        160_000,
        224_000,
        ["C1"],
    )
    uplift = line(rec, "LLM at the core, with classical work")
    assert (uplift.source, uplift.applied, uplift.low) == ("not_in_guide", False, None)
    assert (rec.band.low, rec.band.high) == (160_000, 224_000)
    # The guide's figure sits inside the band's top quarter, where C7 puts a closing offer.
    assert top_quartile_floor(rec.band.low, rec.band.high) <= 215_000 <= rec.band.high


def test_it_adds_the_hybrid_uplift_and_a_user_llm_uplift_in_mountain_view() -> None:
    rec = comp_with_llm(
        "core_classical",
        metro="mountain_view",
        arrangement="hybrid",
        office_days=2,
        llm_uplift_usd=20_000,
        **ONSITE,
    )
    hybrid = line(rec, "Hybrid, 2 office days")
    assert (hybrid.pct_low, hybrid.pct_high, hybrid.claims) == (10, 15, ["C6"])
    # $260,000 builds $183,000–$271,000; +10% on the bottom, +15% on the top.
    assert (hybrid.running_low, hybrid.running_high) == (201_300, 311_650)
    mine = line(rec, "LLM at the core, with classical work")
    assert (mine.source, mine.low) == ("user_supplied", 20_000)
    assert (rec.band.low, rec.band.high) == (221_300, 331_650)


def test_it_keeps_the_national_band_for_mid_level_in_a_named_metro() -> None:
    rec = comp_for(level="mid", metro="bellevue_redmond", arrangement="hybrid", office_days=3,
                   **ONSITE)  # fmt: skip
    note = line(rec, "No mid-level figure for Bellevue")
    assert (note.source, note.applied, note.running_low, note.running_high) == (
        "not_in_guide",
        True,
        160_000,
        200_000,
    )
    assert "$260,000" in note.note
    assert (rec.band.low, rec.band.high) == (156_000, 210_000)  # +10–15%, then −$20K


def test_it_uses_the_users_local_figure_where_the_guide_has_none() -> None:
    rec = comp_with_llm(
        "core",
        metro="other",
        other_metro_name="Austin",
        local_base_usd=200_000,
        arrangement="remote",
        **NO_BAND,
    )
    local = line(rec, "Local closing base for Austin, entered by you: $200,000")
    assert (local.source, local.effect, local.low, local.claims) == (
        "user_supplied",
        "note",
        200_000,
        ["C4"],
    )
    # The senior band's shape around $200,000: 140,997 → $141,000 and 208,430 → $208,000.
    around = line(rec, "A band around $200,000")
    assert (around.source, around.low, around.high) == ("product_choice", 141_000, 208_000)
    assert (rec.band.low, rec.band.high) == (141_000, 208_000)
    assert rec.metro_name == "Austin"


def test_it_recommends_the_national_band_for_an_unpriced_metro_without_a_local_figure() -> None:
    rec = comp_for(metro="other", other_metro_name="Austin", arrangement="remote", **NO_BAND)
    missing = line(rec, "The guide does not price Austin: the national band stands")
    assert (missing.source, missing.applied, missing.claims) == ("not_in_guide", True, ["C1", "C4"])
    assert not any(line.source == "user_supplied" for line in rec.lines)
    assert (rec.band.low, rec.band.high) == (210_000, 320_000)  # $230K–$340K, classical −$20K


def test_it_shows_but_ignores_a_local_figure_for_a_metro_the_guide_names() -> None:
    rec = comp_for(metro="charlotte", arrangement="remote", local_base_usd=175_000, **NO_BAND)
    ignored = line(rec, "Local base you entered")
    assert (ignored.applied, ignored.source) == (False, "user_supplied")
    # $190K builds $134,000–$198,000, its bottom raised to the mid-level $160,000 (Hireplan's
    # rules); classical work takes $20K off.
    assert (rec.band.low, rec.band.high) == (140_000, 178_000)


def test_it_keeps_a_mid_level_band_below_the_senior_band_of_the_same_metro() -> None:
    mid = comp_for(level="mid", metro="charlotte", arrangement="remote", **NO_BAND)
    cap = line(mid, "No higher than the senior band here: top lowered to $198,000")
    assert (cap.source, cap.claims) == ("product_choice", ["C1", "C4"])
    senior = comp_for(level="senior", metro="charlotte", arrangement="remote", **NO_BAND)
    assert (mid.band.low, mid.band.high) == (140_000, 178_000)
    assert (senior.band.low, senior.band.high) == (140_000, 178_000)
    # Irvine's senior band tops out at $224,000, above the mid-level $200,000: no cap.
    irvine = comp_for(level="mid", metro="orange_county", arrangement="remote", **NO_BAND)
    assert not any(item.label.startswith("No higher") for item in irvine.lines)
    assert (irvine.band.low, irvine.band.high) == (140_000, 180_000)


def test_it_places_the_proposed_band_by_midpoint() -> None:
    rec = comp_for(band_low_usd=180_000, band_high_usd=220_000, posting_low_usd=None,
                   posting_high_usd=None)  # fmt: skip
    placement = rec.placement
    assert placement.percent_vs_recommendation == -24.5  # 200,000 against 265,000
    assert (placement.direction, placement.underpriced) == ("below", True)
    assert placement.claims == ["C2", "T2"]


def test_it_calls_exactly_ten_percent_under_underpriced() -> None:
    exactly = comp_for(band_low_usd=238_000, band_high_usd=239_000).placement  # midpoint 238,500
    assert (exactly.percent_vs_recommendation, exactly.underpriced) == (-10.0, True)
    just_above = comp_for(band_low_usd=238_000, band_high_usd=239_400).placement
    assert just_above.underpriced is False


def test_it_places_a_higher_band_above() -> None:
    placement = comp_for(band_low_usd=250_000, band_high_usd=340_000).placement
    assert (placement.direction, placement.percent_vs_recommendation) == ("above", 11.3)


def test_it_posts_up_to_the_top_of_the_acceptable_band() -> None:
    proposed = comp_for().posting
    assert (proposed.basis, proposed.post_up_to, proposed.claims) == (
        "proposed_band",
        320_000,
        ["C5"],
    )
    assert (proposed.states_requiring_range, proposed.states_named_in_guide) == (8, False)
    recommended = comp_for(**NO_BAND).posting
    assert (recommended.basis, recommended.post_up_to) == ("recommendation", 320_000)


def test_it_computes_the_top_quartile_floor_of_a_band() -> None:
    assert top_quartile_floor(210_000, 320_000) == 292_500
    assert top_quartile_floor(100_000, 100_001) == 100_001  # rounds up to stay inside
    assert plan(answers()).offer.base_floor_usd == 292_500


def test_it_rounds_percentage_uplifts_half_up_to_the_dollar() -> None:
    assert raise_by_pct(215_000, 10) == 236_500
    assert raise_by_pct(100_005, 10) == 110_006  # 110,005.5 rounds up
    assert raise_by_pct(200_000, 15) == 230_000


def test_it_has_no_recommendation_until_the_comp_step_is_saved() -> None:
    assert plan(answers(comp=None)).compensation is None
