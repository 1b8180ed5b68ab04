"""The PDF hiring brief: the plan as HTML, rendered by WeasyPrint, stored per version.

The brief is built from user text, so WeasyPrint gets a fetcher that loads nothing but data:
URIs and the app's own static files: no network, no file:// reads (a <link rel=attachment>
would otherwise embed any local file into the PDF).
"""

import gc
import hashlib
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.signals import request_finished
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from hireplan import plans
from hireplan.branding import Brand, current_brand
from hireplan.engine import EngagementInput, Finding, HiringPlan, Severity, build_input
from hireplan.models import Activity, Brief, Comment, Engagement, FirmBrand, Membership, User
from hireplan.reference import load_reference
from hireplan.review import step_summaries, suggested_answers
from hireplan.steps import answer_steps
from hireplan.summary import Row

# A base URL that resolves nowhere: relative links in the brief land under it and are
# answered by SafeFetcher from the app's static files, never from the network.
BASE_URL = "https://brief.hireplan.invalid/"
STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")
STYLESHEET = "css/brief.css"


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


def stylesheet(name: str = STYLESHEET) -> str:
    """A printed document's stylesheet, inlined: the brief's, or another (the kits')."""
    path = finders.find(name)
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


@dataclass
class Section:
    """One step's part of the brief: its answers as summary rows, the step's own template and
    context (charts, the JD), and its findings."""

    slug: str
    title: str
    template: str | None
    part: dict
    rows: list[Row]
    findings: list[Finding]


def step_sections(
    engagement: Engagement, plan: HiringPlan, inp: EngagementInput | None = None
) -> tuple[list[Section], list[str]]:
    """The steps' sections in the wizard's order, and the titles of those left out because
    their steps are not saved yet."""
    summaries = {s.slug: s for s in step_summaries(engagement, plan, inp)}
    sections, missing = [], []
    for step in answer_steps():
        saved = summaries[step.slug].saved
        if step.brief_context is not None:
            part = step.brief_context(engagement, plan)
        else:
            part = {} if saved else None
        if part is None:
            missing.append(step.title)
            continue
        sections.append(
            Section(
                slug=step.slug,
                title=step.title,
                template=step.brief_template,
                part=part,
                rows=summaries[step.slug].rows,
                findings=[finding for finding in plan.findings if finding.step == step.slug],
            )
        )
    return sections, missing


# The brief's own colours when no firm has set an accent (static/css/brief.css uses them too).
DEFAULT_ACCENT = "#2c2f8f"
# A status change and the comment written with it are saved in one transaction, moments apart.
NOTE_WINDOW = timedelta(seconds=30)
# The history read for the decision: the latest status changes are enough to find a note.
STATUS_CHANGES_READ = 20
# The decision part lists at most this many rounds and timeline causes, one line each.
ROUNDS_SHOWN = 12
CAUSES_SHOWN = 4


@dataclass(frozen=True)
class RoundLine:
    """One round of the loop as the decision part shows it: one line."""

    title: str
    minutes: int
    who: str
    skills: list[str]


@dataclass(frozen=True)
class Decision:
    """Where the plan stands: its status, the latest status change and the recruiter's note."""

    status: str
    changed_to: str  # the latest status change: "In review", with who and when
    changed_by: User | None
    changed_on: datetime | None
    note: Comment | None


def accent_of(brand: Brand) -> str:
    """The colour a printed document is drawn in: the firm's accent, else the brief's own."""
    # branding.brand_of already keeps only a plain "#rrggbb" colour (the stylesheet gets it).
    return brand.accent or DEFAULT_ACCENT


def _decision(engagement: Engagement) -> Decision:
    """The latest status change, and the latest comment a recruiter wrote with one."""
    changes = list(
        engagement.activities.filter(kind=Activity.Kind.STATUS_CHANGED).select_related("actor")[
            :STATUS_CHANGES_READ
        ]
    )
    recruiters = set(
        Membership.objects.filter(
            organization=engagement.organization, role=Membership.Role.RECRUITER
        ).values_list("user_id", flat=True)
    )
    note = None
    for change in changes:
        if change.actor_id not in recruiters:
            continue
        note = (
            engagement.comments.filter(
                author_id=change.actor_id,
                created_at__lte=change.created_at,
                created_at__gte=change.created_at - NOTE_WINDOW,
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if note is not None:
            break
    latest = changes[0] if changes else None
    labels = dict(Engagement.Status.choices)
    return Decision(
        status=engagement.get_status_display(),
        changed_to=labels.get(latest.to_status, latest.to_status) if latest else "",
        changed_by=latest.actor if latest else None,
        changed_on=latest.created_at if latest else None,
        note=note,
    )


def _round_lines(plan: HiringPlan, typed: EngagementInput) -> list[RoundLine]:
    """The planned rounds, or the guide's template while the loop is not saved."""
    if typed.loop is not None:
        return [
            RoundLine(
                title=item.title,
                minutes=item.minutes,
                who=f"{item.interviewer_count} × {item.interviewer_role.label}",
                skills=[row.name for row in plan.loop.coverage if item.title in row.rounds],
            )
            for item in typed.loop.rounds[:ROUNDS_SHOWN]
        ]
    return [
        RoundLine(
            title=item.name,
            minutes=item.minutes,
            who=f"{item.interviewer_count} × {item.interviewer_role.label}",
            skills=[],
        )
        for item in plan.loop.template[:ROUNDS_SHOWN]
    ]


def brief_context(engagement: Engagement, paper: str) -> dict:
    plan = plans.plan_for(engagement)
    ref = load_reference()
    brand = current_brand()
    benchmarks = ref.comp.benchmarks
    benchmark_claims = sorted({c for b in benchmarks for c in b.claims})
    used = _claims_in(plan.model_dump(mode="json"), set(benchmark_claims))
    typed = build_input(engagement.answers, today=plan.today)
    sections, _ = step_sections(engagement, plan, typed)
    titles = {step.slug: step.title for step in answer_steps()}
    saved = {s.slug for s in step_summaries(engagement, plan, typed) if s.saved}
    in_brief = {section.slug for section in sections}
    toc = [
        ("decision", "The decision"),
        *((section.slug, section.title) for section in sections),
        ("appendix", "Appendix: findings, benchmarks and sources"),
    ]
    return {
        "engagement": engagement,
        "plan": plan,
        "typed": typed,
        "brand": brand,
        "accent": accent_of(brand),
        "sections": sections,
        "toc": toc,
        "open_steps": [step.title for step in answer_steps() if step.slug not in saved],
        # A quick plan's answers Hireplan suggested and nobody has confirmed yet, by step.
        "suggested_steps": [item.title for item in suggested_answers(engagement)],
        "paper": paper,
        "stylesheet": stylesheet(),
        "generated_at": timezone.now(),
        "decision": _decision(engagement),
        "rounds": _round_lines(plan, typed),
        "causes": [reason for reason in plan.timeline.reasons if reason.applied][:CAUSES_SHOWN],
        "top_findings": [
            {
                "finding": finding,
                "section": titles.get(finding.step, ""),
                "anchor": finding.step if finding.step in in_brief else "",
            }
            for finding in plan.findings[:3]
            if finding.severity != Severity.GOOD
        ],
        "findings_by_severity": [
            {
                "severity": severity,
                "findings": [
                    {
                        "finding": finding,
                        "section": titles.get(finding.step, ""),
                        "anchor": finding.step if finding.step in in_brief else "",
                    }
                    for finding in group
                ],
            }
            for severity in Severity
            if (group := [f for f in plan.findings if f.severity == severity])
        ],
        "benchmarks": benchmarks,
        "benchmark_claims": benchmark_claims,
        "claims_used": [entry for entry in ref.claims.claims if entry.id in used],
    }


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
    slug = slugify(f"{engagement.organization.name} {engagement.title}")[:80] or "plan"
    suffix = "-a4" if paper == Brief.Paper.A4 else ""
    return f"hiring-brief-{slug}-v{engagement.version}{suffix}.pdf"


def _store(brief: Brief, pdf: bytes, pages: int, name: str, user: User | None) -> None:
    brief.file.save(name, ContentFile(pdf), save=False)
    brief.sha256 = hashlib.sha256(pdf).hexdigest()
    brief.size, brief.pages, brief.requested_by = len(pdf), pages, user


def stored_document(
    engagement: Engagement,
    paper: str,
    user: User | None,
    *,
    document: str,
    render: Callable[[], str],
    name: str,
) -> Brief:
    """The stored PDF of this version, paper and document, rendered and stored on first request.

    `render` gives the document's HTML; it runs through the same safe fetcher as the brief.
    A file stored before the firm's brand last changed is rendered again in place (same row,
    new file): the client must get the firm's current name and logo, not the ones of the day
    the plan was last saved."""
    existing = Brief.objects.filter(
        engagement=engagement, version=engagement.version, paper=paper, document=document
    ).first()
    if existing is not None:
        if not FirmBrand.objects.filter(updated_at__gt=existing.created_at).exists():
            return existing
        old_name = existing.file.name
        _store(existing, *render_pdf(render()), name, user)
        existing.created_at = timezone.now()  # made now: later brand changes compare with this
        existing.save()
        if old_name and old_name != existing.file.name:
            existing.file.storage.delete(old_name)
        return existing
    stored = Brief(
        engagement=engagement, version=engagement.version, paper=paper, document=document
    )
    _store(stored, *render_pdf(render()), name, user)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:
        # Someone else rendered the same version a moment earlier: keep theirs.
        stored.file.delete(save=False)
        return Brief.objects.get(
            engagement=engagement, version=engagement.version, paper=paper, document=document
        )
    return stored


def brief_for(engagement: Engagement, paper: str, user: User | None) -> Brief:
    """The stored hiring brief of this version and paper (see stored_document)."""
    return stored_document(
        engagement,
        paper,
        user,
        document=Brief.BRIEF,
        render=lambda: render_html(engagement, paper),
        name=filename(engagement, paper),
    )
