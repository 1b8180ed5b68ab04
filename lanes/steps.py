from hireplan.models import Engagement
from hireplan.schemas import LLMWork
from hireplan.wizard import Step
from lanes.forms import LaneForm
from lanes.schemas import LaneAnswers


def _defaults(engagement: Engagement) -> dict:
    # The context step's guess about LLM work is the starting point; this step refines it.
    context = engagement.answers.get("context") or {}
    return {"llm_work": context.get("llm_work", LLMWork.NONE.value)}


LANE = Step(
    slug="lane",
    title="Lane and scope",
    summary="Which of the five kinds of ML engineer this is, and what six months must deliver.",
    form_class=LaneForm,
    schema=LaneAnswers,
    template_name="lanes/lane_step.html",
    defaults=_defaults,
)
