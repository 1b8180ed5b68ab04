"""The wizard's first step, which the hub owns: the company and the situation the hire walks
into. Saving it names the plan (the role's title)."""

from pydantic import BaseModel

from hireplan.engine.answers import (
    CompanyStage,
    ContextAnswers,
    HireType,
    LLMWork,
    MLInSeat,
    RegulatedSetting,
)
from hireplan.forms import ContextForm
from hireplan.models import Engagement, User
from hireplan.steps import Step
from hireplan.summary import Answer, Summary, choice, day, yes_no


def _set_title(engagement: Engagement, answers: BaseModel, user: User | None) -> None:
    assert isinstance(answers, ContextAnswers)
    engagement.title = answers.role_title


CONTEXT = Step(
    slug="context",
    title="Context",
    lead="The company and the situation the hire walks into.",
    position=10,
    form_class=ContextForm,
    template_name="hireplan/context_step.html",
    on_save=_set_title,
    summary=Summary(
        Answer("role_title", "Role"),
        Answer("company_stage", "Company stage", choice(CompanyStage)),
        Answer("industry", "Industry"),
        Answer("regulated_setting", "Regulated setting", choice(RegulatedSetting)),
        Answer("ml_in_seat", "Production ML today", choice(MLInSeat)),
        Answer("first_ml_hire", "First ML hire", yes_no),
        Answer("hire_type", "Hire type", choice(HireType)),
        Answer("llm_work", "LLM work", choice(LLMWork)),
        Answer("search_open_since", "Search open since", day),
    ),
)
