"""The compensation step: what the role pays by level, place and work arrangement."""

from comp.charts import plan_band_chart, render_svg
from comp.figures import figures_context
from comp.forms import CompForm
from hireplan.engine import HiringPlan
from hireplan.engine.answers import Arrangement, Level, Metro, PayTransparency
from hireplan.engine.text import usd_span
from hireplan.models import Engagement
from hireplan.reference import load_reference
from hireplan.steps import Step
from hireplan.summary import (
    Answer,
    Figure,
    Summary,
    choice,
    label_of,
    money,
    money_span,
    percent,
    yes_no,
)

PAY_LAW_ANSWERS = {
    PayTransparency.YES: "Yes",
    PayTransparency.NO: "No",
    PayTransparency.UNSURE: "Not sure",
}


def _based_in(values: tuple) -> str:
    metro, name = values
    # "Another metro" reads as the place the manager named.
    return name if metro == Metro.OTHER and name else label_of(Metro, metro)


def _recommended(answers, plan: HiringPlan) -> str | None:
    comp = plan.compensation
    return usd_span(comp.band.low, comp.band.high) if comp is not None else None


def _brief(engagement: Engagement, plan: HiringPlan) -> dict:
    # Always in the brief: the market benchmarks stand even before the step is saved.
    if plan.compensation is None:
        return {"chart": None}
    chart = plan_band_chart(plan.compensation, load_reference().comp.benchmarks)
    return {"chart": render_svg(chart, element_id="brief-band-chart")}


# No defaults: the level is the user's call (the F1 finding advises when it looks wrong), and
# nothing else carries over from the context step.
COMP = Step(
    slug="comp",
    title="Compensation",
    lead="What the role pays by level, place and work arrangement.",
    position=30,
    form_class=CompForm,
    template_name="comp/comp_step.html",
    # The band, chart, placement, posting and benchmarks for the plan being shown.
    extra_context=lambda engagement, plan, form: figures_context(plan),
    summary=Summary(
        Answer("level", "Level", choice(Level)),
        Answer(("metro", "other_metro_name"), "Based in", _based_in),
        Answer("local_base_usd", "Local closing base (entered by you)", money),
        Answer("arrangement", "Arrangement", choice(Arrangement)),
        Answer(
            "office_days", "Office days a week", when=lambda a: a.get("arrangement") == "hybrid"
        ),
        Answer("llm_uplift_usd", "Uplift for LLM work", money),
        Figure(
            "Recommended band",
            _recommended,
            claims=lambda plan: plan.compensation.claims if plan.compensation else [],
        ),
        Answer(("band_low_usd", "band_high_usd"), "Proposed band", money_span),
        Answer("bonus_target_pct", "Bonus target", percent),
        Answer("equity_note", "Equity"),
        Answer(
            "remote_nationwide",
            "Posted nationwide",
            yes_no,
            when=lambda a: a.get("arrangement") == "remote",
        ),
        Answer("posting_states", "States the posting covers"),
        Answer("posted_publicly", "Posted publicly", yes_no),
        Answer(
            "pay_transparency_law",
            "Under a pay-transparency law",
            lambda value: PAY_LAW_ANSWERS.get(value, value),
            when=lambda a: bool(a.get("posted_publicly")),
        ),
        Answer(("posting_low_usd", "posting_high_usd"), "Posted range", money_span),
    ),
    brief_template="comp/brief.html",
    brief_context=_brief,
)
