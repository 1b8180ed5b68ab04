"""The plan's status workflow: who may move a plan from which status to which.

           (hiring manager)                  (recruiter)
draft ──submit──▶ in review ──approve──▶ approved ──reopen──▶ draft
                   │     ▲                         (hiring manager or recruiter)
        request changes  submit again
                   ▼     │
            changes requested

A recruiter archives a plan that was sent to them (in review, changes requested, approved),
never a draft nobody has submitted, and reopens an archived or approved plan as a draft.
"""

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from hireplan import change_requests
from hireplan.engine.choices import Choice
from hireplan.mail import send_email
from hireplan.models import Activity, Brief, Comment, Engagement, Membership, User
from hireplan.steps import answer_step_choices, find_step
from hireplan.tasks import prepare_brief

Status = Engagement.Status
Role = Membership.Role


class Action(Choice):
    SUBMIT = "submit", "Submit for review"
    REQUEST_CHANGES = "request_changes", "Request changes"
    APPROVE = "approve", "Approve"
    ARCHIVE = "archive", "Archive"
    REOPEN = "reopen", "Reopen"


# action: ({role allowed to take it: the statuses it may take it from}, status it leads to).
# A recruiter decides only on what was sent to them: a draft nobody has submitted is the
# hiring manager's work in progress, not theirs to archive. The hiring manager may reopen
# their own approved plan (the recruiter is told), so "approved" is never a dead end for them.
TRANSITIONS: dict[Action, tuple[dict[str, frozenset[str]], str]] = {
    Action.SUBMIT: (
        {Role.HIRING_MANAGER: frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})},
        Status.IN_REVIEW,
    ),
    Action.REQUEST_CHANGES: (
        {Role.RECRUITER: frozenset({Status.IN_REVIEW})},
        Status.CHANGES_REQUESTED,
    ),
    Action.APPROVE: ({Role.RECRUITER: frozenset({Status.IN_REVIEW})}, Status.APPROVED),
    Action.ARCHIVE: (
        {Role.RECRUITER: frozenset({Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED})},
        Status.ARCHIVED,
    ),
    Action.REOPEN: (
        {
            Role.RECRUITER: frozenset({Status.APPROVED, Status.ARCHIVED}),
            Role.HIRING_MANAGER: frozenset({Status.APPROVED}),
        },
        Status.DRAFT,
    ),
}

# What the person who took the action reads next, as a sentence.
DONE = {
    Action.SUBMIT: "Sent for review.",
    Action.REQUEST_CHANGES: "Changes requested: the hiring manager has your comment.",
    Action.APPROVE: "Approved.",
    Action.ARCHIVE: "Archived.",
    Action.REOPEN: "Reopened as a draft: its answers can be changed again.",
}

# The moments a brief is about to be read: the recruiter opens a submitted plan, the client
# receives an approved one. Its PDF is rendered ahead by a worker (hireplan/tasks.py).
PREPARE_BRIEF = frozenset({Action.SUBMIT, Action.APPROVE})

# Asking for changes without saying which ones leaves the hiring manager guessing.
NEEDS_COMMENT = frozenset({Action.REQUEST_CHANGES})
# The action whose comment may point at steps of the wizard (hireplan/change_requests.py).
POINTS_AT_STEPS = Action.REQUEST_CHANGES


class TransitionRefused(Exception):
    pass


def allowed_actions(status: str, role: str | None) -> list[Action]:
    return [
        action
        for action, (sources, _) in TRANSITIONS.items()
        if role is not None and status in sources.get(role, ())
    ]


def change_status(
    engagement: Engagement,
    action: Action,
    user: User,
    *,
    role: str,
    comment: str = "",
    steps: Sequence[str] = (),
) -> Engagement:
    """Moves the plan to its next status, records it, and tells the other side by email.
    `steps` (slugs) are the steps a request for changes points at: each gets a StepRequest
    tied to the comment."""
    sources_by_role, target = TRANSITIONS[action]
    if action in NEEDS_COMMENT and not comment.strip():
        raise TransitionRefused("Say what should change: the hiring manager will read it.")
    steps = list(dict.fromkeys(steps))
    if steps and action != POINTS_AT_STEPS:
        raise TransitionRefused("Only a request for changes can point at steps.")
    known = {slug for slug, _ in answer_step_choices()}
    if unknown := [slug for slug in steps if slug not in known]:
        raise TransitionRefused(f"“{unknown[0]}” is not a step of this plan.")
    with transaction.atomic():
        # The row lock every save takes too (wizard.lock_editable): a save sent with a submit
        # either lands first and goes for review with the plan, or finds it locked.
        locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if locked.status not in sources_by_role.get(role, ()):
            raise TransitionRefused(
                f"A plan that is {locked.get_status_display().lower()} cannot be "
                f"moved with “{action.label}” by a {Role(role).label.lower()}."
            )
        before = locked.status
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        if comment.strip():
            written = Comment.objects.create(engagement=locked, author=user, body=comment.strip())
            change_requests.create_requests(written, steps)
        Activity.objects.create(
            engagement=locked,
            actor=user,
            kind=Activity.Kind.STATUS_CHANGED,
            version=locked.version,
            from_status=before,
            to_status=target,
        )
        # What changed since the request goes to the recruiter with the plan sent again.
        since = None
        if action == Action.SUBMIT and before == Status.CHANGES_REQUESTED:
            since = change_requests.since_latest_request(locked)
        # Queued in this transaction: the email and the brief go out if and only if the
        # change is saved, and no mail server or render holds up this request.
        notify(locked, user, comment.strip(), role, steps=steps, since=since)
        if action in PREPARE_BRIEF:
            prepare_brief.enqueue(locked.pk, locked.version, Brief.Paper.LETTER)
    locked.viewer_role = role
    return locked


def other_side(engagement: Engagement, role: str | None) -> tuple[list[str], bool]:
    """Who hears of what someone in `role` did, and whether that is the recruiters: the
    recruiters hear of what the client's side does (a submission, a reopened plan, a comment),
    the hiring manager of what a recruiter does."""
    if role != Role.RECRUITER:
        return recruiter_addresses(engagement), True
    return [engagement.owner.email], False


def recruiter_addresses(engagement: Engagement) -> list[str]:
    """The plan's recruiter, or every recruiter serving its company when none is assigned."""
    if engagement.recruiter_id:
        return [engagement.recruiter.email]
    return list(
        Membership.objects.filter(
            organization=engagement.organization, role=Role.RECRUITER
        ).values_list("user__email", flat=True)
    )


def plan_link(engagement: Engagement, for_recruiter: bool) -> str:
    name = "review_detail" if for_recruiter else "engagement"
    return f"{settings.SITE_URL}{reverse(name, args=[engagement.pk])}"


def notify(
    engagement: Engagement,
    actor: User,
    comment: str,
    role: str | None,
    *,
    steps: Sequence[str] = (),
    since: change_requests.SinceRequest | None = None,
) -> None:
    """Tells the other side of a status change: the comment, the steps a request for changes
    points at (each linked), and on a plan sent again what changed since the request."""
    status = engagement.get_status_display().lower()
    lines = [
        f"{actor} moved the hiring plan “{engagement.title}” ({engagement.organization}) "
        f"to {status}.",
    ]
    if comment:
        lines += ["", "Their comment:", comment]
    if steps:
        lines += ["", "They ask for changes on these steps:"]
        lines += change_requests.requested_lines(engagement, steps)
    if since is not None:
        lines += ["", *change_requests.changed_lines(since)]
    addresses, to_recruiters = other_side(engagement, role)
    lines += ["", f"Open the plan: {plan_link(engagement, to_recruiters)}"]
    for address in addresses:
        if address:
            send_email(f"[Hireplan] {engagement.title}: {status}", "\n".join(lines), address)


def notify_comment(comment: Comment, role: str | None) -> str:
    """Tells the other side of a comment: the recruiters when the client's side wrote it, the
    hiring manager when a recruiter did. Nobody is told of their own comment. Returns who is
    told, for the author's confirmation ("" when nobody is)."""
    engagement = comment.engagement
    addresses, to_recruiters = other_side(engagement, role)
    lines = [
        f"{comment.author} commented on the hiring plan “{engagement.title}” "
        f"({engagement.organization}):",
        "",
        comment.body,
        "",
    ]
    # Recruiters may read every step page too (hireplan/access.py), so both sides get the step.
    if comment.step and (step := find_step(comment.step)) is not None:
        lines.append(
            f"The comment is about {step.title}: {settings.SITE_URL}{step.url(engagement)}"
        )
    lines.append(f"Reply on the plan: {plan_link(engagement, to_recruiters)}")
    told = [a for a in dict.fromkeys(addresses) if a and a != comment.author.email]
    for address in told:
        send_email(f"[Hireplan] {engagement.title}: new comment", "\n".join(lines), address)
    if not told:
        return ""
    if not to_recruiters:
        return "the hiring manager"
    return "the recruiter" if len(told) == 1 else f"the {len(told)} recruiters serving the company"
