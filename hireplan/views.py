import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pydantic import BaseModel

from hireplan import access, copying, drafts, plans, quick
from hireplan.access import AuthenticatedRequest
from hireplan.claims import claim_usage
from hireplan.context_step import CONTEXT, open_questions, provisional_findings
from hireplan.forms import ContextForm, OrganizationChoiceForm
from hireplan.models import Activity, Comment, Engagement, Membership
from hireplan.reference import load_reference
from hireplan.steps import Step, all_steps, find_step, get_step, step_after
from hireplan.wizard import (
    PlanLocked,
    StaleStep,
    after_save,
    editing_form,
    locked_response,
    render_live,
    render_page,
    render_partial,
    restarted_form,
    save_answers,
    show_step,
    step_context,
    validate,
)


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    latest_comment = Comment.objects.filter(engagement=OuterRef("pk")).order_by("-created_at")
    engagements = list(
        access.engagements_for(request.user)
        .annotate(
            comment_count=Count("comments"),
            latest_comment=Subquery(latest_comment.values("body")[:1]),
        )
        .order_by("-updated_at")
    )
    for engagement in engagements:
        current = find_step(engagement.current_step)
        engagement.current_step_title = current.title if current is not None else ""
    memberships = request.user.memberships.select_related("organization")
    roles = {m.role for m in memberships}
    is_manager = Membership.Role.HIRING_MANAGER in roles
    return render(
        request,
        "hireplan/home.html",
        {
            "engagements": engagements,
            "is_manager": is_manager,
            "is_recruiter": Membership.Role.RECRUITER in roles,
            "organizations": [m.organization for m in memberships],
            # "Start from an approved plan": only someone who may start plans is offered them.
            "approved_plans": copying.approved_plans(request.user) if is_manager else [],
        },
    )


def _new_plan_forms(request: AuthenticatedRequest):
    """The companies the user may start a plan for and, when there are several, the form that
    picks one (bound to the post if there is one). Only a hiring manager may start (or preview)
    a plan."""
    organizations = access.managed_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied("Only a hiring manager can start a hiring plan.")
    data = request.POST if request.method == "POST" else None
    org_form = (
        OrganizationChoiceForm(data, organizations=organizations)
        if organizations.count() > 1
        else None
    )
    return organizations, org_form


def _new_plan_context(
    form: ContextForm, org_form: OrganizationChoiceForm | None, answers: BaseModel | None
) -> dict:
    """The new-plan page's context. Posted answers (a preview, or a save that failed) get
    advice before the plan exists: for a valid set, the plan's; for a partial one, the
    findings that hold whatever the open answers become (context_step.provisional_findings)."""
    if not form.is_bound:
        return step_context(None, CONTEXT, form, editable=True, org_form=org_form)
    if answers is not None:
        return step_context(
            None, CONTEXT, form, editable=True, answers=answers, org_form=org_form, previewing=True
        )
    context = step_context(None, CONTEXT, form, editable=True, org_form=org_form)
    known = {
        name: value
        for name, value in form.cleaned_data.items()
        if name not in form.errors and name != "version"
    }
    provisional = provisional_findings(known, today=timezone.localdate())
    if provisional:
        context |= {"findings": provisional, "open_questions": len(open_questions(known))}
    return context


def _restored_new_plan(
    request: AuthenticatedRequest, organizations, org_form
) -> HttpResponse | None:
    """The new-plan page with the user's unsaved draft of it, if they have one (the form,
    its notice and its advice as `wizard.editing_form` restores any step's)."""
    form, restored = editing_form(CONTEXT, None, request.user, editable=True)
    draft = restored.get("restored_draft")
    if draft is None:
        return None
    if org_form is not None:
        posted = drafts.as_post(draft)
        org_form = drafts.quieted(OrganizationChoiceForm(posted, organizations=organizations))
    context = _new_plan_context(form, org_form, restored.get("answers")) | {
        "restored_draft": draft,
        "draft_kept_at": restored["draft_kept_at"],
    }
    return render_page(request, CONTEXT.template_name, context)


@require_http_methods(["GET", "POST"])
def engagement_new(request: AuthenticatedRequest) -> HttpResponse:
    organizations, org_form = _new_plan_forms(request)
    if request.method == "GET" and (
        restored := _restored_new_plan(request, organizations, org_form)
    ):
        return restored
    form = ContextForm(request.POST if request.method == "POST" else None)
    answers = None
    if request.method == "POST":
        answers = validate(CONTEXT, form)
        org_ok = org_form is None or org_form.is_valid()
        if answers is not None and org_ok:
            organization = org_form.cleaned_data["organization"] if org_form else organizations[0]
            with transaction.atomic():
                engagement = Engagement.objects.create(
                    organization=organization,
                    owner=request.user,
                    title=answers.role_title,
                    current_step=CONTEXT.slug,
                )
                engagement.viewer_role = Membership.Role.HIRING_MANAGER
                Activity.objects.create(
                    engagement=engagement, actor=request.user, kind=Activity.Kind.CREATED
                )
                engagement = save_answers(
                    engagement,
                    CONTEXT,
                    answers,
                    base_version=None,
                    next_slug=step_after(CONTEXT).slug,
                    user=request.user,
                )
                drafts.discard(None, request.user, CONTEXT)  # it is a plan now
            return after_save(request, engagement, CONTEXT)
        # Kept, so that leaving the page after a failed save loses nothing typed.
        drafts.keep(None, request.user, CONTEXT, request.POST)
    context = _new_plan_context(form, org_form, answers)
    return render_page(request, CONTEXT.template_name, context)


@require_POST
def engagement_new_preview(request: AuthenticatedRequest) -> HttpResponse:
    """Live advice for the new-plan form before the plan exists. Validates, saves nothing.

    For htmx, the page's `live` partial (and the findings summary at the top of the form, out
    of band); without JavaScript ("Check the advice"), the whole page with the answers kept,
    any problems marked on their fields and the advice beside them."""
    _, org_form = _new_plan_forms(request)
    if org_form is not None:
        org_form.is_valid()
    form = ContextForm(request.POST, purpose="preview")
    context = _new_plan_context(form, org_form, validate(CONTEXT, form))
    if request.htmx:
        return render_live(request, CONTEXT.template_name, context)
    return render_page(request, CONTEXT.template_name, context)


QUICK_TEMPLATE = "hireplan/quick_plan.html"


def _quick_context(
    form: quick.QuickPlanForm, org_form: OrganizationChoiceForm | None, built: quick.QuickPlan
) -> dict:
    """The quick page's context: the form and the advice for the answers so far (the lane,
    the recommended band and the most serious findings of the steps that read well)."""
    plan = plans.plan_for_answers_today(built.answers) if built.answers else None
    band = plan.compensation.band if plan is not None and plan.compensation else None
    return {
        "form": form,
        "org_form": org_form,
        "plan": plan,
        "lane": plan.lane.primary if plan is not None and plan.lane else quick.chosen_lane(form),
        "band": band,
        "findings": quick.top_findings(plan) if plan is not None else [],
        "complete": built.complete,
        "can_edit": True,
    }


@require_http_methods(["GET", "POST"])
def quick_plan(request: AuthenticatedRequest) -> HttpResponse:
    """The quick plan: the questions that decide the plan on one page; everything else is
    suggested, and the plan opens on its review step (PRG)."""
    organizations, org_form = _new_plan_forms(request)
    if request.method == "GET":
        form = quick.QuickPlanForm()
        return render(request, QUICK_TEMPLATE, _quick_context(form, org_form, quick.QuickPlan()))
    form = quick.QuickPlanForm(request.POST)
    built = quick.build_quick_plan(form)
    org_ok = org_form is None or org_form.is_valid()
    if built.complete and org_ok:
        organization = org_form.cleaned_data["organization"] if org_form else organizations[0]
        engagement = quick.create_quick_plan(request.user, organization, built)
        messages.success(
            request,
            "Your plan is ready. Hireplan suggested the answers you were not asked (listed "
            "below as “Suggested answers to confirm”); open any step to refine it, and saving a "
            "step confirms its suggestions.",
        )
        return redirect("step", engagement.pk, all_steps()[-1].slug)
    return render(request, QUICK_TEMPLATE, _quick_context(form, org_form, built))


@require_POST
def quick_plan_preview(request: AuthenticatedRequest) -> HttpResponse:
    """Live advice for the quick page before the plan exists: saves nothing. For htmx, the
    page's `advice` partial; without JavaScript ("Check the advice"), the whole page."""
    _, org_form = _new_plan_forms(request)
    form = quick.QuickPlanForm(request.POST)
    context = _quick_context(form, org_form, quick.build_quick_plan(form))
    if request.htmx:
        return render_partial(request, f"{QUICK_TEMPLATE}#advice", context)
    return render(request, QUICK_TEMPLATE, context)


@require_GET
def engagement_detail(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    return redirect("step", engagement.pk, engagement.current_step)


@require_http_methods(["GET", "POST"])
def step(request: AuthenticatedRequest, engagement_id: int, slug: str) -> HttpResponse:
    """A wizard step: its page, and its "Save and continue"."""
    engagement = access.get_engagement(request.user, engagement_id)
    current = get_step(slug)
    editable = access.can_edit(engagement)
    if request.method == "GET" or current.form_class is None:
        if request.method == "POST":  # a page without answers has nothing to save: move on
            return redirect(step_after(current).url(engagement))
        return show_step(request, engagement, current)
    if not editable:
        return locked_response(request, engagement, current)
    form = current.form_class(request.POST)
    answers = validate(current, form)
    if answers is not None:
        base = form.cleaned_data.get("version")
        try:
            engagement = save_answers(
                engagement,
                current,
                answers,
                base_version=base,
                next_slug=step_after(current).slug,
                user=request.user,
            )
        except PlanLocked:
            # Submitted (or decided) while this save was on its way: nothing was stored.
            engagement.refresh_from_db()
            return locked_response(request, engagement, current)
        except StaleStep:
            engagement.refresh_from_db()
            form = restarted_form(current, request.POST, engagement, base or 0)
        else:
            return after_save(request, engagement, current)
    # Nothing was saved: keep what was typed as the user's draft, so leaving the page now (by
    # the sidebar, say) loses none of it.
    drafts.keep(engagement, request.user, current, request.POST)
    context = step_context(engagement, current, form, editable=editable)
    return render_page(request, current.template_name, context)


@require_POST
def step_preview(request: AuthenticatedRequest, engagement_id: int, slug: str) -> HttpResponse:
    """Live advice for unsaved answers: the step's `live` partial, recomputed. Saves nothing."""
    engagement = access.get_engagement(request.user, engagement_id)
    current = get_step(slug)
    if current.form_class is None:
        raise Http404("This step has no answers to preview.")
    form = current.form_class(request.POST, purpose="preview")
    answers = validate(current, form)
    context = step_context(
        engagement,
        current,
        form,
        editable=access.can_edit(engagement),
        answers=answers,
        previewing=True,
        preview_incomplete=answers is None,
    )
    return render_live(request, current.template_name, context)


def _draft_kept(
    request: AuthenticatedRequest, engagement: Engagement | None, step: Step
) -> HttpResponse:
    """Keeps the posted form as the user's draft of the step. Answers with the line that says
    so, and names the fields still in error in an event (app.js clears the marks of the
    others as the user fixes them). A draft the user's own save has overtaken is not kept."""
    if drafts.superseded(engagement, request.user, step, request.POST):
        return HttpResponse(status=204)
    form = step.form_class(request.POST)
    validate(step, form)
    draft = drafts.keep(engagement, request.user, step, request.POST)
    context = {"draft": draft, "draft_kept_at": drafts.kept_at_label(draft)}
    response = render_partial(request, "wizard/draft_status.html#kept", context)
    event = {"hireplan:draft-kept": {"invalid": drafts.invalid_names(form)}}
    response["HX-Trigger"] = json.dumps(event)
    return response


DRAFT_DISCARDED = "Unsaved changes discarded: the saved answers are back."


@require_POST
def step_draft(request: AuthenticatedRequest, engagement_id: int, slug: str) -> HttpResponse:
    """Keeps what the hiring manager has typed on a step so far, unsaved (hireplan/drafts.py)."""
    engagement = access.get_engagement(request.user, engagement_id)
    current = get_step(slug)
    if current.form_class is None:
        raise Http404("This step has no answers to keep.")
    if engagement.viewer_role != Membership.Role.HIRING_MANAGER:
        raise PermissionDenied("Recruiters review plans; the hiring manager edits them.")
    return _draft_kept(request, engagement, current)


@require_POST
def step_draft_discard(
    request: AuthenticatedRequest, engagement_id: int, slug: str
) -> HttpResponse:
    """Throws away the user's unsaved draft of the step and shows its saved answers again."""
    engagement = access.get_engagement(request.user, engagement_id)
    current = get_step(slug)
    drafts.discard(engagement, request.user, current)
    if not request.htmx:
        messages.success(request, DRAFT_DISCARDED)
        return redirect(current.url(engagement))
    return show_step(request, engagement, current, notice=DRAFT_DISCARDED)


@require_POST
def new_plan_draft(request: AuthenticatedRequest) -> HttpResponse:
    """Keeps what the hiring manager has typed on the new-plan page, before the plan exists."""
    _new_plan_forms(request)  # only a hiring manager starts plans
    return _draft_kept(request, None, CONTEXT)


@require_POST
def new_plan_draft_discard(request: AuthenticatedRequest) -> HttpResponse:
    drafts.discard(None, request.user, CONTEXT)
    messages.success(request, "Unsaved changes discarded.")
    return redirect("engagement_new")


@require_GET
def plan_json(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    return HttpResponse(
        plans.plan_for(engagement).model_dump_json(indent=2), content_type="application/json"
    )


@require_GET
def guide(request: AuthenticatedRequest) -> HttpResponse:
    ref = load_reference()
    return render(
        request,
        "hireplan/guide.html",
        {"guide": ref.claims.guide, "usage": claim_usage(ref)},
    )


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def size_label(size: int | None) -> str:
    """A byte count as a person reads it: 2621440 is "2.5 MB", 10485760 is "10 MB"."""
    if not size:
        return ""
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def error_page(template_name: str, status: int, context: dict | None = None) -> HttpResponse:
    """An error page in the app's layout, rendered without the request: its context processors
    would load the user and their memberships from a database that may be the thing failing."""
    response = HttpResponse(get_template(template_name).render(context or {}), status=status)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400. Django answers 400 to every SuspiciousOperation, including a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig): that one is a 413 with its own page, which
    says how much we accept and that the text on the page is still there to shorten."""
    if isinstance(exception, RequestDataTooBig):
        limit = size_label(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return error_page("413.html", 413, {"limit": limit})
    return error_page("400.html", 400)
