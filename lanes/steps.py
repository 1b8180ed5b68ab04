"""The lane step: which kind of ML engineer the req is for, and what six months must deliver."""

from hireplan.engine import HiringPlan
from hireplan.engine.answers import DeliverableKind, Lane, LLMWork, ReliabilityBar
from hireplan.models import Engagement
from hireplan.reference import load_reference
from hireplan.steps import Step
from hireplan.summary import Answer, Summary, choice, choices, percent
from lanes.charts import week_chart
from lanes.forms import LaneForm


def _defaults(engagement: Engagement) -> dict:
    # The context step's guess about LLM work is the starting point; this step refines it.
    context = engagement.answers.get("context") or {}
    return {"llm_work": context.get("llm_work", LLMWork.NONE.value)}


def _brief(engagement: Engagement, plan: HiringPlan) -> dict | None:
    if plan.lane is None:
        return None
    # The production ML engineer's week (L9) explains that lane's job better than words.
    production = plan.lane.primary == Lane.PRODUCTION_ML
    return {"week_chart": week_chart(load_reference().week) if production else None}


LANE = Step(
    slug="lane",
    title="Lane and scope",
    lead="Which of the five kinds of ML engineer this is, and what six months must deliver.",
    position=20,
    form_class=LaneForm,
    template_name="lanes/lane_step.html",
    defaults=_defaults,
    summary=Summary(
        Answer("primary_lane", "Primary lane", choice(Lane)),
        Answer("lean_lane", "Lean", choice(Lane)),
        Answer("extra_lanes", "Also needs", choices(Lane)),
        Answer("deliverable", "First six months"),
        Answer("deliverable_kind", "Kind of result", choice(DeliverableKind)),
        Answer("reliability_bar", "Reliability bar", choice(ReliabilityBar)),
        Answer("sla_percent", "SLA", percent, when=lambda a: a.get("reliability_bar") == "sla"),
        Answer("stack_tags", "Stack in use"),
        Answer("llm_work", "LLM work", choice(LLMWork)),
    ),
    brief_template="lanes/brief.html",
    brief_context=_brief,
)
