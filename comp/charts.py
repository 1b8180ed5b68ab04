"""The band chart: benchmarks, the recommended band and the proposed band on one salary axis.

Pure Python (no Django, no request): `band_chart` works out the geometry and `render_svg` turns
it into a self-contained SVG. The step page and the PDF brief draw the same SVG, so it uses
explicit colours and fonts only (no CSS variables, no classes that need a stylesheet).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from math import ceil, floor
from typing import Literal, Protocol

from hireplan.engine.plan import CompRecommendation
from hireplan.engine.text import usd, usd_short

FONT = "DejaVu Sans, sans-serif"
# viewBox units. Narrow on purpose: on a phone the chart is ~300 px wide, so a unit stays
# close to a pixel and 12-unit text stays readable; wider screens cap its width in CSS.
WIDTH = 320
PLOT_LEFT = 22
PLOT_RIGHT = WIDTH - 22
LEGEND_HEIGHT = 28
ROW_HEIGHT = 38
AXIS_HEIGHT = 28
MAX_TICKS = 6  # about 55 units apart: room for "$450K" at 12 units
# The chart's work is bounded by construction whatever its input (issue 18): `scale_for` never
# gives more than MAX_TICKS ticks, and at most this many benchmark rows are drawn.
MAX_BENCHMARKS = 8
MIN_BAR_WIDTH = 4  # a one-figure band (a metro's single base) still shows as a mark
# Tick steps a reader can add up in their head, smallest first.
TICK_STEPS = (10_000, 20_000, 25_000, 50_000, 100_000, 200_000, 250_000, 500_000, 1_000_000)

COLOURS = {
    "text": "#1c2130",
    "muted": "#586075",
    "grid": "#dde1ea",
    "grid_minor": "#eef0f4",
    "benchmark": "#aab1c2",
    "anchor": "#1f5fa8",
    "median": "#1c2130",
    "recommended": "#3b3fb6",
    "recommended_shade": "#eceefe",
    "proposed": "#1d7a46",
    "underpriced": "#9a5b00",
    "midpoint": "#ffffff",
}

BarKind = Literal["benchmark", "recommended", "proposed"]


class BenchmarkFigures(Protocol):
    """What the chart reads from a benchmark (hireplan.reference.Benchmark fits)."""

    id: str
    name: str
    p25: int
    median: int
    p75: int
    mid_market_anchor: bool


@dataclass(frozen=True)
class Scale:
    """Dollars to x (viewBox units), linear over [low, high]."""

    low: int
    high: int
    step: int
    left: float = PLOT_LEFT
    right: float = PLOT_RIGHT

    def x(self, amount: int) -> float:
        return self.left + (amount - self.low) * (self.right - self.left) / (self.high - self.low)

    @property
    def ticks(self) -> list[int]:
        return list(range(self.low, self.high + 1, self.step))

    @property
    def minor_ticks(self) -> list[int]:
        """Unlabelled lines halfway between ticks, for reading a bar's ends more closely."""
        return [tick + self.step // 2 for tick in self.ticks[:-1]]


def scale_for(amounts: Sequence[int], *, max_ticks: int = MAX_TICKS) -> Scale:
    """The tightest axis on round steps that holds every amount with at most `max_ticks` ticks."""
    max_ticks = max(3, max_ticks)
    low, high = min(amounts, default=0), max(amounts, default=0)
    for step in TICK_STEPS:
        axis_low = floor(low / step) * step
        axis_high = ceil(high / step) * step
        if axis_high == axis_low:
            axis_high += step  # one amount alone still needs a span to draw on
        if (axis_high - axis_low) // step + 1 <= max_ticks:
            return Scale(axis_low, axis_high, step)
    # Beyond any real band (the inputs stop at $1M); whole millions keep the axis readable.
    step = TICK_STEPS[-1] * ceil((high - low) / (TICK_STEPS[-1] * (max_ticks - 2)))
    axis_low = floor(low / step) * step
    return Scale(axis_low, axis_low + step * ceil((high - axis_low) / step), step)


@dataclass(frozen=True)
class Tick:
    amount: int
    x: float
    label: str


@dataclass(frozen=True)
class Bar:
    kind: BarKind
    key: str
    label: str
    figures: str  # the numbers, shown at the row's right end
    low: int | None
    high: int | None
    mark: int | None  # the median of a benchmark, the midpoint of a band
    anchor: bool
    y: float  # top of the row
    x: float | None
    width: float | None
    mark_x: float | None
    fill: str

    @property
    def bar_y(self) -> float:
        return self.y + 18

    @property
    def bar_height(self) -> float:
        return 10 if self.kind == "benchmark" else 14


@dataclass(frozen=True)
class BandChart:
    width: int
    height: int
    scale: Scale
    ticks: list[Tick]
    bars: list[Bar]
    shade: tuple[float, float] | None  # x and width of the recommended band's column
    title: str
    description: str

    def bar(self, key: str) -> Bar:
        return next(bar for bar in self.bars if bar.key == key)


def _span(scale: Scale, low: int, high: int) -> tuple[float, float]:
    x, width = scale.x(low), scale.x(high) - scale.x(low)
    if width < MIN_BAR_WIDTH:
        x, width = x - (MIN_BAR_WIDTH - width) / 2, MIN_BAR_WIDTH
    return x, width


def _band_figures(low: int, high: int) -> str:
    return usd_short(low) if low == high else f"{usd_short(low)}–{usd_short(high)}"


def band_chart(
    benchmarks: Sequence[BenchmarkFigures],
    recommended: tuple[int, int] | None,
    proposed: tuple[int, int] | None,
    *,
    underpriced: bool = False,
    proposed_note: str = "",
) -> BandChart:
    """Each benchmark's 25th–75th range with its median, then the two bands, on one axis."""
    benchmarks = list(benchmarks)[:MAX_BENCHMARKS]
    amounts = [amount for b in benchmarks for amount in (b.p25, b.p75)]
    for band in (recommended, proposed):
        if band is not None:
            amounts.extend(band)
    scale = scale_for(amounts)
    bars: list[Bar] = []
    y = float(LEGEND_HEIGHT)
    for benchmark in benchmarks:
        x, width = _span(scale, benchmark.p25, benchmark.p75)
        bars.append(
            Bar(
                kind="benchmark",
                key=benchmark.id,
                label=benchmark.name,
                figures=f"median {usd_short(benchmark.median)}",
                low=benchmark.p25,
                high=benchmark.p75,
                mark=benchmark.median,
                anchor=benchmark.mid_market_anchor,
                y=y,
                x=x,
                width=width,
                mark_x=scale.x(benchmark.median),
                fill=COLOURS["anchor"] if benchmark.mid_market_anchor else COLOURS["benchmark"],
            )
        )
        y += ROW_HEIGHT
    rows: list[tuple[str, str, tuple[int, int] | None, str]] = [
        ("recommended", "Recommended band", recommended, COLOURS["recommended"]),
        (
            "proposed",
            "Your proposed band",
            proposed,
            COLOURS["underpriced"] if underpriced else COLOURS["proposed"],
        ),
    ]
    for key, label, band, fill in rows:
        if band is None:
            figures = "not entered yet" if key == "proposed" else "not worked out yet"
            bars.append(
                Bar(
                    kind=key,  # type: ignore[arg-type]
                    key=key,
                    label=label,
                    figures=figures,
                    low=None,
                    high=None,
                    mark=None,
                    anchor=False,
                    y=y,
                    x=None,
                    width=None,
                    mark_x=None,
                    fill=fill,
                )
            )
        else:
            low, high = band
            x, width = _span(scale, low, high)
            figures = _band_figures(low, high)
            midpoint = (low + high) // 2
            bars.append(
                Bar(
                    kind=key,  # type: ignore[arg-type]
                    key=key,
                    label=label,
                    figures=figures,
                    low=low,
                    high=high,
                    mark=midpoint if low != high else None,
                    anchor=False,
                    y=y,
                    x=x,
                    width=width,
                    mark_x=scale.x(midpoint) if low != high else None,
                    fill=fill,
                )
            )
        y += ROW_HEIGHT
    shade = _span(scale, *recommended) if recommended is not None else None
    ticks = [Tick(amount, scale.x(amount), usd_short(amount)) for amount in scale.ticks]
    return BandChart(
        width=WIDTH,
        height=int(y + AXIS_HEIGHT),
        scale=scale,
        ticks=ticks,
        bars=bars,
        shade=shade,
        title="Base salary: benchmarks, the recommended band and your band",
        description=_describe(benchmarks, recommended, proposed, proposed_note, scale),
    )


def percent_label(value: float) -> str:
    """12.5 → "12.5%", -20.0 → "20%": the size of a difference, its sign said in words."""
    return f"{abs(value):g}%"


def plan_band_chart(
    comp: CompRecommendation | None, benchmarks: Sequence[BenchmarkFigures]
) -> BandChart:
    """The chart for a plan's compensation (None before the step is answered: benchmarks only)."""
    placement = comp.placement if comp is not None else None
    note = ""
    if placement is not None and placement.direction != "level":
        note = f"{percent_label(placement.percent_vs_recommendation)} {placement.direction}"
    return band_chart(
        benchmarks,
        recommended=(comp.band.low, comp.band.high) if comp is not None else None,
        proposed=(placement.proposed.low, placement.proposed.high) if placement else None,
        underpriced=placement.underpriced if placement is not None else False,
        proposed_note=note,
    )


def _describe(
    benchmarks: Sequence[BenchmarkFigures],
    recommended: tuple[int, int] | None,
    proposed: tuple[int, int] | None,
    proposed_note: str,
    scale: Scale,
) -> str:
    """The chart in words, for screen readers (the page also has the figures as tables)."""
    parts = [f"Salary axis from {usd_short(scale.low)} to {usd_short(scale.high)}."]
    if recommended is not None:
        parts.append(f"Recommended band {usd(recommended[0])} to {usd(recommended[1])}.")
    if proposed is not None:
        note = f", {proposed_note}" if proposed_note else ""
        parts.append(f"Your proposed band {usd(proposed[0])} to {usd(proposed[1])}{note}.")
    else:
        parts.append("No proposed band entered yet.")
    parts.append("Benchmarks, 25th percentile, median and 75th percentile:")
    for b in benchmarks:
        anchor = " (mid-market anchor)" if b.mid_market_anchor else ""
        parts.append(f"{b.name}{anchor} {usd(b.p25)}, {usd(b.median)}, {usd(b.p75)}.")
    return " ".join(parts)


def _n(value: float) -> str:
    """Coordinates with one decimal at most, so the SVG stays small and diffs stay stable."""
    return f"{value:.1f}".removesuffix(".0")


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attrs.items())
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{escape(content)}</text>'


def _rect(x: float, y: float, width: float, height: float, fill: str, **attrs: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attrs.items())
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
        f'fill="{fill}"{extra}/>'
    )


def _legend() -> list[str]:
    c = COLOURS
    return [
        _rect(PLOT_LEFT, 8, 16, 8, c["benchmark"]),
        _text(PLOT_LEFT + 20, 16, "25th–75th", font_size="11", fill=c["muted"]),
        _rect(PLOT_LEFT + 86, 5, 3, 14, c["median"]),
        _text(PLOT_LEFT + 93, 16, "median", font_size="11", fill=c["muted"]),
        _rect(PLOT_LEFT + 148, 8, 16, 8, c["anchor"]),
        _text(PLOT_LEFT + 168, 16, "mid-market anchor", font_size="11", fill=c["muted"]),
    ]


def render_svg(chart: BandChart, *, element_id: str = "band-chart") -> str:
    """The chart as one self-contained <svg> element (explicit colours and font)."""
    c = COLOURS
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    rows_top, rows_bottom = LEGEND_HEIGHT, chart.height - AXIS_HEIGHT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(element_id)}" '
        f'viewBox="0 0 {chart.width} {chart.height}" width="100%" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
        _rect(0, 0, chart.width, chart.height, "#ffffff"),
    ]
    if chart.shade is not None:
        x, width = chart.shade
        out.append(
            _rect(x, rows_top, width, rows_bottom - rows_top, c["recommended_shade"], data_shade="")
        )
    for amount in chart.scale.minor_ticks:
        x = _n(chart.scale.x(amount))
        out.append(
            f'<line x1="{x}" y1="{rows_top}" x2="{x}" y2="{rows_bottom}" '
            f'stroke="{c["grid_minor"]}" stroke-width="1"/>'
        )
    for tick in chart.ticks:
        out.append(
            f'<line x1="{_n(tick.x)}" y1="{rows_top}" x2="{_n(tick.x)}" y2="{rows_bottom + 4}" '
            f'stroke="{c["grid"]}" stroke-width="1"/>'
        )
        out.append(
            _text(
                tick.x,
                rows_bottom + 18,
                tick.label,
                font_size="11.5",
                fill=c["muted"],
                text_anchor="middle",
            )
        )
    out.append(
        f'<line x1="{PLOT_LEFT}" y1="{rows_bottom}" x2="{PLOT_RIGHT}" y2="{rows_bottom}" '
        f'stroke="{c["muted"]}" stroke-width="1"/>'
    )
    out.extend(_legend())
    for bar in chart.bars:
        weight = "700" if bar.kind != "benchmark" or bar.anchor else "400"
        out.append(
            _text(
                PLOT_LEFT,
                bar.y + 13,
                bar.label,
                font_size="12.5",
                font_weight=weight,
                fill=c["text"],
            )
        )
        out.append(
            _text(
                PLOT_RIGHT,
                bar.y + 13,
                bar.figures,
                font_size="12",
                fill=c["muted"],
                text_anchor="end",
            )
        )
        if bar.x is None or bar.width is None:
            continue
        out.append(
            _rect(bar.x, bar.bar_y, bar.width, bar.bar_height, bar.fill, data_bar=bar.key, rx="2")
        )
        if bar.mark_x is not None:
            colour = c["median"] if bar.kind == "benchmark" else c["midpoint"]
            out.append(
                _rect(bar.mark_x - 1.5, bar.bar_y - 3, 3, bar.bar_height + 6, colour)
                if bar.kind == "benchmark"
                else _rect(bar.mark_x - 1, bar.bar_y + 2, 2, bar.bar_height - 4, colour)
            )
    out.append("</svg>")
    return "".join(out)
