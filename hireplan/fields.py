"""A form field's markup (label, widget, help, errors), a claim's source links, and a step's
summary rows.

These ran as included templates on every field of every step, and the includes cost more than
the widgets themselves (docs/performance.md); built in Python, the markup costs little beside
the widget. The widgets are still rendered by Django.
"""

from collections.abc import Iterable

from django.forms import BoundField
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

EMPTY = mark_safe("")
OPTIONAL = mark_safe(' <span class="optional">optional</span>')
# Beside the label of an answer Hireplan filled in (the quick plan) that nobody has confirmed:
# words, not a colour, and saying what confirms it.
SUGGESTED = mark_safe(
    ' <span class="suggested-badge" title="Filled in by Hireplan: saving this step confirms '
    'it">Suggested</span>'
)


def claim_links(claims: Iterable[str] | str | None) -> SafeString:
    """Each claim ID as a link to its entry on the guide's sources page."""
    if isinstance(claims, str):
        claims = claims.split()
    if not claims:
        return EMPTY
    guide = reverse("guide")
    links = format_html_join(
        "",
        '<a class="claim" href="{0}#claim-{1}" title="Source: guide claim {1}">{1}</a>',
        ((guide, claim) for claim in claims),
    )
    return format_html('<span class="claims">{}</span>', links)


def field_claims(field: BoundField) -> list[str]:
    """The claim IDs behind a field (StepForm.claims). The field's markup leaves them out: the
    {% field %} tag gathers them for the block's one "Sources" line ({% sources %})."""
    return list(getattr(field.field, "claims", None) or [])


def sources_line(claims: Iterable[str]) -> SafeString:
    """One "Sources: C12 C14" line for a block, each ID once, in the order first met."""
    unique = list(dict.fromkeys(claims))
    if not unique:
        return EMPTY
    return format_html(
        '<p class="sources"><span class="sources-label">Sources</span>{}</p>',
        claim_links(unique),
    )


def _errors(field: BoundField, errors_id: str) -> SafeString:
    if not field.errors:
        return EMPTY
    items = format_html_join("", "<li>{}</li>", ((error,) for error in field.errors))
    return format_html('<ul class="field-errors" id="{}">{}</ul>', errors_id, items)


def _help(field: BoundField, help_id: str) -> SafeString:
    if not field.help_text:
        return EMPTY
    return format_html('<p class="field-help" id="{}">{}</p>', help_id, field.help_text)


def _suggested(field: BoundField) -> SafeString:
    """The "Suggested" badge for an answer its form lists as suggested (`StepForm.suggested`)."""
    return SUGGESTED if field.name in getattr(field.form, "suggested", ()) else EMPTY


def render_field(field: BoundField, needed_for: str = "") -> SafeString:
    """A labelled field; choices as a fieldset. `needed_for` replaces "optional" for a
    question that applies only to some answers ("for hybrid").

    The help comes after the widget, so a long help text never pushes the input down below its
    neighbour's in a two-column row (the grids line the parts up, static/css/app.css)."""
    errors_id, help_id = f"{field.auto_id}_error", f"{field.auto_id}_helptext"
    has_error = " has-error" if field.errors else ""
    if needed_for:
        note = format_html(' <span class="optional">{}</span>', needed_for)
    else:
        note = EMPTY if field.field.required else OPTIONAL
    note = format_html("{}{}", note, _suggested(field))
    if field.use_fieldset:
        described = [help_id] if field.help_text else []
        described += [errors_id] if field.errors else []
        described_by = EMPTY
        if described:
            described_by = format_html(' aria-describedby="{}"', " ".join(described))
        choices = format_html_join(
            "",
            '<label class="choice" for="{}">{}<span>{}</span></label>',
            ((radio.id_for_label, radio.tag(), radio.choice_label) for radio in field),
        )
        return format_html(
            '<fieldset class="field field-choice{}"{}>\n'
            '  <legend class="field-label">{}{}</legend>\n'
            '  <div class="choices">{}</div>\n'
            "  {}\n"
            "  {}\n"
            "</fieldset>",
            has_error,
            described_by,
            field.label,
            note,
            choices,
            _help(field, help_id),
            _errors(field, errors_id),
        )
    return format_html(
        '<div class="field{}">\n'
        '  <label class="field-label" for="{}">{}{}</label>\n'
        "  {}\n"
        "  {}\n"
        "  {}\n"
        "</div>",
        has_error,
        field.id_for_label,
        field.label,
        note,
        field,  # the widget, as {{ field }} renders it (with a hidden initial if asked)
        _help(field, help_id),
        _errors(field, errors_id),
    )


def render_check(field: BoundField) -> SafeString:
    """A yes/no answer as one checkbox with its label beside it."""
    errors_id, help_id = f"{field.auto_id}_error", f"{field.auto_id}_helptext"
    return format_html(
        '<div class="field field-check{}">\n'
        '  <label class="check" for="{}">{}<span class="field-label">{}</span>{}</label>\n'
        "  {}\n"
        "  {}\n"
        "</div>",
        " has-error" if field.errors else "",
        field.id_for_label,
        field,
        field.label,
        _suggested(field),
        _help(field, help_id),
        _errors(field, errors_id),
    )


def render_summary_rows(rows: Iterable) -> SafeString:
    """A step's summary rows (hireplan/summary.py) as a description list, figures with their
    sources: the review step and the recruiter's page show them for every step."""
    items = format_html_join(
        "",
        "<div><dt>{}</dt><dd>{}{}</dd></div>",
        ((row.label, row.value, claim_links(row.claims)) for row in rows),
    )
    return format_html('<dl class="summary-rows">{}</dl>', items)
