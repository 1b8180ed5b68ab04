"""The wizard's steps: one registry, filled by the apps that own them.

Each app registers its steps from its `AppConfig.ready()` (the hub's context and review steps
too), so INSTALLED_APPS decides which steps exist, and `position` decides their order. Every
list of steps (the sidebar, step after and before, the recruiter's summary, the brief's sections,
the transfer format) is read from here; a step's answer model comes from the engine
(`hireplan.engine.inputs.STEP_ANSWERS`), which owns the answers.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.urls import reverse
from pydantic import BaseModel

from hireplan.engine import HiringPlan
from hireplan.engine.inputs import STEP_ANSWERS
from hireplan.forms import StepForm
from hireplan.models import Engagement, User
from hireplan.summary import Summary


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    lead: str  # one sentence under the step's title: what the step settles
    position: int  # where the step stands in the wizard: smaller comes first
    template_name: str  # the page, with `step` and `live` partials for htmx
    form_class: type[StepForm] | None = None  # None: a page without answers (the review)
    # The saved answers as display rows (hireplan/summary.py); every step with answers has one.
    summary: Summary | None = None
    # Starting values before the step is first saved, often carried from earlier steps.
    defaults: Callable[[Engagement], dict] | None = None
    # Answers the step can write from the plan's other stored answers (the guide's loop for
    # the level, a JD drafted from the answers): its own drafting and the demo data use it.
    draft: Callable[[dict], dict] | None = None
    # More template context computed from the plan (charts, tables) for pages and previews.
    extra_context: Callable[[Engagement | None, HiringPlan, StepForm | None], dict] | None = None
    # Runs inside the save's transaction, before the row is written: copies answers onto hub
    # columns (the context step sets the title) or keeps a history (the JD step's versions).
    on_save: Callable[[Engagement, BaseModel, User | None], None] | None = None
    # Answers kept in the step's schema but edited elsewhere (the loop's interview-kit prompts,
    # on the kits page): a save of the step's own form carries their stored values over.
    carried: tuple[str, ...] = ()
    # Runs when "Copy this plan" starts a draft from another plan (hireplan/copying.py), inside
    # its transaction once the copy holds the source's answers: (source, copy, user). For what
    # a step keeps outside the answers (the JD's history starts with the copied text).
    on_copy: Callable[[Engagement, Engagement, User], None] | None = None
    # The step's own part of the brief: a template and its context; the context callable
    # returns None to leave the section out (default: in the brief once the step is saved).
    brief_template: str | None = None
    brief_context: Callable[[Engagement, HiringPlan], dict | None] | None = None
    # A figure of the step's part of the plan shown under its summary on the review step.
    review_template: str | None = None

    @property
    def schema(self) -> type[BaseModel] | None:
        """The step's answer model, owned by the engine; None for a step without answers."""
        return STEP_ANSWERS.get(self.slug)

    def url(self, engagement: Engagement) -> str:
        return reverse("step", args=[engagement.pk, self.slug])


_steps: dict[str, Step] = {}
_ordered: list[Step] = []  # _steps by position, kept in step with it
_url_modules: list[str] = []
_stylesheets: list[str] = []


def register(*steps: Step, urls: str | None = None, stylesheet: str | None = None) -> None:
    """Adds an app's steps to the wizard (call it from `AppConfig.ready()`); `urls` names the
    app's URL module for views beyond the generic step views, `stylesheet` its CSS (a static
    path) for every page."""
    for step in steps:
        known = _steps.get(step.slug)
        if known is step:
            continue  # ready() ran twice: nothing new
        if known is not None:
            raise ImproperlyConfigured(f"Two wizard steps are called {step.slug!r}.")
        if (step.form_class is None) != (step.schema is None):
            raise ImproperlyConfigured(
                f"Step {step.slug!r}: a step with a form needs an answer model in "
                "hireplan.engine.inputs.EngagementInput, and one without a form has none."
            )
        if step.schema is not None and step.summary is None:
            raise ImproperlyConfigured(f"Step {step.slug!r} has answers but no summary.")
        _steps[step.slug] = step
    _ordered[:] = sorted(_steps.values(), key=lambda step: step.position)
    if urls is not None and urls not in _url_modules:
        _url_modules.append(urls)
    if stylesheet is not None and stylesheet not in _stylesheets:
        _stylesheets.append(stylesheet)


def all_steps() -> list[Step]:
    """Every registered step, in the wizard's order."""
    return list(_ordered)


def answer_steps() -> list[Step]:
    """The steps that store answers, in order (every step but the review)."""
    return [step for step in all_steps() if step.schema is not None]


def answer_step_choices() -> list[tuple[str, str]]:
    """(slug, title) of each step with answers, in order: the steps a request for changes or
    a comment can point at (the review has nothing of its own to change)."""
    return [(step.slug, step.title) for step in answer_steps()]


def get_step(slug: str) -> Step:
    try:
        return _steps[slug]
    except KeyError:
        raise Http404("No such step") from None


def find_step(slug: str) -> Step | None:
    return _steps.get(slug)


def url_modules() -> list[str]:
    return list(_url_modules)


def stylesheets() -> list[str]:
    return list(_stylesheets)


def step_after(step: Step) -> Step:
    """The next step; the last step is its own next."""
    ordered = all_steps()
    index = ordered.index(step)
    return ordered[min(index + 1, len(ordered) - 1)]


def step_before(step: Step) -> Step | None:
    ordered = all_steps()
    index = ordered.index(step)
    return ordered[index - 1] if index > 0 else None


def progress(engagement: Engagement | None, current: Step) -> list[dict]:
    """Each step with its state for the sidebar: done, current or todo."""
    rows = []
    for number, step in enumerate(all_steps(), start=1):
        done = engagement is not None and engagement.has_answers(step.slug)
        state = "current" if step.slug == current.slug else ("done" if done else "todo")
        rows.append({"step": step, "number": number, "state": state, "done": done})
    return rows
