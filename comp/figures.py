"""The compensation step's figures: the band, line by line, the chart, the placement of the
proposed band, the posting advice and the benchmarks, as display rows.

The generic step and preview views build the context with the plan in it; `figures_context`
turns that plan into display rows and is the step's `extra_context` (comp/steps.py), so the
step, its saves and its live preview all get them.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from comp.charts import percent_label, plan_band_chart, render_svg
from hireplan.engine.plan import BandPlacement, CompLine, HiringPlan
from hireplan.engine.reference import Reference
from hireplan.engine.text import usd, usd_span
from hireplan.reference import load_reference


def signed_usd(amount: int) -> str:
    return f"+{usd(amount)}" if amount >= 0 else f"−{usd(-amount)}"


@dataclass(frozen=True)
class LineRow:
    label: str
    note: str
    change: str
    band_after: str
    applied: bool
    source: str
    source_label: str
    claims: list[str]


def change_of(line: CompLine) -> str:
    """What a line does to the band, in words a reader can check."""
    if line.effect == "band" and line.low is not None and line.high is not None:
        return usd_span(line.low, line.high)
    if line.effect == "set" and line.low is not None and line.high is not None:
        return f"Set to {usd_span(line.low, line.high)}"
    if line.effect == "percent":
        return f"Bottom +{line.pct_low}%, top +{line.pct_high}%"
    if line.effect == "amount" and line.low is not None:
        if line.low == line.high:
            return signed_usd(line.low)
        return f"{signed_usd(line.low)} bottom, {signed_usd(line.high or 0)} top"
    return "Not used" if line.low is not None and not line.applied else "No change"


def line_rows(lines: list[CompLine]) -> list[LineRow]:
    return [
        LineRow(
            label=line.label,
            note=line.note,
            change=change_of(line),
            band_after=usd_span(line.running_low, line.running_high),
            applied=line.applied,
            source=line.source.value,
            source_label=line.source.label,
            claims=line.claims,
        )
        for line in lines
    ]


@dataclass(frozen=True)
class PlacementView:
    proposed: str
    proposed_mid: str
    recommended: str
    recommended_mid: str
    percent: str
    direction: str
    underpriced: bool
    threshold: str
    weeks: str
    claims: list[str]


def placement_view(placement: BandPlacement, ref: Reference) -> PlacementView:
    extension = ref.comp.underpricing
    return PlacementView(
        proposed=usd_span(placement.proposed.low, placement.proposed.high),
        proposed_mid=usd(placement.proposed.midpoint),
        recommended=usd_span(placement.recommended.low, placement.recommended.high),
        recommended_mid=usd(placement.recommended.midpoint),
        percent=percent_label(placement.percent_vs_recommendation),
        direction=placement.direction,
        underpriced=placement.underpriced,
        threshold=f"{placement.underpriced_at_pct}%",
        weeks=f"{extension.adds_weeks_low}–{extension.adds_weeks_high}",
        claims=placement.claims,
    )


def chart_svg(plan: HiringPlan | None, ref: Reference) -> SafeString:
    chart = plan_band_chart(plan.compensation if plan else None, ref.comp.benchmarks)
    # render_svg escapes every piece of text it writes.
    return mark_safe(render_svg(chart))


def figures_context(plan: HiringPlan | None, ref: Reference | None = None) -> dict:
    """The step's display figures for the plan (saved answers, or a preview's unsaved ones)."""
    ref = ref or load_reference()
    comp = plan.compensation if plan is not None else None
    timeline = plan.timeline if plan is not None else None
    return {
        "comp": comp,
        "recommended": usd_span(comp.band.low, comp.band.high) if comp else "",
        "line_rows": line_rows(comp.lines) if comp else [],
        "placement": placement_view(comp.placement, ref) if comp and comp.placement else None,
        "posting_range": (
            usd_span(comp.posting.range.low, comp.posting.range.high) if comp else ""
        ),
        "post_up_to": usd(comp.posting.post_up_to) if comp else "",
        "posting_reference": ref.comp.posting,
        "timeline": timeline,
        "timeline_claims": (
            sorted({c for r in timeline.reasons if r.applied for c in r.claims}) if timeline else []
        ),
        "benchmarks": [
            {
                "name": b.name,
                "measures": b.measures,
                "p25": usd(b.p25),
                "median": usd(b.median),
                "p75": usd(b.p75),
                "anchor": b.mid_market_anchor,
                "note": b.note,
            }
            for b in ref.comp.benchmarks
        ],
        "benchmark_claims": sorted({c for b in ref.comp.benchmarks for c in b.claims}),
        "top_total_comp": ref.comp.top_total_comp,
        "top_total_range": usd_span(ref.comp.top_total_comp.low, ref.comp.top_total_comp.high),
        "chart_svg": chart_svg(plan, ref),
    }
