"""The production ML engineer's week (L9) as chart geometry: pure Python, no Django.

The lane step and, later, the PDF brief render the same plain SVG from this geometry, so it
holds explicit coordinates and colours rather than CSS.
"""

from dataclasses import dataclass

from hireplan.engine.reference import WeekFile

# Short names for the chart's axis; the table alternative keeps the fixture's full labels.
SHORT_LABELS = {
    "training_pipelines": "Training pipelines",
    "serving": "Serving",
    "features": "Feature work",
    "monitoring": "Monitoring",
    "model_work": "Model work",
    "meetings": "Meetings",
    "driver_trouble": "GPU drivers, CUDA",
}

WIDTH = 340
LABEL_RIGHT = 118  # labels end here, right-aligned
BAR_LEFT = 124
BAR_MAX = 170  # the widest share gets this many units; the rest scale to it
ROW_HEIGHT = 24
BAR_HEIGHT = 15
TOP = 4
LEGEND_HEIGHT = 30
SWATCH = 11
# The chart's work is bounded by construction (issue 18): at most this many bars are drawn.
MAX_BARS = 12

COLOR_COVERED = "#3b3fb6"  # brand: the slice most JDs describe
COLOR_REST = "#a9b0c9"
COLOR_TEXT = "#1c2130"
COLOR_MUTED = "#586075"
FONT = "DejaVu Sans, sans-serif"


@dataclass(frozen=True)
class WeekBar:
    id: str
    label: str  # short, for the chart
    full_label: str  # for the table and the SVG's description
    percent: int
    covered: bool  # what most JDs describe
    y: float
    width: float
    color: str

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2

    @property
    def value_x(self) -> float:
        return BAR_LEFT + self.width + 5


@dataclass(frozen=True)
class WeekChart:
    bars: list[WeekBar]
    claims: list[str]
    width: int
    height: int
    legend_y: float
    # Drawing constants, handed to the SVG template.
    label_right: int = LABEL_RIGHT
    bar_left: int = BAR_LEFT
    bar_height: int = BAR_HEIGHT
    swatch: int = SWATCH
    font: str = FONT
    text_color: str = COLOR_TEXT
    muted_color: str = COLOR_MUTED

    @property
    def covered_percent(self) -> int:
        return sum(bar.percent for bar in self.bars if bar.covered)

    @property
    def rest_percent(self) -> int:
        return sum(bar.percent for bar in self.bars if not bar.covered)

    @property
    def covered_labels(self) -> list[str]:
        return [bar.label for bar in self.bars if bar.covered]

    @property
    def description(self) -> str:
        """The chart in one sentence, for screen readers and the SVG's <desc>."""
        parts = "; ".join(f"{bar.full_label}: {bar.percent}%" for bar in self.bars)
        covered = ", ".join(label.lower() for label in self.covered_labels) or "none"
        return (
            f"{parts}. Most job descriptions describe only {covered}, "
            f"{self.covered_percent}% of the week; the other {self.rest_percent}% goes unmentioned."
        )

    # Legend geometry: swatch and text positions for the two keys.
    @property
    def legend(self) -> list[dict]:
        y = self.legend_y + 8
        keys = [
            (0, COLOR_COVERED, "What most JDs describe"),
            (170, COLOR_REST, "The rest of the week"),
        ]
        return [
            {"x": x, "y": y, "color": color, "text": text, "text_x": x + SWATCH + 5}
            for x, color, text in keys
        ]


def week_chart(week: WeekFile) -> WeekChart:
    """Horizontal bars for each share of the week, in the fixture's order."""
    shares = week.shares[:MAX_BARS]
    widest = max((share.percent for share in shares), default=0) or 1
    bars = []
    for index, share in enumerate(shares):
        bars.append(
            WeekBar(
                id=share.id,
                label=SHORT_LABELS.get(share.id, share.label),
                full_label=share.label,
                percent=share.percent,
                covered=share.typical_jd_covers,
                y=TOP + index * ROW_HEIGHT,
                width=round(BAR_MAX * share.percent / widest, 1),
                color=COLOR_COVERED if share.typical_jd_covers else COLOR_REST,
            )
        )
    claims = sorted({claim for share in shares for claim in share.claims})
    legend_y = TOP + len(bars) * ROW_HEIGHT + 4
    return WeekChart(
        bars=bars,
        claims=claims,
        width=WIDTH,
        height=round(legend_y + LEGEND_HEIGHT),
        legend_y=legend_y,
    )
