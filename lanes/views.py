"""The lane step's extra views; the generic wizard views serve the page and its saves."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from hireplan import access, plans
from hireplan.access import AuthenticatedRequest
from hireplan.wizard import validate
from lanes.advice import open_questions, provisional_findings
from lanes.steps import LANE

TEMPLATE = LANE.template_name


def _bound_form(request: HttpRequest):
    form = LANE.form_class(request.POST)
    return form, validate(LANE, form)


@require_POST
def lane_advice(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Live advice for unsaved answers: the step's `live` partial, recomputed. Saves nothing.

    Like the generic preview, but a half-answered step still gets the advice its answers
    already settle (see lanes.advice), so the lane choice is judged the moment it is made.
    """
    engagement = access.get_engagement(request.user, engagement_id)
    form, answers = _bound_form(request)
    saved = engagement.answers
    merged = saved if answers is None else {**saved, LANE.slug: answers.model_dump(mode="json")}
    plan = plans.plan_for_answers_today(merged)
    findings = [finding for finding in plan.findings if finding.step == LANE.slug]
    context = {
        "engagement": engagement,
        "step": LANE,
        "form": form,
        "can_edit": access.can_edit(engagement),
        "plan": plan,
        "findings": findings,
        "previewing": True,
    }
    if answers is None:
        known = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in form.errors and name != "version"
        }
        provisional = provisional_findings(saved, known, today=timezone.localdate())
        if provisional is not None:
            context |= {"findings": provisional, "open_questions": len(open_questions(known))}
        elif not known.get("primary_lane"):
            context |= {"previewing": False, "needs_primary": True}
        else:
            context["preview_incomplete"] = True
    response = render(request, f"{TEMPLATE}#live", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_POST
def lane_choices(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """The lean, extra-lane and stack choices for the posted primary lane. Saves nothing.

    htmx asks for this when the primary lane changes: the lean is offered among the new
    primary's neighbours and the stack suggestions follow its signal, keeping what was ticked.
    """
    engagement = access.get_engagement(request.user, engagement_id)
    # Validating shows at once a lean or extra lane that now repeats the primary.
    form, _ = _bound_form(request)
    context = {"engagement": engagement, "form": form, "can_edit": access.can_edit(engagement)}
    response = HttpResponse(render_to_string("lanes/choices_response.html", context, request))
    patch_vary_headers(response, ("HX-Request",))
    return response
