"""The lane step's extra views; the generic wizard views serve the page and its saves."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hireplan import access
from hireplan.access import AuthenticatedRequest
from hireplan.wizard import render_live, render_partial, step_context, validate
from lanes.advice import open_questions, provisional_findings
from lanes.steps import LANE


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
    context = step_context(
        engagement,
        LANE,
        form,
        editable=access.can_edit(engagement),
        answers=answers,
        previewing=True,
    )
    if answers is None:
        known = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in form.errors and name != "version"
        }
        provisional = provisional_findings(engagement.answers, known, today=timezone.localdate())
        if provisional is not None:
            context |= {"findings": provisional, "open_questions": len(open_questions(known))}
        elif not known.get("primary_lane"):
            context |= {"previewing": False, "needs_primary": True}
        else:
            context["preview_incomplete"] = True
    return render_live(request, LANE.template_name, context)


@require_POST
def lane_choices(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """The lean, extra-lane and stack choices for the posted primary lane. Saves nothing.

    htmx asks for this when the primary lane changes: the lean is offered among the new
    primary's neighbours and the stack suggestions follow its signal, keeping what was ticked.
    """
    engagement = access.get_engagement(request.user, engagement_id)
    # Validating shows at once a lean or extra lane that now repeats the primary.
    form, _ = _bound_form(request)
    context = step_context(engagement, LANE, form, editable=access.can_edit(engagement))
    return render_partial(request, "lanes/choices_response.html", context)
