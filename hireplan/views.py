from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from hireplan import access, plans
from hireplan.access import AuthenticatedRequest
from hireplan.claims import claim_usage
from hireplan.forms import ContextForm, OrganizationChoiceForm
from hireplan.models import Activity, Comment, Engagement, Membership
from hireplan.reference import load_reference
from hireplan.steps import CONTEXT, STEPS_BY_SLUG, get_step, progress, step_after, step_before
from hireplan.wizard import StaleStep, initial_for, render_page, save_answers, validate


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
        engagement.current_step_title = STEPS_BY_SLUG[engagement.current_step].title
    memberships = request.user.memberships.select_related("organization")
    roles = {m.role for m in memberships}
    return render(
        request,
        "hireplan/home.html",
        {
            "engagements": engagements,
            "is_manager": Membership.Role.HIRING_MANAGER in roles,
            "is_recruiter": Membership.Role.RECRUITER in roles,
            "organizations": [m.organization for m in memberships],
        },
    )


def step_context(
    engagement: Engagement | None, step, form, *, editable: bool, answers=None, **extra
) -> dict:
    """What every step template gets: the form, the sidebar, and the plan's advice.

    `answers` previews unsaved answers for this step; nothing is written.
    """
    saved = engagement.answers if engagement is not None else {}
    merged = saved if answers is None else {**saved, step.slug: answers.model_dump(mode="json")}
    plan = plans.plan_for_answers_today(merged)
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
        **extra,
    }


@require_http_methods(["GET", "POST"])
def engagement_new(request: AuthenticatedRequest) -> HttpResponse:
    organizations = access.managed_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied("Only a hiring manager can start a hiring plan.")
    pick_org = organizations.count() > 1
    data = request.POST if request.method == "POST" else None
    form = ContextForm(data)
    org_form = OrganizationChoiceForm(data, organizations=organizations) if pick_org else None
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
            return after_save(request, engagement, CONTEXT)
    context = step_context(None, CONTEXT, form, editable=True, org_form=org_form)
    return render_page(request, CONTEXT.template_name, context)


@require_GET
def engagement_detail(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    return redirect("step", engagement.pk, engagement.current_step)


def after_save(request: HttpRequest, engagement: Engagement, step) -> HttpResponse:
    """PRG for plain posts; for htmx, the next step swapped in and its URL pushed."""
    following = step_after(step)
    if not request.htmx:
        messages.success(request, f"{step.title} saved.")
        return redirect(following.url(engagement))
    form = (
        following.form_class(initial=initial_for(following, engagement))
        if (following.is_built)
        else None
    )
    editable = access.can_edit(engagement)
    response = render_page(
        request,
        following.template_name,
        step_context(engagement, following, form, editable=editable, just_saved=step),
    )
    return push_url(response, following.url(engagement))


@require_http_methods(["GET", "POST"])
def step(request: AuthenticatedRequest, engagement_id: int, slug: str) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    current = get_step(slug)
    editable = access.can_edit(engagement)
    form = None
    if request.method == "POST":
        if not current.is_built:
            return redirect(step_after(current).url(engagement))
        if current.post_view is not None:
            return import_string(current.post_view)(request, engagement_id)
        if not editable:
            if engagement.viewer_role != Membership.Role.HIRING_MANAGER:
                raise PermissionDenied("Recruiters review plans; the hiring manager edits them.")
            messages.error(
                request,
                f"This plan is {engagement.get_status_display().lower()}, so its answers are "
                "locked. Nothing was saved.",
            )
            return redirect(current.url(engagement))
        form = current.form_class(request.POST)
        answers = validate(current, form)
        if answers is not None:
            try:
                engagement = save_answers(
                    engagement,
                    current,
                    answers,
                    base_version=form.cleaned_data.get("version"),
                    next_slug=step_after(current).slug,
                    user=request.user,
                )
            except StaleStep:
                engagement.refresh_from_db()
                form = restarted_form(
                    current, request.POST, engagement, form.cleaned_data.get("version") or 0
                )
            else:
                return after_save(request, engagement, current)
    elif current.is_built:
        form = current.form_class(initial=initial_for(current, engagement))
        if not editable:
            for field in form.fields.values():
                field.disabled = True
    context = step_context(engagement, current, form, editable=editable)
    return render_page(request, current.template_name, context)


@require_POST
def step_preview(request: AuthenticatedRequest, engagement_id: int, slug: str) -> HttpResponse:
    """Live advice for unsaved answers: the step's `live` partial, recomputed. Saves nothing."""
    engagement = access.get_engagement(request.user, engagement_id)
    current = get_step(slug)
    if not current.is_built:
        raise Http404("This step has no answers to preview.")
    form = current.form_class(request.POST)
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
    response = render(request, f"{current.template_name}#live", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def restarted_form(current, posted, engagement: Engagement, base_version: int):
    """Keeps what the user typed, says who saved what meanwhile, and lets a resubmit win."""
    data = posted.copy()
    data["version"] = str(engagement.version)
    form = current.form_class(data)
    form.is_valid()
    newer = engagement.activities.filter(
        kind=Activity.Kind.STEP_SAVED, step=current.slug, version__gt=base_version
    ).select_related("actor")
    changes = []
    for activity in newer:
        for change in activity.changes:
            label = form.fields[change["field"]].label if change["field"] in form.fields else None
            changes.append(f"{label or change['field']}: now “{change.get('after')}”")
    who = ", ".join(sorted({str(a.actor) for a in newer if a.actor})) or "Someone else"
    form.add_error(
        None,
        f"{who} saved this step while you were editing"
        + (f" ({'; '.join(changes[:6])})" if changes else "")
        + ". Nothing of yours was saved yet, and your answers are still here: check them and "
        "save again to keep yours.",
    )
    return form


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
