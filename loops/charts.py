"""Geometry for the loop, sourcing and offer charts; the templates draw it as inline SVG.

Plain SVG only (explicit colours, no CSS variables, DejaVu Sans) so the same markup works in
the WeasyPrint brief. Every chart is drawn in a viewBox about a phone's width, so its labels
stay readable when it shrinks; each has a table beside it for screen readers.
"""

import math
from dataclasses import dataclass, field

from hireplan.engine.plan import EquityComparison, TimelineEstimate
from hireplan.engine.text import usd_short
from loops.loop import place_rounds

FONT = "DejaVu Sans, sans-serif"
INK = "#1c2130"
MUTED = "#586075"
GRID = "#dde1ea"
BRAND = "#3b3fb6"
BRAND_SOFT = "#c9ccf5"
GOOD = "#1d7a46"
GOOD_SOFT = "#cfeedd"
RISK = "#9a5b00"
RISK_SOFT = "#f6dcae"
ADVICE = "#1f5fa8"
WIDTH = 360

# Every chart's work is bounded by construction, whatever its input (issue 18): at most this
# many ticks, gridlines, cells or bar groups, however far the dates or large the figures.
TIMELINE_TICKS_MAX = 11  # labelled week ticks on the timeline's axis
TIMELINE_SPAN_WEEKS_MAX = 52 * 15  # the axis stops here; anything later sits at its right end
# Week steps a reader can count in, smallest first; beyond the last, whole multiples of it.
TIMELINE_TICK_STEPS = (1, 2, 4, 8, 13, 26, 52, 104, 260)
CALENDAR_DAYS_MAX = 12 * 7  # the loop calendar draws at most twelve weeks of cells
CALENDAR_ROUNDS_MAX = 20
EQUITY_YEARS_MAX = 12  # bar groups on the equity chart
EQUITY_GRIDLINES_MAX = 6


# ----------------------------------------------------------------------------- loop calendar
@dataclass(frozen=True)
class CalendarCell:
    day: int
    x: int
    y: int
    w: int
    h: int
    rounds: list[int]  # round numbers on this day
    in_span: bool

    @property
    def day_x(self) -> int:
        return self.x + 5

    @property
    def day_y(self) -> int:
        return self.y + 12

    @property
    def label_x(self) -> float:
        return self.x + self.w / 2

    @property
    def label_y(self) -> int:
        return self.y + self.h - 8

    @property
    def label(self) -> str:
        return " ".join(f"R{number}" for number in self.rounds)

    @property
    def fill(self) -> str:
        return "#eceefe" if self.rounds else "#ffffff" if self.in_span else "#f5f6fa"


@dataclass(frozen=True)
class Calendar:
    days: int
    width: int
    height: int
    cell_w: int
    cell_h: int
    cells: list[CalendarCell]
    by_day: list[tuple[int, list[int]]]  # (day, round numbers) for the text alternative


def loop_calendar(round_count: int, days: int) -> Calendar:
    """The span as weeks of seven days, each round on the day `place_rounds` gives it."""
    days = max(0, min(days, CALENDAR_DAYS_MAX))
    placed = place_rounds(max(0, min(round_count, CALENDAR_ROUNDS_MAX)), days)
    weeks = max(1, math.ceil(days / 7))
    cell_w, cell_h, top = 50, 40, 4
    cells = []
    for index in range(weeks * 7):
        day = index + 1
        row, col = divmod(index, 7)
        cells.append(
            CalendarCell(
                day=day,
                x=1 + col * cell_w,
                y=top + row * cell_h,
                w=cell_w - 4,
                h=cell_h - 4,
                rounds=[n for n, d in enumerate(placed, start=1) if d == day],
                in_span=day <= days,
            )
        )
    by_day = [(cell.day, cell.rounds) for cell in cells if cell.rounds]
    return Calendar(
        days=days,
        width=7 * cell_w + 2,
        height=top + weeks * cell_h + 2,
        cell_w=cell_w,
        cell_h=cell_h,
        cells=cells,
        by_day=by_day,
    )


# ----------------------------------------------------------------------------- timeline
PHASE_COLOURS = {
    "intake": (BRAND, BRAND_SOFT),
    "sourcing": (BRAND, BRAND_SOFT),
    "loop": (ADVICE, "#c7dbf3"),
    "offer": (GOOD, GOOD_SOFT),
    "notice": (MUTED, "#d9dce4"),
    "start": (GOOD, GOOD_SOFT),
}


@dataclass(frozen=True)
class TimelineRow:
    id: str
    label: str
    detail: str  # "weeks 0–7", shown under the label
    y: int
    x1: float
    x2: float
    slip_x: float  # where the phase ends at the long end of the estimate
    milestone: bool
    known: bool
    fill: str
    soft: str
    note: str

    @property
    def text_y(self) -> int:
        return self.y - 5

    @property
    def bar_y(self) -> int:
        return self.y

    @property
    def mid_y(self) -> int:
        return self.y + 6

    @property
    def width(self) -> float:
        return round(max(self.x2 - self.x1, 2), 1)

    @property
    def slip_width(self) -> float:
        return round(self.slip_x - self.x2, 1)

    @property
    def diamond(self) -> str:
        """A milestone's diamond, as SVG path data."""
        x, y = self.x1, self.mid_y
        return f"M{x} {y - 7} L{x + 7} {y} L{x} {y + 7} L{x - 7} {y} Z"

    @property
    def slip_diamond(self) -> str:
        x, y = self.slip_x, self.mid_y
        return f"M{x} {y - 6} L{x + 6} {y} L{x} {y + 6} L{x - 6} {y} Z"


@dataclass(frozen=True)
class Marker:
    label: str
    x: float
    colour: str
    anchor: str = "middle"
    detail: str = ""


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: int
    rows: list[TimelineRow]
    ticks: list[tuple[float, str]]
    markers: list[Marker]
    pushed_out: list[str] = field(default_factory=list)


def _weeks(day: int) -> str:
    weeks = day / 7
    return f"{weeks:.1f}".removesuffix(".0")


def timeline_tick_step(span_weeks: int) -> int:
    """The smallest step in weeks that labels 0 to `span_weeks` in TIMELINE_TICKS_MAX ticks."""
    for step in TIMELINE_TICK_STEPS:
        if span_weeks // step + 1 <= TIMELINE_TICKS_MAX:
            return step
    last = TIMELINE_TICK_STEPS[-1]
    return last * math.ceil(span_weeks / (last * (TIMELINE_TICKS_MAX - 1)))


def timeline_chart(timeline: TimelineEstimate) -> TimelineChart:
    """The phases as bars on a week axis; the long end of the estimate as a paler tail."""
    left, right = 10, WIDTH - 10
    target_day = None
    if timeline.target_start is not None:
        target_day = (timeline.target_start - timeline.day_zero).days
    last_day = max(
        [p.end_day + p.slip_days for p in timeline.phases]
        + [timeline.today_day]
        + ([target_day] if target_day is not None and target_day >= 0 else [])
    )
    span_weeks = min(max(4, math.ceil(last_day / 7) + 1), TIMELINE_SPAN_WEEKS_MAX)
    scale = (right - left) / (span_weeks * 7)

    def x(day: int) -> float:
        return round(left + min(max(0, day), span_weeks * 7) * scale, 1)

    step = timeline_tick_step(span_weeks)
    ticks = [(x(week * 7), str(week)) for week in range(0, span_weeks + 1, step)]
    rows, y = [], 30
    for phase in timeline.phases:
        fill, soft = PHASE_COLOURS[phase.id]
        milestone = phase.start_day == phase.end_day and phase.id in ("intake", "start")
        if milestone:
            detail = f"week {_weeks(phase.start_day)}"
            if phase.slip_days:
                detail += f" to {_weeks(phase.start_day + phase.slip_days)}"
        else:
            detail = f"weeks {_weeks(phase.start_day)}–{_weeks(phase.end_day)}"
            if phase.slip_days:
                detail += f", up to {_weeks(phase.end_day + phase.slip_days)}"
        rows.append(
            TimelineRow(
                id=phase.id,
                label=phase.label,
                detail=detail if phase.known or phase.id != "notice" else "not entered yet",
                y=y,
                x1=x(phase.start_day),
                x2=x(phase.end_day),
                slip_x=x(phase.end_day + phase.slip_days),
                milestone=milestone,
                known=phase.known,
                fill=fill,
                soft=soft,
                note=phase.note,
            )
        )
        y += 42
    markers = []

    def anchor(at: float) -> str:
        # Keep a marker's label inside the chart near either edge.
        return "start" if at < left + 40 else "end" if at > right - 40 else "middle"

    if timeline.today_day > 0:
        at = x(timeline.today_day)
        markers.append(
            Marker(
                label="Today",
                x=at,
                colour=INK,
                anchor=anchor(at),
                detail=f"week {_weeks(timeline.today_day)}",
            )
        )
    if target_day is not None and target_day >= 0:
        at = x(target_day)
        markers.append(
            Marker(
                label="Target start",
                x=at,
                colour=RISK,
                anchor=anchor(at),
                detail=f"week {_weeks(target_day)}",
            )
        )
    pushed = [
        f"{reason.label}" + (f": {reason.note}" if reason.note else "")
        for reason in timeline.reasons
        if reason.applied and "T2" in reason.claims
    ]
    return TimelineChart(
        width=WIDTH,
        height=y + 6,
        plot_left=left,
        plot_right=right,
        axis_y=y - 12,
        rows=rows,
        ticks=ticks,
        markers=markers,
        pushed_out=pushed,
    )


# ----------------------------------------------------------------------------- equity
@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    colour: str

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class YearGroup:
    year: int
    label_x: float
    bars: list[Bar]


@dataclass(frozen=True)
class EquityChart:
    width: int
    height: int
    base_y: int
    groups: list[YearGroup]
    gridlines: list[tuple[float, str]]


def equity_chart(equity: EquityComparison) -> EquityChart:
    """Two bars a year: what the candidate's grants would vest, and what the offer vests."""
    top, base_y, left = 16, 170, 48
    years = equity.years[:EQUITY_YEARS_MAX]
    highest = max([1] + [max(y.current_usd, y.offer_usd) for y in years])
    # A round number of steps for the gridlines: 1, 2 or 5 times a power of ten.
    raw = highest / 4
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    ceiling = step * math.ceil(highest / step)
    scale = (base_y - top) / ceiling
    group_w = (WIDTH - left - 4) / max(1, len(years))
    bar_w = min(28, group_w / 2 - 6)
    groups = []
    for index, year in enumerate(years):
        centre = left + group_w * index + group_w / 2
        bars = []
        for offset, value, colour in (
            (-bar_w - 2, year.current_usd, MUTED),
            (2, year.offer_usd, BRAND),
        ):
            height = round(value * scale, 1)
            bars.append(
                Bar(
                    x=round(centre + offset, 1),
                    y=round(base_y - height, 1),
                    width=round(bar_w, 1),
                    height=height,
                    value=value,
                    label=usd_short(value),
                    colour=colour,
                )
            )
        groups.append(YearGroup(year=year.year, label_x=round(centre, 1), bars=bars))
    gridlines = [
        (round(base_y - value * scale, 1), usd_short(value))
        for value in range(0, int(ceiling) + 1, int(step))
    ][:EQUITY_GRIDLINES_MAX]
    return EquityChart(
        width=WIDTH, height=base_y + 40, base_y=base_y, groups=groups, gridlines=gridlines
    )


# ----------------------------------------------------------------------------- base vs band
@dataclass(frozen=True)
class BandChart:
    width: int
    height: int
    x_low: float
    x_high: float
    x_floor: float
    x_base: float | None
    low: str
    high: str
    floor: str
    base: str
    base_inside: bool

    @property
    def base_anchor(self) -> str:
        """Keeps the offer's label inside the chart when the base sits near an edge."""
        if self.x_base is None:
            return "middle"
        return "end" if self.x_base > self.width - 50 else "start" if self.x_base < 50 else "middle"

    @property
    def band_width(self) -> float:
        return round(self.x_high - self.x_low, 1)

    @property
    def quartile_width(self) -> float:
        return round(self.x_high - self.x_floor, 1)


def band_chart(low: int, high: int, floor: int, base: int | None) -> BandChart:
    """The band as a bar, its top quarter shaded, and the offered base as a marker (C7)."""
    left, right = 12, WIDTH - 12
    lowest = min(low, base) if base is not None else low
    highest = max(high, base) if base is not None else high
    pad = max(1, (highest - lowest) // 10)
    start, end = lowest - pad, highest + pad
    scale = (right - left) / (end - start)

    def x(value: int) -> float:
        return round(left + (value - start) * scale, 1)

    return BandChart(
        width=WIDTH,
        height=86,
        x_low=x(low),
        x_high=x(high),
        x_floor=x(floor),
        x_base=x(base) if base is not None else None,
        low=usd_short(low),
        high=usd_short(high),
        floor=usd_short(floor),
        base=usd_short(base) if base is not None else "",
        base_inside=base is not None and base >= floor,
    )


# ----------------------------------------------------------------------------- outreach split
@dataclass(frozen=True)
class SplitBar:
    width: int
    outreach_w: float
    outreach_pct: int
    posting_pct: int

    @property
    def posting_w(self) -> float:
        return round(self.width - self.outreach_w, 1)


def split_bar(outreach_pct: int) -> SplitBar:
    return SplitBar(
        width=WIDTH,
        outreach_w=round(WIDTH * outreach_pct / 100, 1),
        outreach_pct=outreach_pct,
        posting_pct=100 - outreach_pct,
    )
