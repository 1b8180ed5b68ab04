"""The wizard engine: ordered steps, each contributed by the app that owns it.

A step is a form (what the user edits) plus a pydantic schema (what is stored and what the
advice engine reads). The engine renders a step as a whole page or, for htmx, as the page's
`step` partial with the progress sidebar swapped out-of-band; it saves a step atomically and
refuses to let a stale tab overwrite a newer save of the same step.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from pydantic import BaseModel, ValidationError

from hireplan.engine import HiringPlan
from hireplan.models import Activity, Engagement, User
from hireplan.plans import summary_columns

HTMX_TEMPLATE = "wizard/htmx_step.html"  # title, step and sidebar for an htmx request
# History keeps the first characters of a long text answer (a JD), not the whole draft.
DIFF_TEXT_LIMIT = 200


class StepForm(forms.Form):
    """Base form of every step: carries the engagement version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # {field name: claim IDs}: the guide's claims behind a field, shown as its sources.
    claims: dict[str, list[str]] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.claims = self.claims.get(name, [])


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    summary: str
    form_class: type[StepForm] | None = None  # None: the step is not built yet
    schema: type[BaseModel] | None = None
    template_name: str = "wizard/not_built.html"
    # Copies answers onto hub columns (the context step sets the engagement's title).
    on_save: Callable[[Engagement, BaseModel], None] | None = None
    # Starting values before the step is first saved, often carried from earlier steps.
    defaults: Callable[[Engagement], dict] | None = None
    # More template context computed from the plan (charts, tables) for pages and previews.
    extra_context: Callable[[Engagement | None, HiringPlan, StepForm | None], dict] | None = None
    # Dotted path of a view that handles this step's saves instead of the generic one (the JD
    # step keeps a draft history). A string, because the view imports this module.
    post_view: str | None = None

    @property
    def is_built(self) -> bool:
        return self.form_class is not None

    def url(self, engagement: Engagement) -> str:
        return reverse("step", args=[engagement.pk, self.slug])


class StaleStep(Exception):
    """Someone saved this step after the user's form was loaded."""


def initial_for(step: Step, engagement: Engagement) -> dict:
    stored = engagement.answers.get(step.slug)
    initial = {"version": engagement.version}
    if stored is not None and step.schema is not None:
        initial |= step.schema.model_validate(stored).model_dump()
    elif step.defaults is not None:
        initial |= step.defaults(engagement)
    return initial


def validate(step: Step, form: StepForm) -> BaseModel | None:
    """Runs the form, then the step's pydantic schema; schema errors land on their fields.

    The schema also runs over the fields the form accepted when others failed, so the user
    sees every problem at once rather than one round trip per layer.
    """
    form_ok = form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        answers = step.schema.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else None
            if not form_ok and field not in data:
                continue  # the form already reported this field (or it is missing because of it)
            message = error["msg"].removeprefix("Value error, ")
            form.add_error(field if field in form.fields else None, message)
        return None
    return answers if form_ok else None


def save_answers(
    engagement: Engagement,
    step: Step,
    answers: BaseModel,
    *,
    base_version: int | None,
    next_slug: str,
    user: User | None = None,
) -> Engagement:
    """Stores one step's answers, bumps the version and records what changed, all or nothing."""
    with transaction.atomic():
        locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if base_version is not None and locked.saved_at_version.get(step.slug, 0) > base_version:
            raise StaleStep
        before = locked.answers.get(step.slug)
        after = answers.model_dump(mode="json")
        locked.answers = {**locked.answers, step.slug: after}
        locked.version += 1
        locked.saved_at_version = {**locked.saved_at_version, step.slug: locked.version}
        locked.current_step = next_slug
        if step.on_save is not None:
            step.on_save(locked, answers)
        for column, value in summary_columns(locked.answers).items():
            setattr(locked, column, value)
        locked.save()
        Activity.objects.create(
            engagement=locked,
            actor=user,
            kind=Activity.Kind.STEP_SAVED,
            step=step.slug,
            version=locked.version,
            changes=diff_answers(before, after),
        )
    # Keep the caller's access annotation: the locked copy was fetched without it.
    locked.viewer_role = getattr(engagement, "viewer_role", None)
    return locked


def _short(value: object) -> object:
    if isinstance(value, str) and len(value) > DIFF_TEXT_LIMIT:
        return value[:DIFF_TEXT_LIMIT] + "…"
    return value


def diff_answers(before: dict | None, after: dict) -> list[dict]:
    """The fields a save changed, with their old and new values (long texts shortened)."""
    before = before or {}
    return [
        {"field": name, "before": _short(before.get(name)), "after": _short(after.get(name))}
        for name in after
        if before.get(name) != after.get(name)
    ]


def wants_partial(request: HttpRequest) -> bool:
    # A history-restore request rebuilds the whole page after a cache miss: give it all.
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(
    request: HttpRequest, template_name: str, context: dict, *, status: int = 200
) -> HttpResponse:
    """The whole page, or for htmx the `step` partial plus the sidebar and title out-of-band."""
    if wants_partial(request):
        context = context | {"step_template": f"{template_name}#step"}
        response = HttpResponse(render_to_string(HTMX_TEMPLATE, context, request), status=status)
    else:
        response = HttpResponse(render_to_string(template_name, context, request), status=status)
    # Partial and full responses share a URL; caches and the back button must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response
