from collections.abc import Iterable

from django import template
from django.forms import BoundField
from django.template import Context
from django.utils.safestring import SafeString

from hireplan.engine import text
from hireplan.fields import (
    EMPTY,
    claim_links,
    field_claims,
    render_check,
    render_field,
    render_summary_rows,
    sources_line,
)
from hireplan.models import Engagement
from hireplan.sharing import LINKS_SHOWN
from hireplan.steps import find_step, stylesheets

register = template.Library()


@register.simple_tag
def step_stylesheets() -> list[str]:
    """The registered step apps' stylesheets (hireplan/steps.py), for base.html."""
    return stylesheets()


@register.filter
def step_title(slug: str) -> str:
    """A step's title from its slug: `{{ finding.step|step_title }}`."""
    step = find_step(slug)
    return step.title if step is not None else slug


@register.filter
def lowerfirst(text: str) -> str:
    """A label to run on inside a sentence: its first letter in lower case, unless its first
    word is an acronym ("The JD is vague" → "the JD is vague"; "JD and intake" stays)."""
    text = str(text)
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


@register.filter
def status_label(value: str) -> str:
    try:
        return Engagement.Status(value).label.lower()
    except ValueError:
        return value


# What a recruiter reads for a plan's status. A draft is the hiring manager's work in progress,
# nothing they were asked to look at yet, so it is not called a "Draft" on their side. The one
# place this wording lives: the dashboard (its column and, as the filter's choice,
# hireplan.forms.DashboardForm) and the recruiter's review page read it from here.
RECRUITER_STATUS_LABELS = {Engagement.Status.DRAFT: "In progress"}


def recruiter_status_label(value: str) -> str:
    """A plan's status as the recruiter reads it: "In progress" for a draft."""
    if value in RECRUITER_STATUS_LABELS:
        return RECRUITER_STATUS_LABELS[Engagement.Status(value)]
    try:
        return Engagement.Status(value).label
    except ValueError:
        return value


@register.filter
def recruiter_status(value: str) -> str:
    """{{ engagement.status|recruiter_status }}: "In progress", "In review", …"""
    return recruiter_status_label(value)


@register.filter
def usd(value: int | None) -> str:
    """185000 → "$185,000" (hireplan/engine/text.py); empty → "—"."""
    if value is None or value == "":
        return text.DASH
    return text.usd(int(value))


@register.filter
def absolute(value: float | int | None) -> float | int | None:
    return None if value is None else abs(value)


@register.simple_tag(name="claims")
def claims_tag(claims: list[str] | str | None) -> SafeString:
    """{% claims ids %}: the source links of a figure or a piece of advice."""
    return claim_links(claims)


@register.simple_tag(name="summary_rows")
def summary_rows_tag(rows: list) -> SafeString:
    """{% summary_rows rows %}: a step's summary rows (hireplan/summary.py) as a list of terms."""
    return render_summary_rows(rows)


# The claim IDs met since the block's last {% sources %}, kept for the template being rendered
# (includes and partials share it; every render starts empty).
_SOURCES = "hireplan.sources"


def _gather(context: Context, claims: Iterable[str] | str | None) -> None:
    if isinstance(claims, str):
        claims = claims.split()
    bucket = context.render_context.get(_SOURCES)
    if bucket is None:
        bucket = context.render_context[_SOURCES] = []
    bucket.extend(claims or ())


@register.simple_tag(name="cite", takes_context=True)
def cite_tag(context: Context, claims: list[str] | str | None) -> SafeString:
    """{% cite ids %}: notes a heading's or a label's sources for the block's Sources line,
    showing nothing where it stands (a link on every label was noise)."""
    _gather(context, claims)
    return EMPTY


@register.simple_tag(name="sources", takes_context=True)
def sources_tag(context: Context, claims: list[str] | str | None = None) -> SafeString:
    """{% sources %} at the end of a block (fieldset, section, card, a form's last part): one
    "Sources" line with every claim its fields and {% cite %}s named, then starts afresh."""
    _gather(context, claims)
    gathered = context.render_context.get(_SOURCES) or []
    context.render_context[_SOURCES] = []
    return sources_line(gathered)


@register.simple_tag(name="field", takes_context=True)
def field_tag(context: Context, field: BoundField, needed_for: str = "") -> SafeString:
    """{% field form.name %}: label, widget, help and errors of one field; its sources go to
    the block's {% sources %} line."""
    _gather(context, field_claims(field))
    return render_field(field, needed_for)


@register.simple_tag(name="check_field", takes_context=True)
def check_field_tag(context: Context, field: BoundField) -> SafeString:
    """{% check_field form.name %}: a yes/no checkbox with its label beside it."""
    _gather(context, field_claims(field))
    return render_check(field)


@register.simple_tag
def share_links_of(engagement: Engagement) -> list:
    """{% share_links_of engagement as links %}: the plan's latest read-only links with who
    made them, in one query (hireplan/sharing.py)."""
    return list(engagement.share_links.select_related("created_by")[:LINKS_SHOWN])
