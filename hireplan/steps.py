"""The wizard's steps in order. Each app contributes the steps it owns."""

from django.http import Http404

from comp.steps import COMP
from hireplan.forms import ContextForm
from hireplan.models import Engagement
from hireplan.review import REVIEW
from hireplan.schemas import ContextAnswers
from hireplan.wizard import Step
from jd.steps import JD
from lanes.steps import LANE
from loops.steps import LOOP, OFFER, SOURCING


def _set_title(engagement: Engagement, answers: ContextAnswers) -> None:
    engagement.title = answers.role_title


CONTEXT = Step(
    slug="context",
    title="Context",
    summary="The company and the situation the hire walks into.",
    form_class=ContextForm,
    schema=ContextAnswers,
    template_name="hireplan/context_step.html",
    on_save=_set_title,
)

STEPS: tuple[Step, ...] = (CONTEXT, LANE, COMP, JD, LOOP, SOURCING, OFFER, REVIEW)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def get_step(slug: str) -> Step:
    try:
        return STEPS_BY_SLUG[slug]
    except KeyError:
        raise Http404("No such step") from None


SLUGS = [step.slug for step in STEPS]


def step_after(step: Step) -> Step:
    index = SLUGS.index(step.slug)
    return STEPS_BY_SLUG[SLUGS[min(index + 1, len(SLUGS) - 1)]]


def step_before(step: Step) -> Step | None:
    index = SLUGS.index(step.slug)
    return STEPS_BY_SLUG[SLUGS[index - 1]] if index > 0 else None


def progress(engagement: Engagement | None, current: Step) -> list[dict]:
    """Each step with its state for the sidebar: done, current or todo."""
    rows = []
    for number, slug in enumerate(SLUGS, start=1):
        step = STEPS_BY_SLUG[slug]
        done = engagement is not None and engagement.has_answers(step.slug)
        state = "current" if slug == current.slug else ("done" if done else "todo")
        rows.append({"step": step, "number": number, "state": state, "done": done})
    return rows
