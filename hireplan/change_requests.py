"""Requests for changes that point at steps, and what changed since the latest request.

A recruiter's "Request changes" may name steps of the wizard: each becomes a `StepRequest`
tied to the recruiter's comment. The step shows the request as a banner and the sidebar marks
it until the hiring manager saves that step (`mark_answered`, inside the save's transaction).
When the plan is sent again, the saves made since the request (their `Activity` rows, read
through each step's summary) tell the recruiter what changed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.db.models import Q, Subquery
from django.utils import timezone

from hireplan.engine.text import day
from hireplan.models import Activity, Comment, Engagement, StepRequest, User
from hireplan.steps import answer_steps, find_step
from hireplan.summary import Change

# Requests read for one page: more than any real plan holds (one per step and request).
REQUESTS_READ = 50
# Saves read for "what changed since the request"; a plan is saved a few dozen times at most
# between two reviews, and the list must not grow with a script posting saves in a loop.
SAVES_READ = 100
# Changed answers listed per step in an email, so one busy step cannot flood the message.
CHANGES_PER_STEP = 12

# While the plan is between the recruiter and the hiring manager, its requests are shown. On a
# draft, an approved or an archived plan they are history, read on the history list.
SHOWN_WHILE = frozenset({Engagement.Status.CHANGES_REQUESTED, Engagement.Status.IN_REVIEW})


def create_requests(comment: Comment, slugs: Iterable[str]) -> list[StepRequest]:
    """One request per named step (each once, in the wizard's order), tied to the comment
    that says what should change. Call it inside the status change's transaction."""
    wanted = set(slugs)
    rows = [
        StepRequest(engagement=comment.engagement, comment=comment, step=step.slug)
        for step in answer_steps()
        if step.slug in wanted
    ]
    return StepRequest.objects.bulk_create(rows)


def mark_answered(engagement: Engagement, slug: str, user: User | None) -> int:
    """A save of the step answers its open requests; returns how many it answered."""
    return StepRequest.objects.filter(
        engagement=engagement, step=slug, answered_at__isnull=True
    ).update(answered_at=timezone.now(), answered_by=user)


def current_requests(engagement: Engagement) -> list[StepRequest]:
    """The requests still worth showing, oldest first, in one query: every open one, and the
    ones answered since the latest request (so the hiring manager sees what they have done)."""
    latest_request = (
        Activity.objects.filter(
            engagement=engagement,
            kind=Activity.Kind.STATUS_CHANGED,
            to_status=Engagement.Status.CHANGES_REQUESTED,
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    rows = (
        StepRequest.objects.filter(engagement=engagement)
        .filter(Q(answered_at__isnull=True) | Q(answered_at__gt=Subquery(latest_request)))
        .select_related("comment__author", "answered_by")
        .order_by("-created_at", "-pk")[:REQUESTS_READ]
    )
    return list(reversed(rows))


class PageRequests:
    """A step page's requests, read once and only if the page shows them: the banner reads
    `here`, the sidebar `open_slugs`. A live preview renders neither and costs no query."""

    def __init__(self, engagement: Engagement | None, slug: str) -> None:
        self.engagement = engagement
        self.slug = slug

    @cached_property
    def rows(self) -> list[StepRequest]:
        if self.engagement is None or self.engagement.status not in SHOWN_WHILE:
            return []
        return current_requests(self.engagement)

    @cached_property
    def here(self) -> list[StepRequest]:
        return [row for row in self.rows if row.step == self.slug]

    @cached_property
    def open_slugs(self) -> frozenset[str]:
        return frozenset(row.step for row in self.rows if row.answered_at is None)


@dataclass
class StepChanges:
    """One step saved since the request: how often, and its answers as they changed."""

    slug: str
    title: str
    url: str
    saves: int = 0
    changes: list[Change] = field(default_factory=list)


@dataclass
class SinceRequest:
    """The latest request for changes, the steps it named, and what was saved since."""

    by: User | None
    at: datetime
    comment: str
    requests: list[StepRequest]
    steps: list[StepChanges]


def _merged(changes: list[Change]) -> list[Change]:
    """An answer changed by several saves reads once, from its first value to its last."""
    by_label: dict[str, Change] = {}
    for change in changes:
        first = by_label.get(change.label)
        if first is None:
            by_label[change.label] = change
        else:
            by_label[change.label] = Change(
                change.label, first.before, change.after, first.known and change.known
            )
    # A value changed and changed back is no change to report.
    return [c for c in by_label.values() if not c.known or c.before != c.after]


def changes_since(engagement: Engagement, since: datetime) -> list[StepChanges]:
    """The steps saved after `since`, in the wizard's order, with their changed answers read
    through each step's summary (as the history reads them)."""
    saves = engagement.activities.filter(
        kind=Activity.Kind.STEP_SAVED, created_at__gt=since
    ).order_by("created_at", "pk")[:SAVES_READ]
    found: dict[str, tuple[StepChanges, list[Change]]] = {}
    for save in saves:
        step = find_step(save.step)
        if step is None or step.summary is None:
            continue  # a step whose app is gone: nothing to read its changes with
        entry = found.setdefault(
            step.slug,
            (StepChanges(step.slug, step.title, step.url(engagement)), []),
        )
        entry[0].saves += 1
        entry[1].extend(step.summary.read_change(change) for change in save.changes)
    order = {step.slug: index for index, step in enumerate(answer_steps())}
    steps = []
    for summary, changes in sorted(found.values(), key=lambda e: order.get(e[0].slug, 0)):
        summary.changes = _merged(changes)
        steps.append(summary)
    return steps


def since_latest_request(engagement: Engagement) -> SinceRequest | None:
    """The latest "Request changes" on the plan and what happened since; None if there was
    none. The status change is the anchor, so a request that named no step counts too."""
    moved = (
        engagement.activities.filter(
            kind=Activity.Kind.STATUS_CHANGED, to_status=Engagement.Status.CHANGES_REQUESTED
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    if moved is None:
        return None
    # The request's comment is written just before its status change, in one transaction.
    comment = (
        engagement.comments.filter(author=moved.actor, created_at__lte=moved.created_at)
        .order_by("-created_at", "-pk")
        .first()
    )
    requests = []
    if comment is not None:
        requests = list(
            comment.step_requests.select_related("comment__author", "answered_by")[:REQUESTS_READ]
        )
    return SinceRequest(
        by=moved.actor,
        at=moved.created_at,
        comment=comment.body if comment is not None else "",
        requests=requests,
        steps=changes_since(engagement, moved.created_at),
    )


def step_link(engagement: Engagement, slug: str) -> str:
    """A step's page as a full address, for an email."""
    step = find_step(slug)
    path = step.url(engagement) if step is not None else ""
    return f"{settings.SITE_URL}{path}"


def requested_lines(engagement: Engagement, slugs: Iterable[str]) -> list[str]:
    """The email's list of the steps a request names, each with its link."""
    wanted = set(slugs)
    return [
        f"- {step.title}: {step_link(engagement, step.slug)}"
        for step in answer_steps()
        if step.slug in wanted
    ]


def changed_lines(since: SinceRequest) -> list[str]:
    """What changed since the request, for the recruiter's email: each saved step with its
    link and its changed answers."""
    when = day(timezone.localtime(since.at).date())
    who = f"{since.by}’s" if since.by is not None else "the"
    if not since.steps:
        return [f"No step was saved since {who} request of {when}."]
    lines = [f"What changed since {who} request of {when}:"]
    for step in since.steps:
        lines += ["", f"{step.title} ({settings.SITE_URL}{step.url})"]
        shown = step.changes[:CHANGES_PER_STEP]
        if not shown:
            lines.append("- Saved again with the same answers.")
        for change in shown:
            lines.append(f"- {describe(change)}")
        if len(step.changes) > len(shown):
            lines.append(f"- and {len(step.changes) - len(shown)} more changed answers.")
    return lines


def describe(change: Change) -> str:
    """One changed answer as a sentence fragment: "Base: $180,000 → $190,000"."""
    if not change.known:
        return f"{change.label} changed"
    before = change.before or "empty"
    after = change.after or "empty"
    return f"{change.label}: {before} → {after}"
