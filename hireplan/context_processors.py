from django.http import HttpRequest

from hireplan.models import Membership


def navigation(request: HttpRequest) -> dict:
    """Whether to show the review workspace link: recruiters only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_is_recruiter": Membership.objects.filter(
            user=user, role=Membership.Role.RECRUITER
        ).exists()
    }
