"""“Copy this plan”: a new draft started from a plan the hiring manager can already see.

The copy takes the source's answers (the JD text is one of them; the date the source's search
opened is left out, since the copy is a new search) and nothing of its life: no comments, no
history, no status, no briefs. It belongs to the source's company, its owner is
the manager who copied it, and its dashboard columns and advice are worked out afresh from the
answers (the guide's figures and today's date may have moved since the source was saved). A
step that keeps something outside the answers carries it over with its `on_copy` hook (the JD
app starts the copy's version history with the copied text); the hub never imports a step app.
"""

import copy as deep

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from hireplan import access
from hireplan.access import AuthenticatedRequest
from hireplan.engine.answers.titles import cleaned_title
from hireplan.models import Activity, Engagement, Membership, User
from hireplan.plans import summary_columns
from hireplan.steps import all_steps, answer_steps

COPY_PREFIX = "Copy of "
# The home page offers this many of the company's approved plans to start from, newest first.
TEMPLATES_SHOWN = 6
TITLE_MAX = Engagement._meta.get_field("title").max_length


def copy_title(title: str) -> str:
    """ "Copy of …" within the title's limit; a title too long for it loses its end to "…".
    Titles stored before the title checks are cleaned by the one title cleaner first."""
    name = f"{COPY_PREFIX}{cleaned_title(title, 'an untitled plan')}"
    if len(name) <= TITLE_MAX:
        return name
    return name[: TITLE_MAX - 1].rstrip() + "…"


def copy_plan(source: Engagement, user: User) -> Engagement:
    """A new draft of `source`'s company owned by `user`, holding the source's answers.

    The caller has checked that `user` is a hiring manager of that company (`copy_view`).
    All or nothing: the plan, its first history entry and the steps' `on_copy` work share one
    transaction."""
    # The stored answers are JSON; a deep copy keeps the two plans from sharing any list.
    answers = deep.deepcopy(source.answers)
    # A copy is a new search: the source's "search open since" date is not this one's.
    if isinstance(answers.get("context"), dict) and answers["context"].get("search_open_since"):
        answers["context"]["search_open_since"] = None
    with transaction.atomic():
        made = Engagement.objects.create(
            organization_id=source.organization_id,
            owner=user,
            title=copy_title(source.title),
            status=Engagement.Status.DRAFT,
            current_step=all_steps()[0].slug,
            answers=answers,
            # Every copied step counts as saved at the copy's first version, so a tab opened on
            # the copy saves without being taken for a stale one.
            saved_at_version=dict.fromkeys(answers, 1),
            # What nobody confirmed on the source is still Hireplan's suggestion on the copy.
            suggested=deep.deepcopy(source.suggested),
            copied_from=source,
            **summary_columns(answers),
        )
        Activity.objects.create(
            engagement=made, actor=user, kind=Activity.Kind.COPIED, version=made.version
        )
        for step in answer_steps():
            if step.on_copy is not None and step.slug in answers:
                step.on_copy(source, made, user)
    made.viewer_role = Membership.Role.HIRING_MANAGER
    return made


def approved_plans(user: User) -> list[Engagement]:
    """The newest approved plans of the companies where `user` may start plans, to start a
    new one from (the home page's list): at most TEMPLATES_SHOWN."""
    return list(
        access.engagements_for(user)
        .filter(
            status=Engagement.Status.APPROVED,
            organization__in=access.managed_organizations(user),
        )
        .order_by("-updated_at", "-pk")[:TEMPLATES_SHOWN]
    )


@require_POST
def copy_view(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Starts the copy and opens its first step (PRG). Someone outside the company gets the
    404 every engagement URL gives them; a recruiter sees the plan but may not start plans."""
    source = access.get_engagement(request.user, engagement_id)
    if source.viewer_role != Membership.Role.HIRING_MANAGER:
        raise PermissionDenied("Only a hiring manager can start a hiring plan.")
    made = copy_plan(source, request.user)
    messages.success(
        request,
        f"Started “{made.title}” as a new draft with the answers of “{source.title}”. "
        "Check each step before you send it: saving this first step names the plan after "
        "its role.",
    )
    return redirect(all_steps()[0].url(made))
