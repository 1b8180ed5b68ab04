"""The wizard's first step, which the hub owns: the company and the situation the hire walks
into. Saving it names the plan (the role's title)."""

from datetime import date, timedelta
from itertools import product
from math import prod

from pydantic import BaseModel

from hireplan.engine import settled_findings
from hireplan.engine.answers import (
    CompanyStage,
    ContextAnswers,
    HireType,
    LLMWork,
    MLInSeat,
    RegulatedSetting,
)
from hireplan.engine.plan import Finding
from hireplan.forms import ContextForm
from hireplan.models import Engagement, User
from hireplan.reference import load_reference
from hireplan.steps import Step
from hireplan.summary import Answer, Summary, choice, count, day, yes_no


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
        Answer(
            "openings",
            "Openings",
            count("person", "people"),
            default=ContextAnswers.model_fields["openings"].default,
        ),
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


# ------------------------------------------------------------------------------ before the plan
# The new-plan form is the context step before any plan exists: its live advice cannot wait for
# the whole form, or "contract-to-hire for the first ML hire" would only be judged after the
# save. As on the lane step (lanes.advice), each open answer is tried with every value a rule
# could read, and only the findings common to all of them are shown.

# Stands in for an open role title or industry: no rule reads their words.
OPEN_TEXT = "not answered yet"
# The choices an open answer could become. A radio with a starting value is always posted, so
# in practice only the stage, the ML in seat and the first-hire question are ever open.
CHOICES: dict[str, list] = {
    "company_stage": list(CompanyStage),
    "regulated_setting": list(RegulatedSetting),
    "ml_in_seat": list(MLInSeat),
    "first_ml_hire": [True, False],
    "hire_type": list(HireType),
    "llm_work": list(LLMWork),
}
# An open (mistyped) search date: not started, and open long enough for any rule about a slow
# search to fire.
OPEN_SINCE_DAYS = 730
# Bounded work per keystroke: with more combinations than this (a form posted with nearly
# every answer missing), there is no provisional advice. The usual worst case is 6 × 3 × 2 = 36.
MAX_VARIANTS = 64


def open_questions(known: dict) -> list[str]:
    """The context answers still missing or invalid, by field name."""
    return [name for name in ContextAnswers.model_fields if name not in known]


def variants(known: dict, *, today: date) -> list[dict] | None:
    """Every full set of context answers the open ones could turn into (None: too many)."""
    options: list[list[tuple[str, object]]] = []
    for name, values in CHOICES.items():
        choices = [known[name]] if name in known else values
        options.append([(name, value) for value in choices])
    since = (
        [known["search_open_since"]]
        if "search_open_since" in known
        else [None, today - timedelta(days=OPEN_SINCE_DAYS)]
    )
    options.append([("search_open_since", value) for value in since])
    if prod(len(values) for values in options) > MAX_VARIANTS:
        return None
    base = {name: known.get(name) or OPEN_TEXT for name in ("role_title", "industry")}
    return [base | dict(combination) for combination in product(*options)]


def provisional_findings(known: dict, *, today: date) -> list[Finding] | None:
    """The context step's findings that hold whatever the open answers become.

    `known` holds the valid answers so far. None when there are too many open answers to try,
    or when the known ones cannot make a valid set whatever the rest are.
    """
    candidates = variants(known, today=today)
    if candidates is None:
        return None
    return settled_findings({}, CONTEXT.slug, candidates, today=today, ref=load_reference())
