"""The loop editor's view; the generic wizard views serve the steps, previews and saves.

Opening or closing a round, adding, removing, reordering or restoring rounds posts the whole
form here. Nothing is saved: the rounds come back rearranged with everything typed so far (a
closed round carries its values in hidden inputs), and only "Save and continue" stores them.
Without JavaScript the buttons post with `formaction` and get the whole page; with htmx they
swap the form and its live panel (the step's `work` partial).
"""

from django.http import HttpResponse, QueryDict
from django.views.decorators.http import require_POST

from hireplan import access, drafts
from hireplan.access import AuthenticatedRequest
from hireplan.engine.answers import COMPETING_OFFERS_MAX, CURRENT_GRANTS_MAX, LOOP_ROUNDS_MAX
from hireplan.forms import StepForm
from hireplan.models import Engagement
from hireplan.reference import load_reference
from hireplan.steps import Step
from hireplan.wizard import (
    locked_response,
    render_page,
    render_partial,
    step_context,
    validate,
    wants_partial,
)
from loops.forms import (
    ROWS_NOT_INTACT,
    CompetingForm,
    GrantForm,
    LoopForm,
    OfferForm,
    counts_intact,
)
from loops.loop import ROUND_FIELDS, edit_rounds, template_answers
from loops.steps import LOOP, OFFER, level_of

PREFIX = "rounds"


def read_rows(
    data: QueryDict, prefix: str, fields: tuple[str, ...], limit: int, lists: tuple[str, ...] = ()
) -> list[dict]:
    """A formset's rows exactly as posted (raw strings; `lists` hold several values), never
    more than `limit` however many the form says it holds. The views refuse a post whose counts
    are out of range first (`counts_intact`); the clamp here is only a second guard."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    rows = []
    for index in range(max(0, min(total, limit))):
        key = f"{prefix}-{index}-"
        row = {name: data.get(key + name, "") for name in fields}
        row |= {name: data.getlist(key + name) for name in lists}
        rows.append(row)
    return rows


def write_rows(rebuilt: QueryDict, prefix: str, rows: list[dict], fields: tuple[str, ...],
               lists: tuple[str, ...] = ()) -> None:  # fmt: skip
    """Puts rows into `rebuilt` numbered from 0, as the browser would post them."""
    rebuilt[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    rebuilt[f"{prefix}-INITIAL_FORMS"] = "0"
    for index, row in enumerate(rows):
        for name in fields:
            rebuilt[f"{prefix}-{index}-{name}"] = str(row.get(name, ""))
        for name in lists:
            rebuilt.setlist(f"{prefix}-{index}-{name}", list(row.get(name) or []))


def posted_rounds(data: QueryDict) -> list[dict]:
    return read_rows(data, PREFIX, ROUND_FIELDS, LOOP_ROUNDS_MAX, lists=("skills_tested",))


def as_post(data: QueryDict, rounds: list[dict]) -> QueryDict:
    """The form's data with the rounds renumbered, as the browser would post them."""
    rebuilt = QueryDict(mutable=True)
    for name in ("version", "spread", "spread_days"):
        if name in data:
            rebuilt[name] = data[name]
    write_rows(rebuilt, PREFIX, rounds, ROUND_FIELDS, lists=("skills_tested",))
    return rebuilt


def rows_not_intact(
    request: AuthenticatedRequest, engagement: Engagement, step: Step, form: StepForm
) -> HttpResponse:
    """An editor's answer to a post whose row counts are out of range (-1, 10**9, "abc"):
    the form as posted, with the form-level message the save gives, and nothing changed."""
    validate(step, form)  # adds "…did not arrive intact…" on top of the form
    context = step_context(
        engagement,
        step,
        form,
        editable=True,
        previewing=True,
        preview_incomplete=True,
        edit_status=ROWS_NOT_INTACT,
    )
    partial = "loops/edit_response.html" if step is LOOP else "loops/offer_edit_response.html"
    if wants_partial(request):
        return render_partial(request, partial, context)
    return render_page(request, step.template_name, context)


@require_POST
def loop_edit(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    engagement = access.get_engagement(request.user, engagement_id)
    if not access.can_edit(engagement):
        return locked_response(request, engagement, LOOP)

    if not counts_intact(request.POST, PREFIX, LOOP_ROUNDS_MAX):
        return rows_not_intact(request, engagement, LOOP, LoopForm(request.POST))
    template = template_answers(load_reference(), level_of(engagement.answers))["rounds"]
    edit = edit_rounds(
        posted_rounds(request.POST),
        request.POST.get("edit", ""),
        template=template,
        limit=LOOP_ROUNDS_MAX,
    )
    data = as_post(request.POST, edit.rounds)
    drafts.keep(engagement, request.user, LOOP, data)  # a round added or moved is typed work too
    # The live advice follows the edited rounds when they are complete; nothing is saved.
    answers = validate(LOOP, LoopForm(data))
    form = LoopForm(
        initial={
            "version": data.get("version") or engagement.version,
            "spread": data.get("spread") or None,
            "spread_days": data.get("spread_days") or None,
            "rounds": edit.rounds,
        }
    )
    if edit.open_row is not None:
        form.rounds.forms[edit.open_row].is_open = True
    if edit.focus_row is not None:
        row = form.rounds.forms[edit.focus_row]
        if edit.focus == "title":
            row.fields["title"].widget.attrs["autofocus"] = True
        else:
            row.focus_button = edit.focus
    context = step_context(
        engagement,
        LOOP,
        form,
        editable=True,
        answers=answers,
        previewing=True,
        preview_incomplete=answers is None,
        edit_status=edit.message,
        focus_add=edit.focus == "add" and edit.focus_row is None and bool(edit.message),
    )
    if wants_partial(request):
        return render_partial(request, "loops/edit_response.html", context)
    return render_page(request, LOOP.template_name, context)


# ----------------------------------------------------------------------------- offer step
# The offer step's repeating rows: (formset prefix, row fields, most rows, name for messages).
OFFER_ROWS = {
    "grants": (tuple(GrantForm.base_fields), CURRENT_GRANTS_MAX, "grant"),
    "competing": (tuple(CompetingForm.base_fields), COMPETING_OFFERS_MAX, "offer"),
}


def posted_rows(data: QueryDict, prefix: str) -> list[dict]:
    fields, limit, _ = OFFER_ROWS[prefix]
    return read_rows(data, prefix, fields, limit)


def edit_offer_rows(rows: dict[str, list[dict]], edit: str) -> tuple[str, str | None]:
    """Applies "add-grants", "remove-competing-1" and the like; returns the announcement and
    the id of the control to focus afterwards."""
    action, _, rest = edit.partition("-")
    prefix, _, index = rest.partition("-")
    if prefix not in OFFER_ROWS:
        return "", None
    fields, limit, noun = OFFER_ROWS[prefix]
    current = rows[prefix]
    if action == "add" and len(current) < limit:
        current.append(dict.fromkeys(fields, ""))
        row = len(current) - 1
        return f"{noun.capitalize()} {row + 1} added.", f"id_{prefix}-{row}-{fields[0]}"
    if action == "remove" and index.isdigit() and int(index) < len(current):
        del current[int(index)]
        return f"{noun.capitalize()} {int(index) + 1} removed.", f"add-{prefix}"
    return "", None


def rows_as_post(data: QueryDict, rows: dict[str, list[dict]]) -> QueryDict:
    """The form's data with the rows renumbered, as the browser would post them."""
    rebuilt = QueryDict(mutable=True)
    for name in OfferForm.base_fields:
        if name in data:
            rebuilt[name] = data[name]
    for prefix, items in rows.items():
        write_rows(rebuilt, prefix, items, OFFER_ROWS[prefix][0])
    return rebuilt


@require_POST
def offer_edit(request: AuthenticatedRequest, engagement_id: int) -> HttpResponse:
    """Adds or removes a current grant or a competing offer in place; nothing is saved."""
    engagement = access.get_engagement(request.user, engagement_id)
    if not access.can_edit(engagement):
        return locked_response(request, engagement, OFFER)

    if not all(counts_intact(request.POST, p, OFFER_ROWS[p][1]) for p in OFFER_ROWS):
        return rows_not_intact(request, engagement, OFFER, OfferForm(request.POST))
    rows = {prefix: posted_rows(request.POST, prefix) for prefix in OFFER_ROWS}
    message, focus = edit_offer_rows(rows, request.POST.get("edit", ""))
    data = rows_as_post(request.POST, rows)
    drafts.keep(engagement, request.user, OFFER, data)  # a row added or removed is work too
    # The live advice follows the edited rows when the whole form is sound.
    answers = validate(OFFER, OfferForm(data))
    initial = {name: data.get(name) for name in OfferForm.base_fields if name in data}
    initial["version"] = data.get("version") or engagement.version
    initial["current_grants"] = rows["grants"]
    initial["competing_offers"] = rows["competing"]
    form = OfferForm(initial=initial)
    focus_add = None
    if focus and focus.startswith("id_"):
        prefix, index, name = focus.removeprefix("id_").split("-")
        formset = form.grants if prefix == "grants" else form.competing
        formset.forms[int(index)].fields[name].widget.attrs["autofocus"] = True
    else:
        focus_add = focus
    context = step_context(
        engagement,
        OFFER,
        form,
        editable=True,
        answers=answers,
        previewing=True,
        preview_incomplete=answers is None,
        edit_status=message,
        focus_add=focus_add,
    )
    if wants_partial(request):
        return render_partial(request, "loops/offer_edit_response.html", context)
    return render_page(request, OFFER.template_name, context)
