"""What each step's app adds to the brief beyond the plan itself: charts and the rendered JD.

Each part is optional: a step that is not saved adds nothing.
"""

from comp.charts import plan_band_chart, render_svg
from hireplan.engine import HiringPlan
from hireplan.models import Engagement
from hireplan.reference import load_reference
from jd.render import render_markdown
from lanes.charts import week_chart


def sections(engagement: Engagement, plan: HiringPlan) -> dict:
    parts: dict = {}
    saved = set(plan.steps_saved)
    if plan.lane is not None and plan.lane.primary == "production_ml":
        parts["week_chart"] = week_chart(load_reference().week)
    if plan.compensation is not None:
        chart = plan_band_chart(plan.compensation, load_reference().comp.benchmarks)
        svg = render_svg(chart, element_id="brief-band-chart")
        parts["comp_chart"] = f'<div class="chart chart-narrow">{svg}</div>'
    text = (engagement.answers.get("jd") or {}).get("jd_markdown") if "jd" in saved else None
    if text:
        parts["jd_html"] = render_markdown(text)
    return parts
