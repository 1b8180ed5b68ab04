"""The wizard engine: one way to fill, validate, save and render any step.

A step is a form (what the user edits) plus the engine's answer model (what is stored and what
the advice engine reads). Every view that shows a step, previews unsaved answers or edits part
of a form builds its context with `step_context`; the engine renders a step as a whole page or,
for htmx, as the page's `step` partial with the progress sidebar swapped out-of-band. A save is
atomic and refuses to let a stale tab overwrite a newer save of the same step.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django_htmx.http import push_url
from pydantic import BaseModel, ValidationError

from hireplan import access, change_requests, drafts, plans
from hireplan.forms import StepForm
from hireplan.models import Activity, Engagement, Membership, StepDraft, User
from hireplan.plans import summary_columns
from hireplan.steps import Step, progress, step_after, step_before

HTMX_TEMPLATE = "wizard/htmx_step.html"  # title, step and sidebar for an htmx request
CHANGES_SHOWN = 6  # of someone else's save, in the message to a user whose save came too late


class StaleStep(Exception):
    """Someone saved this step after the user's form was loaded."""


class PlanLocked(StaleStep):
    """The plan left draft (or changes requested) before this save took the row lock: a
    submit or another status change got there first, and nothing was stored.

    A kind of StaleStep, so a view that only knows about stale saves still stores nothing and
    shows the step again (`restarted_form` then says the plan is locked); the JD views catch
    it first and answer with `locked_response`, as for any change to a locked plan."""


LOCKED_NOTHING_SAVED = "This plan is {status}, so its answers are locked. Nothing was saved."


def lock_editable(engagement: Engagement) -> Engagement:
    """The engagement's row, locked until the surrounding transaction ends, if the plan is
    still open for changes; else PlanLocked. Call it inside `transaction.atomic()`, before
    writing anything.

    Every save takes this lock and every status change takes the same one
    (workflow.change_status), so a save and a submit sent together run one after the other:
    the save either lands before the submit or sees the plan in review and stores nothing.
    (PostgreSQL: SELECT … FOR UPDATE. SQLite ignores FOR UPDATE, but the settings open every
    transaction with BEGIN IMMEDIATE, which takes the database's one write lock up front.)"""
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if not locked.is_editable:
        raise PlanLocked(locked.status)
    # Keep the caller's access annotation: the locked copy was fetched without it.
    locked.viewer_role = getattr(engagement, "viewer_role", None)
    return locked


# ------------------------------------------------------------------------------ forms
def initial_for(step: Step, engagement: Engagement) -> dict:
    """The form's starting values: the saved answers (as stored), else the step's defaults."""
    stored = engagement.answers.get(step.slug)
    initial = {"version": engagement.version}
    if stored is not None and step.schema is not None:
        initial |= step.schema.model_validate(stored).model_dump(mode="json")
    elif step.defaults is not None:
        initial |= step.defaults(engagement)
    return initial


def blank_form(step: Step, engagement: Engagement, *, editable: bool) -> StepForm | None:
    """The step's form with the saved answers, read-only for someone who may not edit."""
    if step.form_class is None:
        return None
    form = step.form_class(initial=initial_for(step, engagement))
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    return form


def editing_form(
    step: Step, engagement: Engagement | None, user: User, *, editable: bool
) -> tuple[StepForm | None, dict]:
    """The step's form as the user left it, and what the page says about that: the user's
    unsaved draft when there is one (with its notice, and the advice following it), else the
    saved answers. A draft is restored only for someone who may still edit the step."""
    draft = drafts.find(engagement, user, step) if editable and step.form_class else None
    if draft is None:
        if engagement is None:
            return step.form_class(), {}
        return blank_form(step, engagement, editable=editable), {}
    posted = drafts.as_post(draft)
    # The advice follows the draft where its answers are complete; a second form, because
    # validating adds errors that the shown form keeps out of sight.
    answers = validate(step, step.form_class(posted, purpose="preview"))
    form = drafts.quieted(step.form_class(posted))
    extra = {"restored_draft": draft, "draft_kept_at": drafts.kept_at_label(draft)}
    if answers is not None:
        extra |= {"answers": answers, "previewing": True}
    return form, extra


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


def restarted_form(step: Step, posted: QueryDict, engagement: Engagement, base_version: int):
    """Keeps what the user typed, says who saved what meanwhile, and lets a resubmit win.
    If the plan was locked meanwhile (a submit won the race), says so instead."""
    if not engagement.is_editable:
        form = step.form_class(posted)
        form.is_valid()
        status = engagement.get_status_display().lower()
        form.add_error(None, LOCKED_NOTHING_SAVED.format(status=status))
        return form
    data = posted.copy()
    data["version"] = str(engagement.version)
    form = step.form_class(data)
    form.is_valid()
    # The latest saves only: a forged or very old version must not make the message unbounded.
    newer = list(
        engagement.activities.filter(
            kind=Activity.Kind.STEP_SAVED, step=step.slug, version__gt=base_version
        ).select_related("actor")[:CHANGES_SHOWN]
    )
    changes = [
        f"{change.label}: now “{change.after}”" if change.after else f"{change.label}: now empty"
        for activity in newer
        for change in map(step.summary.read_change, activity.changes)
        if change.known
    ]
    who = ", ".join(sorted({str(a.actor) for a in newer if a.actor})) or "Someone else"
    form.add_error(
        None,
        f"{who} saved this step while you were editing"
        + (f" ({'; '.join(changes[:CHANGES_SHOWN])})" if changes else "")
        + ". Nothing of yours was saved yet, and your answers are still here: check them and "
        "save again to keep yours.",
    )
    return form


# ------------------------------------------------------------------------------ saving
def save_answers(
    engagement: Engagement,
    step: Step,
    answers: BaseModel,
    *,
    base_version: int | None,
    next_slug: str,
    user: User | None = None,
) -> Engagement:
    """Stores one step's answers, bumps the version and records what changed, all or nothing.
    The step's `on_save` hook runs inside the same transaction, before the row is written.

    The plan must still be open for changes once its row is locked (`lock_editable`): a plan
    submitted since the caller loaded it raises PlanLocked and nothing is stored."""
    with transaction.atomic():
        locked = lock_editable(engagement)
        if base_version is not None and locked.saved_at_version.get(step.slug, 0) > base_version:
            raise StaleStep
        before = locked.answers.get(step.slug)
        after = answers.model_dump(mode="json")
        for name in step.carried:  # edited on another page: the form holds no value for it
            if before is not None and name in before:
                after[name] = before[name]
        locked.current_step = next_slug
        if step.on_save is not None:
            step.on_save(locked, answers, user)
        # A person saved the step having seen its suggested answers: confirmed, or changed.
        if step.slug in locked.suggested:
            locked.suggested = {
                slug: names for slug, names in locked.suggested.items() if slug != step.slug
            }
        write_step(locked, step, after, before=before, user=user)
        if user is not None:  # what the user typed is now saved: their draft has done its job
            StepDraft.objects.filter(engagement=locked, user=user, step=step.slug).delete()
        # Saving the step answers the recruiter's open requests on it (change_requests.py).
        change_requests.mark_answered(locked, step.slug, user)
    return locked


def write_step(
    locked: Engagement, step: Step, after: dict, *, before: dict | None, user: User | None
) -> None:
    """Writes one step's stored answers on a row the caller locked: the version bumped, the
    dashboard's columns copied from the answers, the row saved and the change in the history
    (`before` as the history should compare it). Every save of a step's answers goes here."""
    locked.answers = {**locked.answers, step.slug: after}
    locked.version += 1
    locked.saved_at_version = {**locked.saved_at_version, step.slug: locked.version}
    for column, value in summary_columns(locked.answers).items():
        setattr(locked, column, value)
    locked.save()
    Activity.objects.create(
        engagement=locked,
        actor=user,
        kind=Activity.Kind.STEP_SAVED,
        step=step.slug,
        version=locked.version,
        changes=step.summary.changes(before, after),
    )


# ------------------------------------------------------------------------------ rendering
def wants_partial(request: HttpRequest) -> bool:
    # A history-restore request rebuilds the whole page after a cache miss: give it all.
    return bool(request.htmx) and not request.htmx.history_restore_request


def step_context(
    engagement: Engagement | None,
    step: Step,
    form: StepForm | None,
    *,
    editable: bool,
    answers: BaseModel | None = None,
    **extra,
) -> dict:
    """What every step template gets: the form, the sidebar, and the plan's advice.

    `answers` previews unsaved answers for this step (the plan and the step's figures follow
    them); nothing is written. `extra` adds view-specific keys (a preview's flags, say).
    """
    saved = engagement.answers if engagement is not None else {}
    # Never offer to edit a plan that is locked, whatever the caller last knew of it.
    editable = editable and (engagement is None or engagement.is_editable)
    merged = saved if answers is None else {**saved, step.slug: answers.model_dump(mode="json")}
    plan = plans.plan_for_answers_today(merged)
    if form is not None and engagement is not None:
        form.suggested = frozenset(engagement.suggested.get(step.slug, ()))
    more = step.extra_context(engagement, plan, form) if step.extra_context is not None else {}
    return {
        **more,
        "engagement": engagement,
        "step": step,
        "form": form,
        "can_edit": editable,
        "steps": progress(engagement, step),
        "previous": step_before(step),
        "next": step_after(step),
        "plan": plan,
        "findings": [finding for finding in plan.findings if finding.step == step.slug],
        # The recruiter's requests for changes: read lazily, once, by the banner and sidebar.
        "step_requests": change_requests.PageRequests(engagement, step.slug),
        **extra,
    }


def _varied(response: HttpResponse) -> HttpResponse:
    # Partial and full responses share a URL; caches and the back button must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def render_page(
    request: HttpRequest, template_name: str, context: dict, *, status: int = 200
) -> HttpResponse:
    """The whole page, or for htmx the `step` partial plus the sidebar and title out-of-band."""
    if wants_partial(request):
        context = context | {"step_template": f"{template_name}#step"}
        response = HttpResponse(render_to_string(HTMX_TEMPLATE, context, request), status=status)
    else:
        response = HttpResponse(render_to_string(template_name, context, request), status=status)
    return _varied(response)


def render_partial(request: HttpRequest, template_name: str, context: dict) -> HttpResponse:
    """One region of a page for htmx (`"page.html#live"`, or a small response template)."""
    return _varied(HttpResponse(render_to_string(template_name, context, request)))


def render_live(request: HttpRequest, template_name: str, context: dict) -> HttpResponse:
    """A step's `live` partial, plus the findings summary at the top of its form out of band,
    so the two never disagree (wizard/live_response.html)."""
    context = context | {"live_template": f"{template_name}#live"}
    return render_partial(request, "wizard/live_response.html", context)


def show_step(request: HttpRequest, engagement: Engagement, step: Step, **extra) -> HttpResponse:
    """The step's page (or, for htmx, its partial) as the user left it: their draft restored
    if they have one, else the saved answers. `extra` adds to the context (a notice, say)."""
    editable = access.can_edit(engagement)
    form, restored = editing_form(step, engagement, request.user, editable=editable)
    context = step_context(engagement, step, form, editable=editable, **restored, **extra)
    return render_page(request, step.template_name, context)


def after_save(request: HttpRequest, engagement: Engagement, step: Step) -> HttpResponse:
    """PRG for plain posts; for htmx, the next step swapped in and its URL pushed."""
    following = step_after(step)
    if not request.htmx:
        messages.success(request, f"{step.title} saved.")
        return redirect(following.url(engagement))
    response = show_step(request, engagement, following, just_saved=step)
    return push_url(response, following.url(engagement))


def locked_response(request: HttpRequest, engagement: Engagement, step: Step) -> HttpResponse:
    """The answer to a change the viewer may not make: recruiters never edit (403); the
    hiring manager hears why the plan is locked and lands back on the step, nothing changed."""
    if engagement.viewer_role != Membership.Role.HIRING_MANAGER:
        raise PermissionDenied("Recruiters review plans; the hiring manager edits them.")
    messages.error(
        request, LOCKED_NOTHING_SAVED.format(status=engagement.get_status_display().lower())
    )
    return back_to_step(request, engagement, step)


def back_to_step(request: HttpRequest, engagement: Engagement, step: Step) -> HttpResponse:
    """After an action that only leaves a message: the step's page again, loaded whole."""
    if request.htmx:
        # A redirect would be swapped into the page's target; reload the whole step instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = step.url(engagement)
        return response
    return redirect(step.url(engagement))
