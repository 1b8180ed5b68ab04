from django import template

from hireplan.models import Engagement

register = template.Library()


@register.filter
def get_step_title(steps: dict, slug: str) -> str:
    step = steps.get(slug)
    return step.title if step is not None else slug


@register.filter
def status_label(value: str) -> str:
    try:
        return Engagement.Status(value).label.lower()
    except ValueError:
        return value


@register.filter
def usd(value: int | None) -> str:
    if value is None:
        return "—"
    return f"−${abs(value):,}" if value < 0 else f"${value:,}"


@register.filter
def absolute(value: float | int | None) -> float | int | None:
    return None if value is None else abs(value)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key, key) if mapping else key
