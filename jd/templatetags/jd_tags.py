from django import template

from jd.panel import Panel, panel_for

register = template.Library()


@register.simple_tag(takes_context=True)
def jd_panel(context: template.Context) -> Panel:
    """`{% jd_panel as panel %}`: the check, preview and history for the step's form."""
    return panel_for(context["engagement"], context.get("form"), context.get("plan"))


@register.filter
def jd_advice(findings: list, panel: Panel) -> list:
    """`findings|jd_advice:panel`: the step's advice without repeats of the JD check."""
    return panel.advice(findings)
