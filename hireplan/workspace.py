"""The recruiter's workspace: the dashboard of served companies' plans and the review page.
Also the status and comment actions, which the hiring manager uses from their plan too."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from hireplan import access, change_requests, plans
from hireplan.access import AuthenticatedRequest
from hireplan.engine.answers import Lane, Level, Metro
from hireplan.forms import DASHBOARD_SORTS, CommentForm, DashboardForm, StatusForm
from hireplan.models import Activity, Brief, Comment, Engagement, Membership, Organization, User
from hireplan.reference import load_reference
from hireplan.review import step_summaries, suggested_answers
from hireplan.steps import answer_step_choices, find_step
from hireplan.summary import Summary
from hireplan.transfer import export_document
from hireplan.workflow import (
    DONE,
    Action,
    TransitionRefused,
    allowed_actions,
    change_status,
    notify_comment,
)

PAGE_SIZE = 25
HISTORY_SHOWN = 50


def served_organizations(user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.RECRUITER
    )


def _reviewable(user: User, engagement_id: int) -> Engagement:
    """Like access.get_engagement, but only for the recruiters who serve the company."""
    engagement = access.get_engagement(user, engagement_id)
    if engagement.viewer_role != Membership.Role.RECRUITER:
        raise Http404("Only recruiters review plans.")
    return engagement


def _filtered(form: DashboardForm, queryset: QuerySet[Engagement], open_days: int):
    data = form.cleaned_data if form.is_valid() else {}
    if q := data.get("q"):
        queryset = queryset.filter(
            Q(title__icontains=q)
            | Q(organization__name__icontains=q)
            | Q(owner__first_name__icontains=q)
            | Q(owner__last_name__icontains=q)
            | Q(owner__email__icontains=q)
        )
    for field in ("status", "lane", "level"):
        if value := data.get(field):
            queryset = queryset.filter(**{field: value})
    if not data.get("status"):
        # A draft is the hiring manager's unfinished work, not yet sent for review: shown only
        # to a recruiter who asks for plans in progress.
        queryset = queryset.exclude(status=Engagement.Status.DRAFT)
    if company := data.get("company"):
        queryset = queryset.filter(organization=company)
    if data.get("open_long"):
        cutoff = timezone.localdate() - timedelta(days=open_days)
        queryset = queryset.filter(search_opened_on__lt=cutoff)
    if data.get("blockers"):
        queryset = queryset.filter(blocker_count__gt=0)
    sort = data.get("sort") or "-updated"
    descending = sort.startswith("-")
    ordering = []
    for column in DASHBOARD_SORTS[sort.lstrip("-")]:
        # "-field": the figure shown runs against the field (DASHBOARD_SORTS says which).
        against = column.startswith("-")
        field = F(column.lstrip("-"))
        down = descending != against
        ordering.append(field.desc(nulls_last=True) if down else field.asc(nulls_last=True))
    return queryset.order_by(*ordering, "-updated_at", "-pk"), sort


def _page(queryset: QuerySet[Engagement], number: str | None):
    """One page of the sorted plans, in two steps: the page's ids, then those 25 rows.

    SQLite keeps each plan's `answers` JSON inline, so sorting whole rows reads every row's
    overflow pages (30 ms at 10,000 plans). Sorting ids alone can be answered from an index
    holding the sort key (docs/performance.md, dashboard), and only the page's rows are read.
    """
    page = Paginator(queryset.values_list("pk", flat=True), PAGE_SIZE).get_page(number)
    ids = list(page.object_list)
    rows = Engagement.objects.filter(pk__in=ids).select_related("organization", "owner")
    by_id = {row.pk: row for row in rows.defer("answers", "saved_at_version")}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


# The dashboard's columns in order: sort key (hireplan.forms.DASHBOARD_SORTS), heading.
DASHBOARD_COLUMNS = (
    ("role", "Role"),
    ("company", "Company"),
    ("manager", "Hiring manager"),
    ("lane", "Lane"),
    ("level", "Level"),
    ("metro", "Metro"),
    ("status", "Status"),
    ("opened", "Days open"),
    ("blockers", "Blockers"),
    ("risks", "Risks"),
    ("updated", "Last change"),
)


@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    organizations = served_organizations(request.user)
    if not organizations.exists():
        raise Http404("The review workspace is for recruiters.")
    open_days = load_reference().timeline.staffing_partner.open_days_over
    form = DashboardForm(
        request.GET or None,
        organizations=organizations,
        lanes=Lane.choices(),
        levels=Level.choices(),
        open_days=open_days,
    )
    queryset = Engagement.objects.filter(organization__in=organizations)
    queryset, sort = _filtered(form, queryset, open_days)
    page = _page(queryset, request.GET.get("page"))
    today = timezone.localdate()
    lanes, levels, metros = dict(Lane.choices()), dict(Level.choices()), dict(Metro.choices())
    for engagement in page:
        engagement.days_open = (
            (today - engagement.search_opened_on).days if engagement.search_opened_on else None
        )
        engagement.lane_label = lanes.get(engagement.lane, "")
        engagement.level_label = levels.get(engagement.level, "")
        engagement.metro_label = metros.get(engagement.metro, "")
    context = {
        "form": form,
        "page": page,
        "sort": sort,
        "columns": DASHBOARD_COLUMNS,
        "sort_label": dict(DASHBOARD_COLUMNS)[sort.lstrip("-")],
        "sort_descending": sort.startswith("-"),
        "open_days": open_days,
    }
    template = "hireplan/dashboard.html#results" if request.htmx else "hireplan/dashboard.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def history(engagement: Engagement, limit: int = HISTORY_SHOWN) -> list[Activity]:
    """The plan's latest moves, each saved step's changes read through its summary (labels and
    formatted values, as the summary shows them)."""
    activities = list(engagement.activities.select_related("actor")[:limit])
    for activity in activities:
        step = find_step(activity.step) if activity.step else None
        summary = step.summary if step is not None and step.summary is not None else Summary()
        activity.step_title = step.title if step is not None else activity.step
        activity.change_rows = [summary.read_change(change) for change in activity.changes]
    return activities


def review_context(
    engagement: Engagement, user: User, *, status_form: StatusForm | None = None
) -> dict:
    """The recruiter's review page; `status_form` is a refused decision shown again with its
    errors beside its fields."""
    role = engagement.viewer_role
    actions = allowed_actions(engagement.status, role)
    plan = plans.plan_for(engagement)
    choices = answer_step_choices()
    if status_form is None and actions:
        # Steps only where a request for changes is open to the viewer.
        pointable = choices if Action.REQUEST_CHANGES in actions else None
        status_form = StatusForm(actions=actions, steps=pointable)
    # While the plan is between the two sides, the latest request and what changed since.
    since = None
    if engagement.status in change_requests.SHOWN_WHILE:
        since = change_requests.since_latest_request(engagement)
    return {
        "engagement": engagement,
        "plan": plan,
        "summary": step_summaries(engagement, plan),
        "comments": engagement.comments.select_related("author").prefetch_related("step_requests"),
        "activities": history(engagement),
        "actions": actions,
        "status_form": status_form if actions else None,
        "comment_form": CommentForm(steps=choices),
        "briefs": engagement.briefs.filter(document=Brief.BRIEF).select_related("requested_by")[
            :20
        ],
        "since_request": since,
        "suggested": suggested_answers(engagement),
    }


@require_GET
def review_detail(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = _reviewable(request.user, engagement_id)
    return render(request, "hireplan/review_detail.html", review_context(engagement, request.user))


def _back(request: HttpRequest, engagement: Engagement) -> HttpResponse:
    if engagement.viewer_role == Membership.Role.RECRUITER:
        return redirect("review_detail", engagement.pk)
    return redirect("step", engagement.pk, "review")


@require_POST
def add_comment(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    form = CommentForm(request.POST, steps=answer_step_choices())
    if form.is_valid():
        with transaction.atomic():
            comment = Comment.objects.create(
                engagement=engagement,
                author=request.user,
                body=form.cleaned_data["body"],
                step=form.cleaned_data["step"],
            )
            Activity.objects.create(
                engagement=engagement,
                actor=request.user,
                kind=Activity.Kind.COMMENTED,
                version=engagement.version,
            )
            told = notify_comment(comment, engagement.viewer_role)
        messages.success(
            request, f"Comment added; {told} will get it by email." if told else "Comment added."
        )
    else:
        # The first problem, whichever field has it (the text, or a step that is not one).
        messages.error(request, next(iter(form.errors.values()))[0])
    return _back(request, engagement)


@require_POST
def change_engagement_status(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    actions = allowed_actions(engagement.status, engagement.viewer_role)
    form = StatusForm(request.POST, actions=actions, steps=answer_step_choices())
    if not form.is_valid():
        refused_steps = "steps" in form.errors and "action" not in form.errors
        if refused_steps and engagement.viewer_role == Membership.Role.RECRUITER:
            # The page again with the recruiter's words and ticks, the problem beside the steps.
            context = review_context(engagement, request.user, status_form=form)
            return render(request, "hireplan/review_detail.html", context, status=400)
        messages.error(request, "That action is not available for this plan right now.")
        return _back(request, engagement)
    action = Action(form.cleaned_data["action"])
    try:
        engagement = change_status(
            engagement,
            action,
            request.user,
            role=engagement.viewer_role,
            comment=form.cleaned_data["comment"],
            steps=form.cleaned_data["steps"],
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, DONE[action])
    return _back(request, engagement)


@require_GET
def export_one(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    document = export_document(Engagement.objects.filter(pk=engagement.pk))
    response = HttpResponse(document.model_dump_json(indent=2), content_type="application/json")
    name = f"hireplan-{engagement.pk}-{engagement.organization.slug}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
