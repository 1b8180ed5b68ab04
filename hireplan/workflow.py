"""The plan's status workflow: who may move a plan from which status to which.

draft ──submit──▶ in review ──approve──▶ approved
  ▲                 │    ▲                  │
  │          request changes  resubmit      │
  │                 ▼    │                  │
  └──reopen── changes requested     archive ◀┘ (from any open status)
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from hireplan.engine.choices import Choice
from hireplan.models import Activity, Comment, Engagement, Membership, User

Status = Engagement.Status
Role = Membership.Role


class Action(Choice):
    SUBMIT = "submit", "Submit for review"
    REQUEST_CHANGES = "request_changes", "Request changes"
    APPROVE = "approve", "Approve"
    ARCHIVE = "archive", "Archive"
    REOPEN = "reopen", "Reopen"


# action: (statuses it starts from, status it leads to, roles allowed to take it)
TRANSITIONS: dict[Action, tuple[frozenset[str], str, frozenset[str]]] = {
    Action.SUBMIT: (
        frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
        Status.IN_REVIEW,
        frozenset({Role.HIRING_MANAGER}),
    ),
    Action.REQUEST_CHANGES: (
        frozenset({Status.IN_REVIEW}),
        Status.CHANGES_REQUESTED,
        frozenset({Role.RECRUITER}),
    ),
    Action.APPROVE: (frozenset({Status.IN_REVIEW}), Status.APPROVED, frozenset({Role.RECRUITER})),
    Action.ARCHIVE: (
        frozenset({Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED}),
        Status.ARCHIVED,
        frozenset({Role.RECRUITER}),
    ),
    Action.REOPEN: (
        frozenset({Status.APPROVED, Status.ARCHIVED}),
        Status.DRAFT,
        frozenset({Role.RECRUITER}),
    ),
}

# Asking for changes without saying which ones leaves the hiring manager guessing.
NEEDS_COMMENT = frozenset({Action.REQUEST_CHANGES})


class TransitionRefused(Exception):
    pass


def allowed_actions(status: str, role: str | None) -> list[Action]:
    return [
        action
        for action, (sources, _, roles) in TRANSITIONS.items()
        if status in sources and role in roles
    ]


def change_status(
    engagement: Engagement, action: Action, user: User, *, role: str, comment: str = ""
) -> Engagement:
    """Moves the plan to its next status, records it, and tells the other side by email."""
    sources, target, roles = TRANSITIONS[action]
    if action in NEEDS_COMMENT and not comment.strip():
        raise TransitionRefused("Say what should change: the hiring manager will read it.")
    with transaction.atomic():
        # The row lock every save takes too (wizard.lock_editable): a save sent with a submit
        # either lands first and goes for review with the plan, or finds it locked.
        locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if locked.status not in sources or role not in roles:
            raise TransitionRefused(
                f"A plan that is {locked.get_status_display().lower()} cannot be "
                f"moved with “{action.label}” by a {Role(role).label.lower()}."
            )
        before = locked.status
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        if comment.strip():
            Comment.objects.create(engagement=locked, author=user, body=comment.strip())
        Activity.objects.create(
            engagement=locked,
            actor=user,
            kind=Activity.Kind.STATUS_CHANGED,
            version=locked.version,
            from_status=before,
            to_status=target,
        )
        transaction.on_commit(lambda: notify(locked, action, user, comment.strip()))
    locked.viewer_role = role
    return locked


def recipients(engagement: Engagement, action: Action) -> list[str]:
    """The other side: recruiters hear of submissions, the hiring manager of everything else."""
    if action == Action.SUBMIT:
        if engagement.recruiter_id:
            return [engagement.recruiter.email]
        return list(
            Membership.objects.filter(
                organization=engagement.organization, role=Role.RECRUITER
            ).values_list("user__email", flat=True)
        )
    return [engagement.owner.email]


def notify(engagement: Engagement, action: Action, actor: User, comment: str) -> None:
    to = [address for address in recipients(engagement, action) if address]
    if not to:
        return
    path = (
        reverse("review_detail", args=[engagement.pk])
        if action == Action.SUBMIT
        else reverse("engagement", args=[engagement.pk])
    )
    status = engagement.get_status_display().lower()
    lines = [
        f"{actor} moved the hiring plan “{engagement.title}” ({engagement.organization}) "
        f"to {status}.",
    ]
    if comment:
        lines += ["", "Their comment:", comment]
    lines += ["", f"Open the plan: {settings.SITE_URL}{path}"]
    send_mail(
        subject=f"[Hireplan] {engagement.title}: {status}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=to,
    )
