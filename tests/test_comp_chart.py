"""The band chart module: scale, ticks, bar geometry and a self-contained SVG."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

import pytest

from comp.charts import (
    COLOURS,
    MAX_TICKS,
    MIN_BAR_WIDTH,
    PLOT_LEFT,
    PLOT_RIGHT,
    Scale,
    band_chart,
    plan_band_chart,
    render_svg,
    scale_for,
    usd_short,
)
from hireplan.engine import plan_for_answers
from hireplan.reference import load_reference
from tests.conftest import CONTEXT_ANSWERS

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Bench:
    id: str
    name: str
    p25: int
    median: int
    p75: int
    mid_market_anchor: bool = False


BENCHMARKS = load_reference().comp.benchmarks


def rects(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {r.get("data-bar"): r for r in root.iter(f"{SVG}rect") if r.get("data-bar")}


@pytest.mark.parametrize(
    ("amount", "label"),
    [
        (120_000, "$120K"),
        (187_500, "$187.5K"),
        (1_000_000, "$1M"),
        (1_250_000, "$1.25M"),
        (900, "$900"),
        (-20_000, "−$20K"),
    ],
)
def test_it_labels_amounts_briefly(amount, label):
    assert usd_short(amount) == label


def test_it_fits_the_guide_benchmarks_on_round_ticks():
    scale = scale_for([amount for b in BENCHMARKS for amount in (b.p25, b.p75)])
    assert (scale.low, scale.high, scale.step) == (100_000, 500_000, 100_000)
    assert scale.ticks == [100_000, 200_000, 300_000, 400_000, 500_000]


@pytest.mark.parametrize(
    "amounts",
    [
        [130_000, 435_000],
        [160_000, 200_000],
        [215_000],
        [50_000, 1_000_000],
        [30_000, 1_300_000],
        [999_999, 1_000_001],
    ],
)
def test_it_keeps_every_amount_on_the_axis_with_few_ticks(amounts):
    scale = scale_for(amounts)
    assert scale.low <= min(amounts) and max(amounts) <= scale.high
    assert 2 <= len(scale.ticks) <= MAX_TICKS
    assert scale.ticks[0] == scale.low and scale.ticks[-1] == scale.high


def test_it_maps_dollars_to_the_plot_linearly():
    scale = Scale(100_000, 500_000, 100_000)
    assert scale.x(100_000) == PLOT_LEFT
    assert scale.x(500_000) == PLOT_RIGHT
    assert scale.x(300_000) == pytest.approx((PLOT_LEFT + PLOT_RIGHT) / 2)


def test_it_draws_the_proposed_band_where_its_numbers_say():
    chart = band_chart(BENCHMARKS, recommended=(230_000, 340_000), proposed=(180_000, 276_000))
    bar = chart.bar("proposed")
    assert bar.x == pytest.approx(chart.scale.x(180_000))
    assert bar.x + bar.width == pytest.approx(chart.scale.x(276_000))
    assert bar.mark_x == pytest.approx(chart.scale.x(228_000))
    drawn = rects(render_svg(chart))["proposed"]
    assert float(drawn.get("x")) == pytest.approx(bar.x, abs=0.05)
    assert float(drawn.get("width")) == pytest.approx(bar.width, abs=0.05)
    # It sits left of the recommended band, whose column is shaded behind every row.
    recommended = rects(render_svg(chart))["recommended"]
    assert float(drawn.get("x")) < float(recommended.get("x"))
    assert chart.shade == (chart.bar("recommended").x, chart.bar("recommended").width)


def test_it_moves_the_proposed_bar_when_the_band_changes():
    low = band_chart(BENCHMARKS, (230_000, 340_000), (180_000, 276_000), underpriced=True)
    fair = band_chart(BENCHMARKS, (230_000, 340_000), (230_000, 340_000))
    assert low.bar("proposed").x < fair.bar("proposed").x
    assert low.bar("proposed").fill == COLOURS["underpriced"]
    assert fair.bar("proposed").fill == COLOURS["proposed"]


def test_it_draws_each_benchmark_from_25th_to_75th_with_its_median():
    chart = band_chart(BENCHMARKS, recommended=None, proposed=None)
    drawn = rects(render_svg(chart))
    for benchmark in BENCHMARKS:
        bar = chart.bar(benchmark.id)
        assert bar.x == pytest.approx(chart.scale.x(benchmark.p25))
        assert bar.x + bar.width == pytest.approx(chart.scale.x(benchmark.p75))
        assert bar.mark_x == pytest.approx(chart.scale.x(benchmark.median))
        assert bar.label == benchmark.name
        expected = COLOURS["anchor"] if benchmark.mid_market_anchor else COLOURS["benchmark"]
        assert drawn[benchmark.id].get("fill") == expected
    assert [b.key for b in chart.bars if b.anchor] == ["built_in", "kore1_placements"]


def test_it_keeps_a_row_for_bands_not_worked_out_yet():
    chart = band_chart(BENCHMARKS, recommended=None, proposed=None)
    assert chart.bar("proposed").x is None
    assert chart.bar("proposed").figures == "not entered yet"
    assert chart.shade is None
    svg = render_svg(chart)
    assert "proposed" not in rects(svg) and "recommended" not in rects(svg)
    assert "Your proposed band" in svg


def test_it_shows_a_one_figure_band_as_a_visible_mark():
    chart = band_chart(BENCHMARKS, recommended=(215_000, 215_000), proposed=None)
    bar = chart.bar("recommended")
    assert bar.width == MIN_BAR_WIDTH
    assert bar.x + bar.width / 2 == pytest.approx(chart.scale.x(215_000))
    assert bar.figures == "$215K"


def test_it_widens_the_axis_for_a_band_far_above_the_benchmarks():
    chart = band_chart(BENCHMARKS, recommended=(230_000, 340_000), proposed=(900_000, 1_000_000))
    assert chart.scale.high >= 1_000_000
    assert chart.bar("proposed").x + chart.bar("proposed").width <= PLOT_RIGHT + 0.01
    assert [tick.label for tick in chart.ticks][-1] == usd_short(chart.scale.high)


def test_it_renders_a_self_contained_accessible_svg():
    chart = band_chart(
        BENCHMARKS, (230_000, 340_000), (180_000, 276_000), proposed_note="20% below"
    )
    svg = render_svg(chart)
    root = ET.fromstring(svg)  # well-formed XML, so WeasyPrint can read it as it is
    assert root.get("viewBox") == f"0 0 {chart.width} {chart.height}"
    assert root.get("width") == "100%"
    assert root.get("role") == "img"
    assert root.get("font-family") == "DejaVu Sans, sans-serif"
    assert "var(" not in svg and "class=" not in svg and "<style" not in svg
    assert root.find(f"{SVG}title").text.startswith("Base salary")
    desc = root.find(f"{SVG}desc").text
    assert "Recommended band $230,000 to $340,000." in desc
    assert "Your proposed band $180,000 to $276,000, 20% below." in desc
    assert "Built In (mid-market anchor) $143,000, $172,000, $220,000." in desc
    tick_labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert tick_labels == ["$100K", "$200K", "$300K", "$400K", "$500K"]
    assert all(t.get("fill") for t in root.iter(f"{SVG}text"))


def test_it_escapes_text_it_did_not_write():
    odd = [Bench("x", "<b>Tom & Jerry</b>", 100_000, 150_000, 200_000)]
    svg = render_svg(band_chart(odd, recommended=None, proposed=None))
    assert "<b>" not in svg
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in svg
    ET.fromstring(svg)


def test_it_draws_a_plan_as_the_step_and_the_brief_show_it():
    answers = {
        "context": CONTEXT_ANSWERS,
        "comp": {
            "level": "senior",
            "metro": "national",
            "arrangement": "remote",
            "band_low_usd": 180_000,
            "band_high_usd": 276_000,
        },
    }
    comp = plan_for_answers(answers, today=date(2026, 11, 2), ref=load_reference()).compensation
    chart = plan_band_chart(comp, BENCHMARKS)
    assert (chart.bar("recommended").low, chart.bar("recommended").high) == (230_000, 340_000)
    assert chart.bar("proposed").fill == COLOURS["underpriced"]
    assert "Your proposed band $180,000 to $276,000, 20% below." in chart.description
    # Before the step is answered: the benchmarks alone.
    assert plan_band_chart(None, BENCHMARKS).bar("recommended").x is None
