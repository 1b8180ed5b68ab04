"""Read-only links for the client (issue 20): a plan as it was when the link was made.

A recruiter serving the company, or the plan's own hiring manager, makes a link from the review
page. The link carries a long random token; only its SHA-256 is stored, so the full link is
shown once, in the message after it is made, and cannot be shown again. A link snapshots the
plan's title, answers and version, so later edits never reach the client through it; the page
says when a newer version exists. Links expire (14 days unless asked otherwise, at most 90) and
can be revoked; an unknown, expired or revoked token gets the same neutral 404, which names
neither the plan nor the company.

Opens are counted on the link (`use_count`, `last_used_at`) every time. The plan's history gets
one "opened by read-only link" entry per visit, not per request: an open within
`OPEN_QUIET` of the link's previous use is the same visit (a reload, a second tab), so a page
left reloading cannot grow the history without bound.
"""

import hashlib
import logging
import re
import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from hireplan import access, brief, brief_views, plans
from hireplan.access import AuthenticatedRequest
from hireplan.engine import Severity, build_input
from hireplan.models import Activity, Engagement, Membership, ShareLink, User
from hireplan.reference import load_reference

log = logging.getLogger(__name__)

DEFAULT_DAYS = 14
MAX_DAYS = 90
OPEN_QUIET = timedelta(minutes=30)
# The links listed on the review page; older ones stay in the database, unlisted.
LINKS_SHOWN = 20


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def can_share(engagement: Engagement, user: User) -> bool:
    """Recruiters serving the company, and the plan's own hiring manager (not every manager of
    the company: the plan is theirs to show)."""
    if engagement.viewer_role == Membership.Role.RECRUITER:
        return True
    return engagement.viewer_role == Membership.Role.HIRING_MANAGER and (
        engagement.owner_id == user.pk
    )


def _shareable(user: User, engagement_id: int) -> Engagement:
    engagement = access.get_engagement(user, engagement_id)
    if not can_share(engagement, user):
        raise Http404("Only the plan's recruiter or hiring manager shares it.")
    return engagement


class ShareForm(forms.Form):
    # Left out (a bare "Make a link" button), the link works for the default fortnight.
    days = forms.IntegerField(
        label="Works for (days)",
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        required=False,
    )


def create_link(
    engagement: Engagement, user: User, days: int = DEFAULT_DAYS
) -> tuple[ShareLink, str]:
    """A new link and its token (the only time the token exists outside the client's hands)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # The row locked, so the title, answers and version snapshotted belong together even
        # while a step is being saved.
        current = Engagement.objects.select_for_update().get(pk=engagement.pk)
        link = ShareLink.objects.create(
            engagement=current,
            token_hash=hash_token(token),
            version=current.version,
            title=current.title,
            answers=current.answers,
            created_by=user,
            expires_at=timezone.now() + timedelta(days=days),
        )
        Activity.objects.create(
            engagement=current, actor=user, kind=Activity.Kind.SHARED, version=current.version
        )
    return link, token


def revoke_link(link: ShareLink, user: User) -> bool:
    """Ends the link now; False when it had already been revoked."""
    with transaction.atomic():
        done = ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if done:
            Activity.objects.create(
                engagement=link.engagement,
                actor=user,
                kind=Activity.Kind.SHARE_REVOKED,
                version=link.engagement.version,
            )
    return bool(done)


def live_link(token: str) -> ShareLink | None:
    """The link for this token while it works: not revoked, not expired."""
    return (
        ShareLink.objects.filter(
            token_hash=hash_token(token), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("engagement", "engagement__organization", "engagement__owner")
        .first()
    )


def record_open(link: ShareLink) -> None:
    """Counts the open; a history entry only for the first open of a visit (module docstring).
    The quiet-window test is part of the UPDATE, so two opens at once record one entry."""
    now = timezone.now()
    counted = {"use_count": F("use_count") + 1, "last_used_at": now}
    new_visit = (
        ShareLink.objects.filter(pk=link.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - OPEN_QUIET))
        .update(**counted)
    )
    if new_visit:
        Activity.objects.create(
            engagement=link.engagement,
            actor=None,
            kind=Activity.Kind.SHARE_OPENED,
            version=link.version,
        )
    else:
        ShareLink.objects.filter(pk=link.pk).update(**counted)


def snapshot_engagement(link: ShareLink) -> Engagement:
    """An unsaved copy of the engagement holding the link's title, answers and version, for
    code that reads a plan from an engagement (the brief). Never saved."""
    engagement = link.engagement
    return Engagement(
        pk=engagement.pk,
        organization=engagement.organization,
        owner=engagement.owner,
        recruiter_id=engagement.recruiter_id,
        status=engagement.status,
        created_at=engagement.created_at,
        updated_at=engagement.updated_at,
        title=link.title,
        version=link.version,
        answers=link.answers,
        **plans.summary_columns(link.answers),
    )


def _back(engagement: Engagement) -> HttpResponse:
    if engagement.viewer_role == Membership.Role.RECRUITER:
        return redirect("review_detail", engagement.pk)
    return redirect("step", engagement.pk, "review")


@require_POST
def share_create(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = _shareable(request.user, engagement_id)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"A link works for 1 to {MAX_DAYS} days. No link was made.")
        return _back(engagement)
    link, token = create_link(engagement, request.user, form.cleaned_data["days"] or DEFAULT_DAYS)
    url = settings.SITE_URL + reverse("shared_plan", args=[token])
    # Only the hash is kept: this message is the one time the link can be read.
    messages.success(
        request,
        f"Read-only link made, showing version {link.version} of the plan until "
        f"{date_format(timezone.localtime(link.expires_at))}. Copy it now, it will not be shown "
        f"again: {url}",
        extra_tags="share-link",
    )
    return _back(engagement)


@require_POST
def share_revoke(request: AuthenticatedRequest, engagement_id: int, link_id: int) -> HttpResponse:
    engagement = _shareable(request.user, engagement_id)
    link = get_object_or_404(ShareLink, pk=link_id, engagement=engagement)
    link.engagement = engagement
    if revoke_link(link, request.user):
        messages.success(request, "Link revoked: it no longer opens the plan.")
    else:
        messages.info(request, "That link was already revoked.")
    return _back(engagement)


def _private(response: HttpResponse) -> HttpResponse:
    """Headers for every answer to a share URL: kept out of search engines and caches, and the
    token (in the URL) never sent on as a Referer. The CSP comes from the middleware."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


def _gone(request: HttpRequest) -> HttpResponse:
    """Unknown, expired and revoked links alike: nothing tells one from another, or names the
    plan or its company."""
    return _private(render(request, "hireplan/share_gone.html", status=404))


_CLAIM = re.compile(r'#claim-([A-Za-z0-9]+)"|<span class="claim">([A-Za-z0-9]+)</span>')


def _page_context(link: ShareLink) -> dict:
    """The plan from the link's snapshot, in the brief's pieces: each step's summary rows, its
    part of the brief (tables and charts) and its findings."""
    snapshot = snapshot_engagement(link)
    plan = plans.plan_for_answers_today(link.answers)
    typed = build_input(link.answers, today=plan.today)
    sections, missing = brief.step_sections(snapshot, plan, typed)
    benchmarks = load_reference().comp.benchmarks
    return {
        "engagement": snapshot,
        "link": link,
        "company": link.engagement.organization,
        "newer_version": link.engagement.version
        if link.engagement.version > link.version
        else None,
        "plan": plan,
        "typed": typed,
        "sections": sections,
        "missing": missing,
        "benchmarks": benchmarks,
        "benchmark_claims": sorted({c for b in benchmarks for c in b.claims}),
        "counts": [(s, plan.counts.get(s, 0)) for s in Severity if plan.counts.get(s, 0)],
    }


@login_not_required
@require_GET
def shared_plan(request: HttpRequest, token: str) -> HttpResponse:
    link = live_link(token)
    if link is None:
        return _gone(request)
    record_open(link)
    context = {**_page_context(link), "token": token}
    body = render_to_string("hireplan/shared_plan.html#plan", context, request=request)
    # The figures' source links lead to the app's sources page, which needs a login: here they
    # lead to the page's own list of sources instead.
    body = body.replace(f'href="{reverse("guide")}#claim-', 'href="#claim-')
    used = {a or b for a, b in _CLAIM.findall(body)}
    context["body"] = mark_safe(body)  # rendered above by the template engine, escaped there
    context["claims"] = [c for c in load_reference().claims.claims if c.id in used]
    return _private(render(request, "hireplan/shared_plan.html", context))


@login_not_required
@require_GET
def shared_brief(request: HttpRequest, token: str) -> HttpResponse:
    """The brief of the link's version. The current version's is the plan's own stored brief;
    an older version's is rendered from the snapshot and stored under that version (the
    snapshot holds exactly that version's answers), so each version and paper renders once."""
    link = live_link(token)
    if link is None:
        return _gone(request)
    paper = brief_views.paper_asked(request)
    engagement = link.engagement
    source = engagement if engagement.version == link.version else snapshot_engagement(link)
    try:
        stored = brief.brief_for(source, paper, None)
    except Exception:
        # As in brief_views: a broken render is logged and answered with a page, never a trace.
        log.exception("Rendering the shared brief of engagement %s failed", engagement.pk)
        return _private(render(request, "hireplan/share_gone.html", {"failed": True}, status=500))
    return _private(brief_views.download(stored))
