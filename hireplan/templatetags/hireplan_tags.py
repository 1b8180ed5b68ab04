from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from hireplan.engine import text
from hireplan.fields import claim_links, render_check, render_field, render_summary_rows
from hireplan.models import Engagement
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
def status_label(value: str) -> str:
    try:
        return Engagement.Status(value).label.lower()
    except ValueError:
        return value


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


@register.simple_tag(name="field")
def field_tag(field: BoundField, needed_for: str = "") -> SafeString:
    """{% field form.name %}: label, sources, help, widget and errors of one field."""
    return render_field(field, needed_for)


@register.simple_tag(name="check_field")
def check_field_tag(field: BoundField) -> SafeString:
    """{% check_field form.name %}: a yes/no checkbox with its label beside it."""
    return render_check(field)
