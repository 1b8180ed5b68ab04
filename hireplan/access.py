"""The one way to reach an engagement: scoped by the user's memberships.

Every view that touches an engagement calls `get_engagement`; anyone without a membership in
the engagement's organization gets a 404, so an outsider cannot even learn that it exists.
"""

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from hireplan.models import Engagement, Membership, Organization, User


class AuthenticatedRequest(HttpRequest):
    """A request past the login-required middleware: every view but login and /healthz."""

    user: User


def engagements_for(user: User) -> QuerySet[Engagement]:
    """Engagements the user may see, each annotated with `viewer_role` (their membership role).

    The role comes from the membership row the filter joins (a user has one membership per
    company), so the page costs one join rather than a correlated subquery per row."""
    return (
        Engagement.objects.filter(organization__memberships__user=user)
        .annotate(viewer_role=F("organization__memberships__role"))
        .select_related("organization", "owner")
    )


def get_engagement(user: User, engagement_id: int) -> Engagement:
    return get_object_or_404(engagements_for(user), pk=engagement_id)


def can_edit(engagement: Engagement) -> bool:
    """Hiring managers edit their company's plans while the plan is open for changes."""
    return engagement.viewer_role == Membership.Role.HIRING_MANAGER and engagement.is_editable


def managed_organizations(user: User) -> QuerySet[Organization]:
    """Companies where the user may start a hiring plan."""
    return Organization.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.HIRING_MANAGER
    )
