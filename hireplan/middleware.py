"""Reliability plumbing: a friendly 503 when the database is out of reach, and the pieces of
login throttling that are ours (django-axes does the counting).

Why a middleware *and* a signal for the 503: Django turns an exception into a response at
every middleware layer, so an outer middleware never sees an exception raised inside another
middleware (the session lookup behind `request.user` runs in LoginRequiredMiddleware, long
before any view). `process_exception` catches what views raise; for everything else the
`got_request_exception` signal marks the request, and the middleware swaps Django's generic
500 page for the 503 page on the way out.
"""

import logging
import sys

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template

log = logging.getLogger(__name__)

# Errors that mean "the database cannot serve us right now": connection refused or lost,
# server shutting down, SQLite busy past its timeout. Integrity or programming errors are bugs,
# not outages, and keep their 500.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_FLAG = "_hireplan_database_unavailable"


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True when `exc`, or an exception it was raised from, says the database is out of reach."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, UNAVAILABLE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def unavailable_response() -> HttpResponse:
    """The 503 page. Rendered without the request: its context processors would query the
    database that just failed."""
    response = HttpResponse(get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _FLAG, False) and response.status_code == 500:
            return unavailable_response()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            log.error("Database unavailable while serving %s: %s", request.path, exception)
            return unavailable_response()
        return None


@receiver(got_request_exception, dispatch_uid="hireplan-database-unavailable")
def _mark_database_unavailable(sender, request=None, **kwargs) -> None:
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, _FLAG, True)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that arrive with a request.

    Every login through the site (the login page, the admin) passes its request, so axes
    counts and locks them. A login from code has no client to throttle (the test client's
    `login()`, a shell): axes would refuse it with an error, so it goes straight to the model
    backend instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for throttling.

    With `TRUSTED_PROXIES = n` load balancers in front, each appends the address it saw to
    X-Forwarded-For, so the n-th entry from the right is the one the outermost trusted proxy
    saw; anything further left was written by the client and is not trusted.
    """
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The page a locked-out login gets instead of the login form (status 429)."""
    from django.shortcuts import render

    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
