"""Downloading the PDF hiring brief: the stored file when the plan is unchanged."""

import logging

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from hireplan import access
from hireplan.access import AuthenticatedRequest
from hireplan.brief import brief_for
from hireplan.models import Brief

log = logging.getLogger(__name__)


def paper_asked(request: HttpRequest) -> str:
    """The paper size the request asks for (`?paper=a4`), Letter unless it names another."""
    paper = request.GET.get("paper", Brief.Paper.LETTER)
    return paper if paper in Brief.Paper.values else Brief.Paper.LETTER


def download(brief: Brief) -> FileResponse:
    """A stored brief as the PDF download, with its checksum for whoever keeps a copy."""
    response = FileResponse(
        brief.file.open("rb"),
        as_attachment=True,
        filename=brief.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
    response["X-Brief-SHA256"] = brief.sha256
    return response


@require_GET
def brief_pdf(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    try:
        brief = brief_for(engagement, paper_asked(request), request.user)
    except Exception:
        # A broken render must not cost the user their page: say so, change nothing.
        log.exception("Rendering the brief of engagement %s failed", engagement.pk)
        return render(request, "brief/failed.html", {"engagement": engagement}, status=500)
    return download(brief)


@require_GET
def brief_download(
    request: AuthenticatedRequest, engagement_id: int, brief_id: int
) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    brief = get_object_or_404(Brief, pk=brief_id, engagement=engagement)
    if not brief.file.storage.exists(brief.file.name):
        raise Http404("This brief's file is no longer stored.")
    return download(brief)
