"""The band, explained line by line: level (C1), place (C4), arrangement (C6), LLM work (L10).

Each line records its figure, its source (the guide, the user, or neither) and its claims,
and the band as it stands after the line, so a reader can redo the arithmetic.
"""

from hireplan.engine.answers import Arrangement, CompAnswers, Lane, Level, LLMWork, Metro
from hireplan.engine.facts import llm_work_of
from hireplan.engine.inputs import EngagementInput
from hireplan.engine.plan import (
    BandPlacement,
    CompLine,
    CompRecommendation,
    FigureSource,
    PostingAdvice,
    UsdRange,
)
from hireplan.engine.reference import Reference
from hireplan.engine.text import usd


def usd_range(low: int, high: int) -> UsdRange:
    return UsdRange(low=low, high=high, midpoint=(low + high) // 2)


def raise_by_pct(amount: int, pct: int) -> int:
    """`amount` raised by `pct` percent, rounded half up to the dollar (integer arithmetic)."""
    return (amount * (100 + pct) * 2 + 100) // 200


class _Band:
    """The running band and the lines that moved it."""

    def __init__(self) -> None:
        self.low = 0
        self.high = 0
        self.lines: list[CompLine] = []

    def add(self, label: str, effect: str, source: FigureSource, claims: list[str], **kw) -> None:
        applied = kw.pop("applied", effect != "note")
        self.lines.append(
            CompLine(
                label=label,
                effect=effect,  # type: ignore[arg-type]
                running_low=self.low,
                running_high=self.high,
                applied=applied,
                source=source,
                claims=claims,
                **kw,
            )
        )


def _metro_name(answers: CompAnswers, ref: Reference) -> str:
    if answers.metro == Metro.OTHER and answers.other_metro_name:
        return answers.other_metro_name
    return ref.metro(answers.metro).name


def band_around(figure: int, level_low: int, level_high: int, ref: Reference) -> tuple[int, int]:
    """Hireplan's rule for a place priced by one figure (C4, or a local figure the user gives).

    The figure is where offers close; the guide puts a closing base in the band's top quarter
    (C7). So the band keeps the level's national proportions (its top over its bottom, C1) and
    is placed with the figure at the middle of its top quarter: seven eighths of the way up.
    Both ends are rounded to the nearest `metro_band_rounding_usd`.
    """
    step = ref.choice("metro_band_rounding_usd")
    eighths = ref.choice("metro_band_position_eighths")
    # figure = low + eighths/8 × (high − low), with high = low × level_high / level_low.
    low = figure * 8 * level_low / (8 * level_low + eighths * (level_high - level_low))
    high = low * level_high / level_low
    return _round_to(low, step), _round_to(high, step)


def _round_to(amount: float, step: int) -> int:
    return int(amount / step + 0.5) * step


def _band_around(band: _Band, figure: int, what: str, claims: list[str], ref: Reference) -> None:
    level_low, level_high = band.low, band.high
    band.low, band.high = band_around(figure, level_low, level_high, ref)
    ratio = round((level_high - level_low) * 100 / level_low)
    band.add(
        f"A band around {usd(figure)}",
        "set",
        FigureSource.PRODUCT_CHOICE,
        sorted({"C1", "C7", *claims}),
        low=band.low,
        high=band.high,
        note=(
            f"{what} is one figure, where offers close. The band keeps the national band's shape "
            f"(its top {ratio}% above its bottom) and puts {usd(figure)} in the middle of its top "
            "quarter, where the guide places a closing offer."
        ),
    )


def _geography(band: _Band, answers: CompAnswers, ref: Reference, name: str) -> None:
    metro = ref.metro(answers.metro)
    if answers.metro == Metro.NATIONAL:
        band.add(
            "No single metro: the national band stands",
            "note",
            FigureSource.GUIDE,
            ["C1"],
            applied=True,
        )
        return
    if metro.senior_base is not None:
        extras = []
        if metro.bonus_pct_low is not None:
            extras.append(f"a {metro.bonus_pct_low}–{metro.bonus_pct_high}% bonus on top")
        if metro.large_stock:
            extras.append("a large stock package on top")
        extra = f", with {' and '.join(extras)}" if extras else ""
        if answers.level == Level.SENIOR:
            band.add(
                f"Senior offers in {name} close near {usd(metro.senior_base)} base",
                "note",
                FigureSource.GUIDE,
                ["C4"],
                applied=True,
                low=metro.senior_base,
                high=metro.senior_base,
                note=f"The guide's one figure for this metro{extra}.",
            )
            _band_around(band, metro.senior_base, "The guide's figure for this metro", ["C4"], ref)
            # A senior band never starts below the mid-level band (C1); the guide's three
            # figures stay inside the top quarter even so.
            senior_low = ref.level_band(Level.MID).low
            if senior_low > band.low:
                band.low = senior_low
                band.add(
                    f"No lower than the mid-level band: bottom raised to {usd(senior_low)}",
                    "set",
                    FigureSource.PRODUCT_CHOICE,
                    ["C1"],
                    low=band.low,
                    high=band.high,
                    note=(
                        "A senior band that starts below the guide's mid-level band would "
                        f"undercut it. {usd(metro.senior_base)} stays in the top quarter."
                    ),
                )
        else:
            band.add(
                f"No mid-level figure for {name} in the guide: the national band stands",
                "note",
                FigureSource.NOT_IN_GUIDE,
                ["C4"],
                applied=True,
                note=(
                    f"The guide's figure for this metro, about {usd(metro.senior_base)}{extra}, "
                    "is for senior offers only."
                ),
            )
            # The senior band for this metro (before its floor, which cannot move its top).
            senior = ref.level_band(Level.SENIOR)
            _, senior_high = band_around(metro.senior_base, senior.low, senior.high, ref)
            if senior_high < band.high:
                band.high = senior_high
                band.add(
                    f"No higher than the senior band here: top lowered to {usd(senior_high)}",
                    "set",
                    FigureSource.PRODUCT_CHOICE,
                    ["C1", "C4"],
                    low=band.low,
                    high=band.high,
                    note=(
                        f"The senior band for {name}, built around the guide's "
                        f"{usd(metro.senior_base)}, tops out at {usd(senior_high)}; a mid-level "
                        "band does not reach above it."
                    ),
                )
        if answers.local_base_usd is not None:
            band.add(
                f"Local base you entered: {usd(answers.local_base_usd)} (not used)",
                "note",
                FigureSource.USER_SUPPLIED,
                ["C4"],
                low=answers.local_base_usd,
                high=answers.local_base_usd,
                note="The guide prices this metro, so its treatment is kept.",
            )
        return
    if answers.local_base_usd is None:
        band.add(
            f"The guide does not price {name}: the national band stands",
            "note",
            FigureSource.NOT_IN_GUIDE,
            ["C1", "C4"],
            applied=True,
            note="Enter what offers close at locally, if you know it, to build the band around it.",
        )
        return
    band.add(
        f"Local closing base for {name}, entered by you: {usd(answers.local_base_usd)}",
        "note",
        FigureSource.USER_SUPPLIED,
        ["C4"],
        applied=True,
        low=answers.local_base_usd,
        high=answers.local_base_usd,
        note="The guide does not price this metro; this figure is yours.",
    )
    _band_around(band, answers.local_base_usd, "Your local figure", [], ref)


def effective_arrangement(answers: CompAnswers, ref: Reference) -> Arrangement:
    """Hybrid with as many office days as the product calls full-time is in-office."""
    full_days = ref.choice("full_office_days")
    if answers.arrangement == Arrangement.HYBRID and (answers.office_days or 0) >= full_days:
        return Arrangement.IN_OFFICE
    return answers.arrangement


def hybrid_uplift_applies(answers: CompAnswers, ref: Reference) -> bool:
    uplift = ref.comp.hybrid_uplift
    return (
        effective_arrangement(answers, ref) == Arrangement.HYBRID
        and answers.office_days in uplift.office_days
        and ref.metro(answers.metro).hybrid_region in uplift.regions
    )


def _arrangement(band: _Band, answers: CompAnswers, ref: Reference) -> None:
    uplift = ref.comp.hybrid_uplift
    arrangement = effective_arrangement(answers, ref)
    region = ref.metro(answers.metro).hybrid_region
    if answers.arrangement == Arrangement.HYBRID and arrangement == Arrangement.IN_OFFICE:
        band.add(
            f"{answers.office_days} office days a week counts as full in-office",
            "note",
            FigureSource.PRODUCT_CHOICE,
            ["C6"],
        )
    if hybrid_uplift_applies(answers, ref):
        band.low = raise_by_pct(band.low, uplift.pct_low)
        band.high = raise_by_pct(band.high, uplift.pct_high)
        band.add(
            f"Hybrid, {answers.office_days} office days in {region.label}: "
            f"band up {uplift.pct_low}–{uplift.pct_high}%",
            "percent",
            FigureSource.GUIDE,
            ["C6"],
            pct_low=uplift.pct_low,
            pct_high=uplift.pct_high,
            note="The bottom rises by the smaller figure and the top by the larger.",
        )
    elif arrangement == Arrangement.HYBRID:
        where = (
            f"for {answers.office_days} office days"
            if region in uplift.regions
            else "outside the Bay Area and Bellevue"
        )
        band.add(
            f"Hybrid {where}: no adjustment in the guide",
            "note",
            FigureSource.NOT_IN_GUIDE,
            ["C6"],
        )
    elif arrangement == Arrangement.REMOTE:
        pool = ref.comp.remote_pool
        band.add(
            "Remote: no band change (Hireplan's reading)",
            "note",
            FigureSource.PRODUCT_CHOICE,
            ["C6"],
            note=(
                "The guide gives no pay figure for remote roles, so the band stands. What it "
                f"does say: remote widens the pool {pool.multiplier_low}–"
                f"{pool.multiplier_high} times."
            ),
        )
    else:
        tier_two = ref.metro(answers.metro).tier_two
        band.add(
            "Full in-office: no band figure in the guide",
            "note",
            FigureSource.NOT_IN_GUIDE,
            ["C6"],
            note=(
                "The guide calls full in-office in a tier-two metro the hardest setup to fill."
                if tier_two
                else "The guide calls full in-office hardest to fill in a tier-two metro; "
                "it says nothing of the sort for the Bay Area or Bellevue."
                if tier_two is False
                else "The guide calls full in-office hardest to fill in a tier-two metro."
            ),
        )


def _llm(
    band: _Band, answers: CompAnswers, work: LLMWork | None, lane: Lane | None, ref: Reference
) -> None:
    if work is None:
        return
    effect = ref.llm_effect(work)
    if effect.band_delta_usd is not None:
        cut = usd(abs(effect.band_delta_usd))
        # L10 prices a classical *production* ML engineer; other lanes keep their band (and
        # platform pay has only risen, L11).
        if lane == Lane.PRODUCTION_ML:
            band.low += effect.band_delta_usd
            band.high += effect.band_delta_usd
            band.add(
                f"Classical ML only: {cut} lower at every level",
                "amount",
                FigureSource.GUIDE,
                effect.claims,
                low=effect.band_delta_usd,
                high=effect.band_delta_usd,
                note="The guide's figure for a classical production ML engineer. The pool is "
                "larger too.",
            )
        elif lane is None:
            band.add(
                f"Classical ML only: {cut} lower, once the lane is production ML",
                "note",
                FigureSource.GUIDE,
                effect.claims,
                applied=False,
                low=effect.band_delta_usd,
                high=effect.band_delta_usd,
                note="The guide's figure is for a classical production ML engineer; choose the "
                "lane on the lane step to apply it.",
            )
        else:
            band.add(
                f"Classical ML only: no cut for a {lane.label.lower()}",
                "note",
                FigureSource.GUIDE,
                [*effect.claims, "L11"] if lane == Lane.MLOPS_PLATFORM else effect.claims,
                applied=False,
                low=effect.band_delta_usd,
                high=effect.band_delta_usd,
                note=f"The guide's {cut} is for a classical production ML engineer; this lane "
                "keeps its band."
                + (" Platform pay has only gone up." if lane == Lane.MLOPS_PLATFORM else ""),
            )
        return
    labels = {
        LLMWork.SOME: "Some LLM work beside classical work",
        LLMWork.CORE_CLASSICAL: (
            f"LLM at the core, with classical work: pool {abs(effect.pool_change_pct or 0)}% "
            "smaller, band higher"
        ),
        LLMWork.CORE: "LLM work is the core of the job",
    }
    label = labels[work]
    if answers.llm_uplift_usd is not None:
        band.low += answers.llm_uplift_usd
        band.high += answers.llm_uplift_usd
        band.add(
            f"{label}: your uplift of {usd(answers.llm_uplift_usd)}",
            "amount",
            FigureSource.USER_SUPPLIED,
            effect.claims,
            low=answers.llm_uplift_usd,
            high=answers.llm_uplift_usd,
            note="The guide gives no figure for this uplift; this one is yours.",
        )
    elif work == LLMWork.SOME:
        band.add(
            f"{label}: no band change",
            "note",
            FigureSource.PRODUCT_CHOICE,
            effect.claims,
            note="About half of the engineers placed do some fine-tuning, evals or RAG: the "
            "guide treats it as the norm and prices only classical-only and strong-in-both "
            "roles differently.",
        )
    else:
        band.add(
            f"{label}: the uplift is not in the guide",
            "note",
            FigureSource.NOT_IN_GUIDE,
            effect.claims,
            note="Enter your own uplift on the compensation step to include it.",
        )


def place_band(answers: CompAnswers, band: UsdRange, ref: Reference) -> BandPlacement | None:
    """The proposed band against the recommendation, by midpoint (product choice band_compare)."""
    if answers.band_low_usd is None or answers.band_high_usd is None:
        return None
    threshold = ref.comp.underpricing.pct_low
    proposed2 = answers.band_low_usd + answers.band_high_usd  # twice the midpoint: exact
    recommended2 = band.low + band.high
    difference = proposed2 - recommended2
    percent = round(difference * 100 / recommended2, 1)
    return BandPlacement(
        proposed=usd_range(answers.band_low_usd, answers.band_high_usd),
        recommended=band,
        percent_vs_recommendation=percent,
        direction="below" if difference < 0 else "above" if difference > 0 else "level",
        underpriced=difference * 100 <= -threshold * recommended2,
        underpriced_at_pct=threshold,
        claims=ref.comp.underpricing.claims,
    )


def posting_advice(answers: CompAnswers, band: UsdRange, ref: Reference) -> PostingAdvice:
    """Post a range that reaches the top of the acceptable band (C5)."""
    if answers.band_low_usd is not None and answers.band_high_usd is not None:
        acceptable, basis = usd_range(answers.band_low_usd, answers.band_high_usd), "proposed_band"
    else:
        acceptable, basis = band, "recommendation"
    posting = ref.comp.posting
    return PostingAdvice(
        range=acceptable,
        post_up_to=acceptable.high,
        basis=basis,  # type: ignore[arg-type]
        states_requiring_range=posting.states_requiring_range,
        states_named_in_guide=posting.states_named_in_guide,
        claims=posting.claims,
    )


def recommend_comp(inp: EngagementInput, ref: Reference) -> CompRecommendation | None:
    """The recommended base band for the comp step's answers; None until that step is saved."""
    answers = inp.comp
    if answers is None:
        return None
    name = _metro_name(answers, ref)
    band = _Band()
    level_band = ref.level_band(answers.level)
    band.low, band.high = level_band.low, level_band.high
    band.add(
        f"{answers.level.label} U.S. base band",
        "band",
        FigureSource.GUIDE,
        level_band.claims,
        low=level_band.low,
        high=level_band.high,
        note="From the guide's pay section.",
    )
    disagreement = next((d for d in ref.comp.disagreements if d.level == answers.level), None)
    for other in ref.other_level_bands(answers.level):
        band.add(
            f"The guide's opening summary says {usd(other.low)}–{usd(other.high)} instead",
            "note",
            FigureSource.GUIDE,
            other.claims,
            low=other.low,
            high=other.high,
            note=disagreement.reason if disagreement else "",
        )
    _geography(band, answers, ref, name)
    _arrangement(band, answers, ref)
    work, _ = llm_work_of(inp)
    _llm(band, answers, work, inp.lane.primary_lane if inp.lane else None, ref)
    result = usd_range(band.low, band.high)
    return CompRecommendation(
        level=answers.level,
        metro=answers.metro,
        metro_name=name,
        lines=band.lines,
        band=result,
        placement=place_band(answers, result, ref),
        posting=posting_advice(answers, result, ref),
        llm_work=work,
        claims=list(dict.fromkeys(c for line in band.lines if line.applied for c in line.claims)),
    )


def top_quartile_floor(low: int, high: int) -> int:
    """The lowest base inside the band's top quarter (C7), rounded up to the dollar."""
    return low + -(-(high - low) * 3 // 4)
