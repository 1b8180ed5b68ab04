"""The loop as a calendar file: a chosen first-interview date and time zone in, an `.ics` out.

The form validates the date and the zone (`LoopCalendarForm`); with nothing asked yet, or
with input it refuses, the page shows the form with the message beside the field. The file
itself is built by `loops/ics.py` from the saved loop and the plan's timeline.
"""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hireplan import access, plans
from hireplan.access import AuthenticatedRequest
from hireplan.wizard import render_page, step_context
from loops.forms import LoopCalendarForm
from loops.ics import PlanRef, file_name, loop_calendar
from loops.kits import saved_loop
from loops.steps import LOOP

ASKED = ("first", "tz")


def uid_domain() -> str:
    """This install's name after the "@" of every UID: the host of SITE_URL."""
    return urlsplit(settings.SITE_URL).hostname or "hireplan"


@require_GET
def loop_calendar_view(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    loop = saved_loop(engagement)
    asked = any(name in request.GET for name in ASKED)
    form = LoopCalendarForm(request.GET if asked else None)
    if loop is not None and asked and form.is_valid():
        plan = plans.plan_for(engagement)
        calendar = loop_calendar(
            PlanRef(
                id=engagement.pk,
                title=engagement.title,
                version=engagement.version,
                uid_domain=uid_domain(),
            ),
            loop,
            plan.timeline,
            first=form.cleaned_data["first"],
            zone=ZoneInfo(form.cleaned_data["tz"]),
            kit_url=lambda number: request.build_absolute_uri(
                reverse("round_kit", kwargs={"engagement_id": engagement.pk, "number": number})
            ),
            stamp=timezone.now(),
        )
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{file_name(engagement.title)}"'
        return response
    context = step_context(
        engagement,
        LOOP,
        None,
        editable=access.can_edit(engagement),
        calendar_form=form,
        loop_saved=loop is not None,
    )
    status = 400 if asked and loop is not None else 200
    return render_page(request, "loops/calendar.html", context, status=status)
