"""The PDF hiring brief: the plan as HTML, rendered by WeasyPrint, stored per version.

The brief is built from user text, so WeasyPrint gets a fetcher that loads nothing but data:
URIs and the app's own static files: no network, no file:// reads (a <link rel=attachment>
would otherwise embed any local file into the PDF).
"""

import gc
import hashlib
import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.signals import request_finished
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from hireplan import plans
from hireplan.engine import Severity, build_input
from hireplan.models import Brief, Engagement, User
from hireplan.reference import load_reference

# A base URL that resolves nowhere: relative links in the brief land under it and are
# answered by SafeFetcher from the app's static files, never from the network.
BASE_URL = "https://brief.hireplan.invalid/"
STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")
STYLESHEET = "css/brief.css"
SECTIONS = [
    ("summary", "Summary"),
    ("lane", "Lane and scope"),
    ("comp", "Compensation"),
    ("jd", "Job description"),
    ("loop", "Interview loop"),
    ("sourcing", "Sourcing and timeline"),
    ("offer", "Offer plan"),
    ("findings", "All findings"),
    ("sources", "Sources"),
]


class BlockedResource(ValueError):
    pass


class SafeFetcher(URLFetcher):
    """Answers data: URIs and the app's static files; refuses everything else."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            name = PurePosixPath(url.removeprefix(STATIC_PREFIX).split("?")[0].split("#")[0])
            if ".." not in name.parts and (path := finders.find(str(name))):
                content_type = mimetypes.guess_type(str(name))[0] or "application/octet-stream"
                with open(path, "rb") as handle:
                    return URLFetcherResponse(url, handle.read(), {"Content-Type": content_type})
        raise BlockedResource(f"The brief loads no outside resources: {url}")


def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _claims_in(value: object, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "claims" and isinstance(item, list):
                found.update(item)
            else:
                _claims_in(item, found)
    elif isinstance(value, list):
        for item in value:
            _claims_in(item, found)
    return found


def brief_context(engagement: Engagement, paper: str) -> dict:
    plan = plans.plan_for(engagement)
    ref = load_reference()
    benchmarks = ref.comp.benchmarks
    benchmark_claims = sorted({c for b in benchmarks for c in b.claims})
    used = _claims_in(plan.model_dump(mode="json"), set(benchmark_claims))
    by_step: dict[str, list] = {}
    for finding in plan.findings:
        by_step.setdefault(finding.step, []).append(finding)
    extra = brief_sections(engagement, plan)
    saved = set(plan.steps_saved)
    present = {
        "summary": True,
        "lane": plan.lane is not None,
        "comp": True,
        "jd": bool(extra.get("jd_html")),
        "loop": "loop" in saved,
        "sourcing": "sourcing" in saved or plan.lane is not None,
        "offer": "offer" in saved,
        "findings": bool(plan.findings),
        "sources": True,
    }
    parts = [{"id": key, "title": title, "present": present[key]} for key, title in SECTIONS]
    return {
        "engagement": engagement,
        "plan": plan,
        "typed": build_input(engagement.answers, today=plan.today),
        "skill_names": {skill.id: skill.name for skill in ref.skills.skills},
        "toc": [part for part in parts if part["present"]],
        "missing": [part for part in parts if not part["present"]],
        "present": {part["id"] for part in parts if part["present"]},
        "answers": {slug: engagement.answers.get(slug) for slug in plan.steps_saved},
        "paper": paper,
        "stylesheet": _stylesheet(),
        "generated_at": timezone.now(),
        "top_findings": plan.findings[:3],
        "findings_by_step": by_step,
        "findings_by_severity": [
            {"severity": severity, "findings": group}
            for severity in Severity
            if (group := [f for f in plan.findings if f.severity == severity])
        ],
        "benchmarks": benchmarks,
        "benchmark_claims": benchmark_claims,
        "claims_used": [entry for entry in ref.claims.claims if entry.id in used],
        **extra,
    }


def brief_sections(engagement: Engagement, plan) -> dict:
    """Extra material each step's app contributes (charts, rendered JD); empty when absent."""
    from hireplan.brief_parts import sections

    return sections(engagement, plan)


def render_html(engagement: Engagement, paper: str = Brief.Paper.LETTER) -> str:
    return render_to_string("brief/brief.html", brief_context(engagement, paper))


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF bytes and its page count."""
    global _render_garbage
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).render()
    pdf, pages = document.write_pdf(), len(document.pages)
    del document
    _render_garbage = True
    return pdf, pages


# A render leaves some 60,000 objects in reference cycles (layout boxes point at their parents).
# A render lasts long enough for them to reach the oldest generation, which Python collects
# rarely, so each brief's garbage sat beside the next one's layout and a worker's peak memory
# grew 30% over 50 briefs. A full collection once the response has gone out keeps it flat; it
# takes about 0.15 s of CPU, which the person downloading the brief does not wait for.
_render_garbage = False


@receiver(request_finished, dispatch_uid="hireplan-brief-garbage")
def _collect_render_garbage(sender, **kwargs) -> None:
    global _render_garbage
    if _render_garbage:
        _render_garbage = False
        gc.collect()


def filename(engagement: Engagement, paper: str) -> str:
    from django.utils.text import slugify

    slug = slugify(f"{engagement.organization.name} {engagement.title}")[:80] or "plan"
    suffix = "-a4" if paper == Brief.Paper.A4 else ""
    return f"hiring-brief-{slug}-v{engagement.version}{suffix}.pdf"


def brief_for(engagement: Engagement, paper: str, user: User | None) -> Brief:
    """The stored brief of this version and paper, rendered and stored on first request."""
    existing = Brief.objects.filter(
        engagement=engagement, version=engagement.version, paper=paper
    ).first()
    if existing is not None:
        return existing
    pdf, pages = render_pdf(render_html(engagement, paper))
    brief = Brief(
        engagement=engagement,
        version=engagement.version,
        paper=paper,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pages=pages,
        requested_by=user,
    )
    brief.file.save(filename(engagement, paper), ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            brief.save()
    except IntegrityError:
        # Someone else rendered the same version a moment earlier: keep theirs.
        brief.file.delete(save=False)
        return Brief.objects.get(engagement=engagement, version=engagement.version, paper=paper)
    return brief
