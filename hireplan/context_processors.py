from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from hireplan.branding import request_brand
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


def brand(request: HttpRequest) -> dict:
    """The firm's brand for the top bar (hireplan/branding.py), read lazily: a template that
    never shows it (an htmx partial) costs no query, and one that does costs one per request.
    The error pages render without a request, so this never runs for them."""
    return {"brand": SimpleLazyObject(lambda: request_brand(request))}
